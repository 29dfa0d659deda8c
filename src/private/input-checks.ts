import { Annotations, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { ArnContext, s3BucketArn } from './arns';
import { problemText, TrainingRoleError } from './errors';
import { Grant } from './grant';
import { checkKeyRegion } from './keys';
import { bucketNameProblem, isLegacyBucketName, isResolvedLocation, ResolvedLocation } from './locations';
import { renderStatements } from './render';
import { prefixProblem, prefixWarning } from './s3-prefix';
// A cycle with training-config.ts, which calls `checkInputs`: both are used only inside functions.
import { TrainingConfig, trainingGrants } from './training-config';
import { SAGEMAKER_SERVICE_PRINCIPAL } from '../permissions/trust';
import { SageMakerTrainingRoleProps } from '../training-role';
import { DLC_ACCOUNTS } from './dlc-accounts';

/** The prefix of this library's warning ids. */
const WARNING = 'cdk-sagemaker-training-role';

/**
 * The checks that look at several props together, and the warnings about input that is legal
 * but risky. Returns the configuration unchanged, so that `resolveTrainingConfig` can end with
 * `return checkInputs(...)`.
 *
 * Error or warning, and why:
 * - A key, bucket or repository in another region: error. SageMaker works in the job's region
 *   only (buckets: "BucketRegionError: bucket must be in the same region as the job"; images:
 *   "Cross region ECR image pulls are not allowed"), and KMS keys are regional.
 * - A bucket, key or repository in another account: warning. It works once the resource's own
 *   policy also allows the role (and, for ECR, SageMaker); the warning gives the exact statements.
 * - An image URI or an invalid name given as an ECR repository: error. The grant would name a
 *   repository that cannot exist.
 * - The checkpoint location overlapping the output, or covering an input: error. SageMaker copies
 *   the whole checkpoint prefix into each job and mirrors deletions back to S3, so the role would
 *   need delete on model artifacts or training data, and checkpoint sync could destroy them.
 * - An input covering the output or the checkpoints, the output covering an input: warning. The
 *   role then reads (or writes) part of another location, which is legal and sometimes wanted
 *   (incremental training reads an earlier job's artifacts), but often a slip.
 * - The same input location twice: warning. It is granted once; the duplicate is likely a slip.
 * - A bucket name only legacy buckets can have (upper case, `_`): warning.
 * - A `.` or `..` segment in a prefix: warning. S3 keys may hold them; many clients resolve them.
 * - Values that are unresolved now but known at synthesis (`Lazy`): checked again then.
 */
export function checkInputs(scope: Construct, ctx: ArnContext, props: SageMakerTrainingRoleProps, config: TrainingConfig): TrainingConfig {
  const locations = allLocations(config);
  const keys = keysOf(props, locations);
  for (const [prop, key] of keys) {
    checkKeyRegion(ctx, prop, key);
  }
  for (const [prop, repository] of repositoriesOf(scope, props)) {
    checkRepository(ctx, prop, repository);
  }
  checkCheckpointOverlaps(config);

  warnAboutOverlaps(scope, config);
  warnAboutLegacyNames(scope, locations);
  warnAboutDotSegments(scope, locations);
  warnAboutOtherAccounts(scope, ctx, props, config, locations, keys);
  checkWhenKnown(scope, locations);
  return config;
}

/**
 * Checks the props the construct passes to `iam.Role`, before it does, so that the message names
 * the prop, shows the value and says what IAM allows (IAM `CreateRole`).
 */
export function checkRoleProps(props: Pick<SageMakerTrainingRoleProps, 'roleName' | 'path' | 'maxSessionDuration'>): void {
  const { roleName, path, maxSessionDuration } = props;
  if (roleName !== undefined && !Token.isUnresolved(roleName) && !/^[\w+=,.@-]{1,64}$/.test(roleName)) {
    throw new TrainingRoleError('roleName', roleName,
      'IAM role names are 1 to 64 characters: letters, digits and + = , . @ _ -.');
  }
  if (path !== undefined && !Token.isUnresolved(path) && (path.length > 512 || !/^(\/|\/[\u0021-\u007f]+\/)$/.test(path))) {
    throw new TrainingRoleError('path', path,
      'an IAM path is "/" alone, or starts and ends with "/" with printable ASCII characters between, at most 512 in all; for example "/ml/training/".');
  }
  if (maxSessionDuration !== undefined) {
    let seconds: number;
    try {
      seconds = maxSessionDuration.toSeconds({ integral: false });
    } catch {
      // A duration of unresolved hours or minutes cannot be converted: IAM checks it at deployment.
      return;
    }
    if (!Token.isUnresolved(seconds) && (!Number.isInteger(seconds) || seconds < 3600 || seconds > 43200)) {
      throw new TrainingRoleError('maxSessionDuration', maxSessionDuration.toHumanString(),
        'IAM allows a maximum session duration from 1 to 12 hours, in whole seconds (3600 to 43200).');
    }
  }
}

/** Every location of the configuration, including ones added to it later. */
function allLocations(config: TrainingConfig): ResolvedLocation[] {
  const found: ResolvedLocation[] = [];
  const visit = (value: unknown, depth: number) => {
    if (isResolvedLocation(value)) {
      found.push(value);
    } else if (Array.isArray(value)) {
      value.forEach((v) => visit(v, depth));
    } else if (depth > 0 && typeof value === 'object' && value !== null) {
      Object.values(value).forEach((v) => visit(v, depth - 1));
    }
  };
  visit(config, 2);
  return found;
}

/** Every key of the props, with the prop it was given as. */
function keysOf(props: SageMakerTrainingRoleProps, locations: ResolvedLocation[]): [string, kms.IKey][] {
  const keys: [string, kms.IKey][] = [];
  for (const l of locations) {
    if (l.key) {
      keys.push([`${l.prop}.encryptionKey`, l.key]);
    }
  }
  if (props.outputKmsKey) {
    keys.push(['outputKmsKey', props.outputKmsKey]);
  }
  if (props.volumeKmsKey) {
    keys.push(['volumeKmsKey', props.volumeKmsKey]);
  }
  return keys;
}

/** ECR's rule for repository names (2 to 256 characters). */
const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** An image URI: `<account>.dkr.ecr.<region>.<domain>/<name>[:tag|@digest]`. */
const IMAGE_URI = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.[a-z0-9.]+\/([^:@]+)(?:[:@].*)?$/;

function checkRepository(ctx: ArnContext, prop: string, repository: ecr.IRepository): void {
  const name = repository.repositoryName;
  if (!Token.isUnresolved(name)) {
    const image = IMAGE_URI.exec(name);
    if (image || /[:@]|\.dkr\.ecr\./.test(name)) {
      const which = image ? ` "${image[3]}" of account ${image[1]} in ${image[2]}` : '';
      throw new TrainingRoleError(prop, name,
        `an image URI is not a repository: give the repository${which} (ecr.Repository.fromRepositoryArn with its repository ARN, or fromRepositoryName in the role's own account and region). The role may pull every tag and digest of the repositories it is given.`);
    }
    if (name.length < 2 || name.length > 256 || !ECR_REPOSITORY_NAME.test(name)) {
      throw new TrainingRoleError(prop, name,
        'ECR repository names are 2 to 256 lower case letters, digits and "._-/" separators, for example "training/pytorch".');
    }
  }
  const region = repository.env?.region;
  if (region !== undefined && Token.compareStrings(region, ctx.region) === TokenComparison.DIFFERENT) {
    throw new TrainingRoleError(prop, repository.repositoryArn,
      `SageMaker pulls training images only from ECR in the training job's region (CreateTrainingJob refuses the image: "Cross region ECR image pulls are not allowed"); this repository is in ${region}, the role's stack in ${ctx.region}. Replicate the repository to ${ctx.region} (ECR replication) and give that one.`);
  }
}

/** `s3://<bucket>/<prefix>`, as the request names a location. */
function uri(l: ResolvedLocation): string {
  return `s3://${l.bucketName}/${l.prefix}`;
}

/** Whether `outer` covers every key of `inner` (same bucket, `inner`'s prefix starts with `outer`'s). */
function covers(outer: ResolvedLocation, inner: ResolvedLocation): boolean {
  return outer.bucketKey === inner.bucketKey && !Token.isUnresolved(outer.prefix) && !Token.isUnresolved(inner.prefix)
    && inner.prefix.startsWith(outer.prefix);
}

function checkCheckpointOverlaps(config: TrainingConfig): void {
  const checkpoint = config.checkpoint;
  if (!checkpoint) {
    return;
  }
  if (covers(checkpoint, config.output) || covers(config.output, checkpoint)) {
    throw new TrainingRoleError('checkpointBucket', uri(checkpoint),
      `the checkpoint location overlaps the output location (${uri(config.output)}): SageMaker copies everything under the checkpoint prefix into each job and mirrors deletions back to S3, so checkpoint sync could delete or overwrite model artifacts, and the role would need to delete them. Give checkpoints and output separate prefixes, for example "checkpoints/" and "models/".`);
  }
  config.inputs.forEach((input, i) => {
    if (covers(checkpoint, input)) {
      throw new TrainingRoleError('checkpointBucket', uri(checkpoint),
        `the checkpoint location covers the input location inputBuckets[${i}] (${uri(input)}): SageMaker mirrors deletions in the checkpoint directory back to S3, so the role would need to write and delete training data. Give checkpoints a prefix outside every input.`);
    }
  });
  // The other read-only or write-only locations: the checkpoint grants would add write and
  // delete on the training code, or read and delete on debugging output.
  const others: [string, ResolvedLocation | undefined][] = [
    ['sourceCodeLocation', config.sourceCode],
    ['tensorBoardOutput', config.debugOutputs.tensorBoard],
    ['debugHookOutput', config.debugOutputs.debugHook],
    ['profilerOutput', config.debugOutputs.profiler],
  ];
  for (const [prop, location] of others) {
    if (location && (covers(checkpoint, location) || covers(location, checkpoint))) {
      throw new TrainingRoleError('checkpointBucket', uri(checkpoint),
        `the checkpoint location overlaps ${prop} (${uri(location)}): SageMaker mirrors deletions in the checkpoint directory back to S3, so the role would need to write and delete there too. Give checkpoints a prefix of their own.`);
    }
  }
}

function warn(scope: IConstruct, id: string, prop: string, value: unknown, text: string): void {
  Annotations.of(scope).addWarningV2(`${WARNING}:${id}`, problemText(prop, value, text));
}

function warnAboutOverlaps(scope: IConstruct, config: TrainingConfig): void {
  const { inputs, output, checkpoint } = config;
  inputs.forEach((input, i) => {
    const prop = `inputBuckets[${i}]`;
    const first = inputs.findIndex((other) => other.bucketKey === input.bucketKey && other.prefix === input.prefix);
    if (first < i) {
      warn(scope, 'DuplicateLocation', prop, uri(input),
        `the same location as inputBuckets[${first}]; it is granted once. Remove one of them.`);
      return;
    }
    if (covers(input, output)) {
      warn(scope, 'OutputInsideInput', prop, uri(input),
        `the input location covers the output location (${uri(output)}): the role may read what training jobs write there, and each job's model artifacts become training data of the next. This is allowed; give the output a prefix outside the inputs unless jobs should read earlier artifacts.`);
    } else if (covers(output, input)) {
      warn(scope, 'InputInsideOutput', prop, uri(input),
        `the input location lies within the output location (${uri(output)}): the role may write (s3:PutObject) where it reads. This is allowed (incremental training reads an earlier job's artifacts); SageMaker itself writes only under <output>/<job name>/.`);
    }
    if (checkpoint && covers(input, checkpoint)) {
      warn(scope, 'CheckpointInsideInput', prop, uri(input),
        `the input location covers the checkpoint location (${uri(checkpoint)}): the job reads checkpoints as training data. This is allowed; give checkpoints a prefix outside the inputs to keep the data apart.`);
    }
  });
}

function warnAboutLegacyNames(scope: IConstruct, locations: ResolvedLocation[]): void {
  const seen = new Set<string>();
  for (const l of locations) {
    if (isLegacyBucketName(l.bucketName) && !seen.has(l.bucketName)) {
      seen.add(l.bucketName);
      warn(scope, 'LegacyBucketName', `${l.prop}.bucket`, l.bucketName,
        'upper case letters and "_" are valid only in the names of legacy buckets (created in us-east-1 before March 1, 2018), which cannot be addressed by virtual-hosted-style requests, the default of AWS SDKs. Check the name; bucket names are lower case.');
    }
  }
}

function warnAboutDotSegments(scope: IConstruct, locations: ResolvedLocation[]): void {
  for (const l of locations) {
    const text = prefixWarning(l.prefix);
    if (text !== undefined) {
      warn(scope, 'DotSegmentInPrefix', `${l.prop}.prefix`, l.prefix, text);
    }
  }
}

/** The role's ARN, for the statements of a resource policy. */
function roleArnOf(scope: IConstruct): string {
  return 'roleArn' in scope ? (scope as unknown as { roleArn: string }).roleArn : '<the role ARN>';
}

/** The statements of `grants` restricted to `resources`, as a resource policy grants them to the role. */
function forRole(ctx: ArnContext, scope: IConstruct, grants: Grant[], matches: (resource: string) => boolean, resource?: string): unknown[] {
  const kept = grants
    .map((g) => ({ ...g, resources: g.resources.filter(matches) }))
    .filter((g) => g.resources.length > 0);
  return renderStatements(kept, ctx.stableKey).map(({ Sid, Effect, Action, Resource, Condition }) => ({
    Sid: `${Sid}ForTrainingRole`,
    Effect,
    Principal: { AWS: roleArnOf(scope) },
    Action,
    Resource: resource ?? Resource,
    ...(Condition ? { Condition } : {}),
  }));
}

function otherAccount(ctx: ArnContext, account: string | undefined): account is string {
  return account !== undefined && Token.compareStrings(account, ctx.account) === TokenComparison.DIFFERENT;
}

function warnAboutOtherAccounts(scope: IConstruct, ctx: ArnContext, props: SageMakerTrainingRoleProps, config: TrainingConfig,
  locations: ResolvedLocation[], keys: [string, kms.IKey][]): void {
  let grants: Grant[] | undefined;
  const allGrants = () => (grants ??= trainingGrants(ctx, config));

  const buckets = new Set<string>();
  for (const l of locations) {
    const account = l.bucket?.env?.account;
    if (!otherAccount(ctx, account) || buckets.has(l.bucketKey)) {
      continue;
    }
    buckets.add(l.bucketKey);
    const bucketArn = s3BucketArn(ctx, l.bucketName);
    const statements = forRole(ctx, scope, allGrants(), (r) => r === bucketArn || r.startsWith(`${bucketArn}/`));
    warn(scope, 'CrossAccountBucket', `${l.prop}.bucket`, l.bucketName,
      `the bucket belongs to account ${account}, not the role's (${ctx.account}), so its bucket policy must allow the role too. Add to the bucket policy of ${l.bucketName}: ${JSON.stringify(statements)}`);
  }

  const keyArns = new Set<string>();
  for (const [prop, key] of keys) {
    const account = key.env?.account;
    const arn = key.keyArn;
    if (!otherAccount(ctx, account) || keyArns.has(ctx.stableKey(arn))) {
      continue;
    }
    keyArns.add(ctx.stableKey(arn));
    // In a key policy, "Resource": "*" means the key itself.
    const statements = forRole(ctx, scope, allGrants(), (r) => r === arn, '*');
    warn(scope, 'CrossAccountKey', prop, arn,
      `the key belongs to account ${account}, not the role's (${ctx.account}), so its key policy must allow the role too. Add to the key policy: ${JSON.stringify(statements)}`);
  }

  for (const [prop, repository] of repositoriesOf(scope, props)) {
    const account = repository.env?.account;
    // AWS's Deep Learning Containers repositories already admit every account.
    if (!otherAccount(ctx, account) || Object.values(DLC_ACCOUNTS).includes(account!)) {
      continue;
    }
    const pull = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
    const statements = [
      { Sid: 'AllowSageMakerPull', Effect: 'Allow', Principal: { Service: SAGEMAKER_SERVICE_PRINCIPAL }, Action: pull },
      { Sid: 'AllowTrainingRolePull', Effect: 'Allow', Principal: { AWS: roleArnOf(scope) }, Action: pull },
    ];
    warn(scope, 'CrossAccountRepository', prop, repository.repositoryArn,
      `the repository belongs to account ${account}, not the role's (${ctx.account}), so its repository policy must allow the pull too: by SageMaker (which otherwise fails the job with "does not grant ... permission to sagemaker.amazonaws.com service principal") and by the role. Add to the repository policy of ${repository.repositoryName}: ${JSON.stringify(statements)}`);
  }
}

/** The repositories the role pulls from, each with the prop that names it. */
function repositoriesOf(scope: Construct, props: SageMakerTrainingRoleProps): [string, ecr.IRepository][] {
  const given: [string, ecr.IRepository][] = (props.ecrRepositories ?? []).map((r, i) => [`ecrRepositories[${i}]`, r]);
  const images: [string, ecr.IRepository][] = (props.trainingImages ?? []).flatMap((image, i) => {
    const repository = image.bind(scope).repository;
    return repository ? [[`trainingImages[${i}]`, repository] as [string, ecr.IRepository]] : [];
  });
  return [...given, ...images];
}

/**
 * Prefixes and bucket names that are unresolved now may be known at synthesis (`Lazy` values):
 * they are checked then, with the same rules. Parameters and references stay unresolved and are
 * accepted.
 */
function checkWhenKnown(scope: IConstruct, locations: ResolvedLocation[]): void {
  const late = locations.filter((l) => Token.isUnresolved(l.prefix) || Token.isUnresolved(l.bucketName));
  if (late.length === 0) {
    return;
  }
  scope.node.addValidation({
    validate: () => {
      const stack = Stack.of(scope);
      const errors: string[] = [];
      for (const l of late) {
        const prefix = stack.resolve(l.prefix);
        const prefixIssue = typeof prefix === 'string' && Token.isUnresolved(l.prefix) ? prefixProblem(prefix) : undefined;
        if (prefixIssue !== undefined) {
          errors.push(problemText(`${l.prop}.prefix`, prefix, prefixIssue));
        }
        const name = stack.resolve(l.bucketName);
        const nameIssue = typeof name === 'string' && Token.isUnresolved(l.bucketName) ? bucketNameProblem(name) : undefined;
        if (nameIssue !== undefined) {
          errors.push(problemText(`${l.prop}.bucket`, name, nameIssue));
        }
      }
      return errors;
    },
  });
}
