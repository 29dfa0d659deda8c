import { Parsed, str, strs } from './args';
import {
  checkAccount, checkId, checkPartition, checkRegion, formatS3Uri, kmsKeyArn, parseEcrImage, partitionOfRegion,
  parseS3Uri, repositoryArn, S3Uri,
} from './aws-names';
import { UsageError } from './io';
import { jobEnvironment, JobSpec } from './job';
import { detectLayouts } from './launcher-layouts';
import { prefixProblem } from './library';
import { Environment, LocationSpec, RoleSpec } from './synth';

/** The options that describe a job, shared by `policy` and `diagnose`. */
export const ROLE_OPTIONS = {
  'input': { type: 'string', multiple: true },
  'input-key': { type: 'string', multiple: true },
  'output': { type: 'string' },
  'output-key': { type: 'string' },
  'checkpoint': { type: 'string' },
  'checkpoint-key': { type: 'string' },
  'code': { type: 'string' },
  'model-dir': { type: 'string' },
  'tensorboard': { type: 'string' },
  'debug-hook': { type: 'string' },
  'profiler': { type: 'string' },
  'volume-key': { type: 'string' },
  'image': { type: 'string', multiple: true },
  'vpc': { type: 'string' },
  'subnet': { type: 'string', multiple: true },
  'security-group': { type: 'string', multiple: true },
  'account': { type: 'string' },
  'region': { type: 'string' },
  'partition': { type: 'string' },
} as const;

export const ROLE_OPTIONS_HELP = `Job description (flags add to, or replace, what --from-job/--job gives):
  --input S3URI           data the job reads (repeatable); the key prefix is matched literally,
                          as SageMaker's S3Prefix is: end it with / to mean one folder
  --input-key KEY         SSE-KMS key of the inputs (repeatable: one key for every input,
                          or one per --input in the same order)
  --output S3URI          where the model artifacts go (OutputDataConfig.S3OutputPath)
  --output-key KEY        OutputDataConfig.KmsKeyId
  --checkpoint S3URI      CheckpointConfig.S3Uri
  --checkpoint-key KEY    SSE-KMS key of the checkpoint location
  --code S3URI            the training code (script mode's sourcedir.tar.gz): read-only, and
                          denied writes when the role writes in its bucket. From --from-job:
                          HyperParameters.sagemaker_submit_directory, or the code and
                          sm_drivers channels of SDK v3 ModelTrainer, in the SDK's layout
  --model-dir S3URI       TensorFlow's model_dir (read, write, delete there; GetBucketLocation).
                          From --from-job: HyperParameters.model_dir; the SDK's default
                          <output>/<job name>/model becomes every job's model folder
  --tensorboard S3URI     TensorBoardOutputConfig.S3OutputPath     (from --from-job: written
  --debug-hook S3URI      DebugHookConfig.S3OutputPath              only when not under the
  --profiler S3URI        ProfilerConfig.S3OutputPath               output path)
  --volume-key KEY        ResourceConfig.VolumeKmsKeyId
  --image URI             ECR training image (repeatable):
                          <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]
  --vpc VPC-ID            the VPC of the subnets (VpcConfig names subnets only)
  --subnet SUBNET-ID      VpcConfig.Subnets (repeatable)
  --security-group SG-ID  VpcConfig.SecurityGroupIds (repeatable)
  --account ID            default: the account of the job's RoleArn
  --region REGION         default: the region of the job's TrainingJobArn, else of the image
  --partition NAME        default: the partition of the RoleArn, else of the region`;

export const ROLE_NOTES_HELP = `KEY is a key ARN (arn:<partition>:kms:<region>:<account>:key/<id>) or a key id; aliases are
refused. Output and checkpoint paths are folders: SageMaker writes below <path>/, so
s3://b/models grants b/models/* (not b/models-old/*).`;

export interface CollectedSpec {
  readonly spec: RoleSpec;
  /** What the role does not cover, or choices the CLI made, for stderr. */
  readonly notes: string[];
}

