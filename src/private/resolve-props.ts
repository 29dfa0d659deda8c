import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ArnContext } from './arns';
import { TrainingRoleError } from './errors';
import { keyArnOf } from './keys';
import { ResolvedLocation, resolveLocation } from './locations';
import { resolveNetwork } from './network';
import { DebugOutputs, ResolvedKey, ResolvedRepository, ResolvedRoleProps } from './resolved-role-props';
import { SageMakerTrainingRoleProps } from '../training-role-props';
import { TrainingS3Location } from '../training-s3-location';

/**
 * The props with their defaults applied, every resource turned into the values a policy names.
 * Values that cannot be turned into one are refused here (a prefix IAM cannot express, an alias
 * instead of a key, two output keys, a VPC selection SageMaker refuses); everything that compares
 * resolved values is in `checks/`.
 */
export function resolveRoleProps(scope: Construct, ctx: ArnContext, props: SageMakerTrainingRoleProps): ResolvedRoleProps {
  const inputs = (props.inputBuckets ?? []).map((l, i) => resolveLocation(ctx, `inputBuckets[${i}]`, l));
  const output = resolveLocation(ctx, 'outputBucket', props.outputBucket);
  const optional = (prop: string, l?: TrainingS3Location) => (l ? resolveLocation(ctx, prop, l) : undefined);
  const checkpoint = optional('checkpointBucket', props.checkpointBucket);
  const sourceCode = optional('sourceCodeLocation', props.sourceCodeLocation);
  const debugOutputs: DebugOutputs = {
    tensorBoard: optional('tensorBoardOutput', props.tensorBoardOutput),
    debugHook: optional('debugHookOutput', props.debugHookOutput),
    profiler: optional('profilerOutput', props.profilerOutput),
    rules: props.debuggerRules ?? false,
  };
  const locations = [inputs, output, checkpoint, sourceCode, debugOutputs.tensorBoard, debugOutputs.debugHook, debugOutputs.profiler]
    .flat()
    .filter((l): l is ResolvedLocation => l !== undefined);

  const locationKeyArns = (...located: (ResolvedLocation | undefined)[]) => distinct(ctx, located
    .flatMap((l) => (l?.key ? [keyArnOf(`${l.prop}.encryptionKey`, l.key)] : [])));
  const keys: ResolvedKey[] = [
    ...locations.flatMap((l) => (l.key ? [{ prop: `${l.prop}.encryptionKey`, key: l.key }] : [])),
    ...(props.outputKmsKey ? [{ prop: 'outputKmsKey', key: props.outputKmsKey }] : []),
    ...(props.volumeKmsKey ? [{ prop: 'volumeKmsKey', key: props.volumeKmsKey }] : []),
  ];

  const repositories: ResolvedRepository[] = [
    ...(props.ecrRepositories ?? []).map((repository, i) => ({ prop: `ecrRepositories[${i}]`, repository })),
    ...(props.trainingImages ?? []).flatMap((image, i) => {
      const repository = image.bind(scope).repository;
      return repository ? [{ prop: `trainingImages[${i}]`, repository }] : [];
    }),
  ];

  return {
    inputs,
    output,
    checkpoint,
    sourceCode,
    debugOutputs,
    locations,
    inputKeyArns: locationKeyArns(...inputs),
    outputKeyArn: outputKeyArn(props),
    volumeKeyArn: props.volumeKmsKey ? keyArnOf('volumeKmsKey', props.volumeKmsKey) : undefined,
    checkpointKeyArn: checkpoint?.key ? keyArnOf('checkpointBucket.encryptionKey', checkpoint.key) : undefined,
    sourceCodeKeyArns: locationKeyArns(sourceCode),
    debugOutputKeyArns: locationKeyArns(debugOutputs.tensorBoard, debugOutputs.debugHook, debugOutputs.profiler),
    keys,
    repositoryArns: distinct(ctx, [
      ...(props.ecrRepositories ?? []).map((r) => r.repositoryArn),
      ...(props.trainingImages ?? []).map((image) => image.bind(scope).repositoryArn),
    ]),
    repositories,
    network: resolveNetwork(props),
    jobNamePrefix: props.trainingJobNamePrefix,
    remoteDebugging: props.remoteDebugging ?? false,
    fsxFileSystemCount: (props.fsxFileSystems ?? []).length,
    efsFileSystemArns: distinct(ctx, (props.efsFileSystems ?? []).map((f) => f.fileSystemArn)),
    registryCredentialsProviderArn: props.registryCredentialsProvider?.functionArn,
    sdkPreflightCompatibility: props.sdkPreflightCompatibility ?? false,
    outputKeyThroughSageMaker: props.outputKeyThroughSageMaker ?? true,
    networkInterfacePermissionDeletionOnAnyResource: props.networkInterfacePermissionDeletionOnAnyResource ?? false,
  };
}

/**
 * SageMaker encrypts artifacts with `OutputDataConfig.KmsKeyId`; without one, S3 applies the
 * bucket's default key. Two different keys would leave one of them unexplained, so they must agree.
 */
function outputKeyArn(props: SageMakerTrainingRoleProps): string | undefined {
  const locationKey = props.outputBucket.encryptionKey ?? props.outputBucket.bucket.encryptionKey;
  // Only keys known to differ are refused: unresolved ARNs that cannot be compared are taken as
  // the same key, since SageMaker encrypts the artifacts with outputKmsKey either way.
  if (props.outputKmsKey && locationKey && props.outputKmsKey !== locationKey
    && differentKeys(props.outputKmsKey, locationKey)) {
    throw new TrainingRoleError('outputKmsKey', props.outputKmsKey.keyArn,
      `SageMaker encrypts the model artifacts with OutputDataConfig.KmsKeyId only, but outputBucket names another key (${locationKey.keyArn}). Give one key: set outputKmsKey to the output location's key, or leave it out to use that key.`);
  }
  const key = props.outputKmsKey ?? locationKey;
  return key ? keyArnOf(props.outputKmsKey ? 'outputKmsKey' : 'outputBucket.encryptionKey', key) : undefined;
}

/**
 * Whether two keys are known to differ: different literal ARNs, or a key created in the app and
 * any other key (a new key has an ARN nothing else has). Two parameters or imported values that
 * are not the same value cannot be compared: unknown, not different.
 */
function differentKeys(a: kms.IKey, b: kms.IKey): boolean {
  const comparison = Token.compareStrings(a.keyArn, b.keyArn);
  if (comparison === TokenComparison.SAME || comparison === TokenComparison.DIFFERENT) {
    return comparison === TokenComparison.DIFFERENT;
  }
  const created = (key: kms.IKey) => {
    const resolved = Token.isUnresolved(key.keyArn) ? Stack.of(key).resolve(key.keyArn) : undefined;
    return resolved && resolved['Fn::GetAtt'] ? JSON.stringify(resolved) : undefined;
  };
  const [x, y] = [created(a), created(b)];
  return (x !== undefined || y !== undefined) && x !== y;
}

function distinct(ctx: ArnContext, values: string[]): string[] {
  const byKey = new Map<string, string>();
  for (const v of values) {
    byKey.set(ctx.stableKey(v), v);
  }
  return [...byKey.values()];
}