/** The account, region and partition from flags, else from the job. */
export function environmentOf(values: Parsed['values'], job: JobSpec | undefined, required: true): Environment;
export function environmentOf(values: Parsed['values'], job: JobSpec | undefined, required: false): Partial<Environment>;
export function environmentOf(values: Parsed['values'], job: JobSpec | undefined, required: boolean): Partial<Environment> {
  const fromJob = job ? jobEnvironment(job) : {};
  const images = [...(job?.images ?? []), ...strs(values, 'image')].map(parseEcrImage).filter((i) => i !== undefined);
  const flagAccount = str(values, 'account');
  const flagRegion = str(values, 'region');
  const flagPartition = str(values, 'partition');
  const account = flagAccount !== undefined ? checkAccount(flagAccount, '--account') : fromJob.account;
  const region = flagRegion !== undefined ? checkRegion(flagRegion, '--region') : fromJob.region ?? images[0]?.region;
  const partition = flagPartition !== undefined ? checkPartition(flagPartition, '--partition')
    : fromJob.partition ?? (region ? partitionOfRegion(region) : undefined);
  if (required && account === undefined) {
    throw new UsageError(`give --account: ${job ? `the job file ${job.file} has no RoleArn to take it from` : 'the role\'s account is needed for its ARNs and the trust policy'}`);
  }
  if (required && region === undefined) {
    throw new UsageError(`give --region: ${job ? `the job file ${job.file} has no TrainingJobArn and no ECR image to take it from` : 'the job\'s region is needed for its ARNs'}`);
  }
  return { account, region, partition };
}

/** Builds the construct's inputs from flags and an optional job, checking every value. */
export function collectRoleSpec(values: Parsed['values'], job: JobSpec | undefined, maxManagedPolicies?: number): CollectedSpec {
  const env = environmentOf(values, job, true);
  const notes: string[] = [...(job?.notes ?? [])];

  const outputFlag = str(values, 'output');
  const output = outputFlag !== undefined ? parseS3Uri(outputFlag, '--output') : job?.output;
  if (!output) {
    throw new UsageError(job
      ? `give --output: the job file ${job.file} has no OutputDataConfig.S3OutputPath`
      : '--output is required: where the job writes its model artifacts (OutputDataConfig.S3OutputPath), e.g. --output s3://bucket/models/');
  }
  const outputLocation: LocationSpec = { bucket: output.bucket, prefix: folder(output) };

  // The SDK's layouts: the code and model_dir of every job of this launcher, not only this one.
  const detected = job ? detectLayouts(job, outputLocation) : { claimed: [], notes: [] as string[] };
  notes.push(...detected.notes);
  const codeFlag = str(values, 'code');
  const trainingCode: RoleSpec['trainingCode'] = codeFlag !== undefined
    ? { layout: 'location', location: locationOf(s3Flag(codeFlag, '--code')) }
    : detected.trainingCode;
  const modelDirFlag = str(values, 'model-dir');
  const modelDir: RoleSpec['modelDir'] = modelDirFlag !== undefined
    ? { underOutput: false, location: { ...locationOf(s3Flag(modelDirFlag, '--model-dir')), prefix: folder(s3Flag(modelDirFlag, '--model-dir')) } }
    : detected.modelDir;
  const claimed = new Set(detected.claimed.map((u) => formatS3Uri(u)));

  const inputUris: S3Uri[] = [
    ...(job?.inputs ?? [])
      .filter((i) => !(i.code && trainingCode) && !claimed.has(formatS3Uri(i.uri)))
      .map((i) => i.uri),
    ...strs(values, 'input').map((v) => parseS3Uri(v, '--input')),
  ];
  const inputKeys = strs(values, 'input-key').map((k) => kmsKeyArn(k, '--input-key', env));
  if (inputKeys.length > 1 && inputKeys.length !== inputUris.length) {
    throw new UsageError(`--input-key: give one key for every input, or one per input in order; got ${inputKeys.length} keys for ${inputUris.length} inputs`);
  }
  if (inputKeys.length > 0 && inputUris.length === 0) {
    throw new UsageError('--input-key: there is no input to apply it to; give --input');
  }
  const inputs: LocationSpec[] = inputUris.map((uri, i) => ({
    bucket: uri.bucket,
    prefix: uri.key,
    keyArn: inputKeys.length === 1 ? inputKeys[0] : inputKeys[i],
  }));

  // TensorBoard, Debugger and Profiler outputs: SageMaker writes them under <path>/<job name>/;
  // under the output path (the SDK's default for the hook and the profiler, estimator.py:1193-1266)
  // the output grant already covers them, unless rules read them back.
  const debuggerRules = job?.debuggerRules ?? false;
  const debugOutput = (flag: string, fromJob: S3Uri | undefined, readByRules: boolean): LocationSpec | undefined => {
    const value = str(values, flag);
    const uri = value !== undefined ? s3Flag(value, `--${flag}`) : fromJob;
    if (!uri) {
      return undefined;
    }
    const l: LocationSpec = { bucket: uri.bucket, prefix: folder(uri) };
    const underOutput = l.bucket === outputLocation.bucket && l.prefix.startsWith(outputLocation.prefix);
    return value === undefined && underOutput && !(readByRules && debuggerRules) ? undefined : l;
  };

  const outputKey = str(values, 'output-key') ?? job?.outputKey;
  const volumeKey = str(values, 'volume-key') ?? job?.volumeKey;
  const checkpointFlag = str(values, 'checkpoint');
  const checkpoint = checkpointFlag !== undefined ? parseS3Uri(checkpointFlag, '--checkpoint') : job?.checkpoint;
  const checkpointKey = str(values, 'checkpoint-key');
  if (checkpointKey !== undefined && !checkpoint) {
    throw new UsageError('--checkpoint-key: there is no checkpoint location; give --checkpoint');
  }

  const repositoryArns: string[] = [];
  for (const image of [...(job?.images ?? []), ...strs(values, 'image')]) {
    const ecr = parseEcrImage(image);
    if (!ecr) {
      notes.push(`image ${image} is not in Amazon ECR: the role gets no pull statement for it.`);
      continue;
    }
    const arn = repositoryArn(env.partition, ecr);
    if (!repositoryArns.includes(arn)) {
      repositoryArns.push(arn);
    }
    if (ecr.account !== env.account) {
      notes.push(`image ${image} is in account ${ecr.account}: unless it is an AWS-provided image, its repository policy must also allow the pull (see \`diagnose\`).`);
    }
  }

  return {
    spec: {
      env,
      inputs,
      output: outputLocation,
      outputKeyArn: outputKey === undefined ? undefined
        : kmsKeyArn(outputKey, str(values, 'output-key') !== undefined ? '--output-key' : `${job!.file}: OutputDataConfig.KmsKeyId`, env),
      volumeKeyArn: volumeKey === undefined ? undefined
        : kmsKeyArn(volumeKey, str(values, 'volume-key') !== undefined ? '--volume-key' : `${job!.file}: ResourceConfig.VolumeKmsKeyId`, env),
      checkpoint: checkpoint ? {
        bucket: checkpoint.bucket,
        prefix: folder(checkpoint),
        keyArn: checkpointKey === undefined ? undefined : kmsKeyArn(checkpointKey, '--checkpoint-key', env),
      } : undefined,
      repositoryArns,
      trainingCode,
      modelDir,
      tensorBoard: debugOutput('tensorboard', job?.tensorBoard, false),
      debugHook: debugOutput('debug-hook', job?.debugHook, true),
      profiler: debugOutput('profiler', job?.profiler, true),
      debuggerRules: debuggerRules || undefined,
      vpc: vpcOf(values, job),
      maxManagedPolicies,
    },
    notes,
  };
}

/** An S3 URI flag whose key the construct can grant: refused naming the flag otherwise. */
function s3Flag(value: string, flag: string): S3Uri {
  const uri = parseS3Uri(value, flag);
  const problem = prefixProblem(uri.key);
  if (problem !== undefined) {
    throw new UsageError(`${flag}: ${problem} Got: ${JSON.stringify(value)}`);
  }
  return uri;
}

/** A location at exactly the URI's key (an object, or a prefix as given). */
function locationOf(uri: S3Uri): LocationSpec {
  return { bucket: uri.bucket, prefix: uri.key };
}

/** SageMaker writes below `<path>/`: `models` becomes `models/`, the bucket root stays `''`. */
export function folder(uri: S3Uri): string {
  return uri.key === '' || uri.key.endsWith('/') ? uri.key : `${uri.key}/`;
}

function vpcOf(values: Parsed['values'], job: JobSpec | undefined): RoleSpec['vpc'] {
  const subnetFlags = strs(values, 'subnet');
  const groupFlags = strs(values, 'security-group');
  const subnets = (subnetFlags.length > 0 ? subnetFlags : job?.subnets ?? []).map((s) => checkId(s, 'subnet', '--subnet'));
  const groups = (groupFlags.length > 0 ? groupFlags : job?.securityGroups ?? []).map((s) => checkId(s, 'sg', '--security-group'));
  const vpcId = str(values, 'vpc');
  if (vpcId === undefined) {
    if (subnets.length > 0 || groups.length > 0) {
      const from = job && job.subnets.length > 0 ? `the job's VpcConfig names subnets ${job.subnets.join(', ')} but not their VPC` : '--subnet and --security-group need their VPC';
      throw new UsageError(`give --vpc: ${from}. Find it with: aws ec2 describe-subnets --subnet-ids ${subnets[0] ?? '<subnet-id>'} --query 'Subnets[0].VpcId'`);
    }
    return undefined;
  }
  checkId(vpcId, 'vpc', '--vpc');
  if (subnets.length === 0 || groups.length === 0) {
    throw new UsageError('--vpc: a training job in a VPC needs --subnet (1 to 16) and --security-group (1 to 5)');
  }
  return { vpcId, subnetIds: subnets, securityGroupIds: groups };
}

/** For messages: `s3://b/k`. */
export function describeLocation(l: LocationSpec): string {
  return formatS3Uri({ bucket: l.bucket, key: l.prefix });
}
