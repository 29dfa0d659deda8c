import { Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ArnContext } from './arns';
import { TrainingRoleError } from './errors';
import { Grant } from './grant';
import { checkInputs } from './input-checks';
import { keyArnOf } from './keys';
import { ResolvedLocation, resolveLocation } from './locations';
import { resolveNetwork } from './network';
import { checkpointGrants } from '../permissions/checkpoints';
import { DebugOutputs, debugOutputGrants } from '../permissions/debug-output';
import {
  auxiliaryKeyGrants,
  checkpointKeyGrants,
  modelOutputKeyGrants,
  trainingDataKeyGrants,
  volumeKeyGrants,
} from '../permissions/encryption-keys';
import { fileSystemGrants } from '../permissions/file-systems';
import { imagePullGrants } from '../permissions/image-pull';
import { logsGrants } from '../permissions/logs';
import { metricsGrants } from '../permissions/metrics';
import { modelOutputGrants } from '../permissions/model-output';
import { NetworkInputs, networkInterfaceGrants } from '../permissions/network-interfaces';
import { privateRegistryGrants } from '../permissions/private-registry';
import { remoteDebuggingGrants } from '../permissions/remote-debugging';
import { sdkPreflightGrants } from '../permissions/sdk-preflight';
import { sourceCodeGrants } from '../permissions/source-code';
import { trainingDataGrants } from '../permissions/training-data';
import { SageMakerTrainingRoleProps } from '../training-role';
import { TrainingS3Location } from '../training-s3-location';

/**
 * The construct's props, checked and with their defaults applied. Every permission of the role,
 * the launch guardrails and the rendered request derive from this one object.
 */
export interface TrainingConfig {
  readonly inputs: ResolvedLocation[];
  readonly output: ResolvedLocation;
  readonly checkpoint?: ResolvedLocation;
  /** Distinct keys of the input locations. */
  readonly inputKeyArns: string[];
  /** `OutputDataConfig.KmsKeyId`, else the output location's key. */
  readonly outputKeyArn?: string;
  /** `ResourceConfig.VolumeKmsKeyId`. */
  readonly volumeKeyArn?: string;
  readonly checkpointKeyArn?: string;
  /** Distinct ECR repositories of the training images. */
  readonly repositoryArns: string[];
  readonly network?: NetworkInputs;
  /**
   * The prefix every training job name starts with (`TrainingJobName`), when the jobs are named
   * by convention; `undefined` when any name is allowed.
   */
  readonly jobNamePrefix?: string;
  /** Whether remote debugging (`RemoteDebugConfig.EnableRemoteDebug`) is allowed. */
  readonly remoteDebugging: boolean;
  /** The script-mode source code location. */
  readonly sourceCode?: ResolvedLocation;
  readonly debugOutputs: DebugOutputs;
  /** Keys of the source code and debug output locations. */
  readonly auxiliaryReadKeyArns: string[];
  readonly auxiliaryWriteKeyArns: string[];
  readonly fsxFileSystemCount: number;
  readonly efsFileSystemArns: string[];
  readonly registryCredentialsProviderArn?: string;
  readonly sdkPreflightCompatibility: boolean;
  /** Unconfirmed choices, switchable (see the props). */
  readonly outputKeyThroughSageMaker: boolean;
  readonly networkInterfacePermissionDeletionOnAnyResource: boolean;
}

export function resolveTrainingConfig(scope: Construct, ctx: ArnContext, props: SageMakerTrainingRoleProps): TrainingConfig {
  const inputs = (props.inputBuckets ?? []).map((l, i) => resolveLocation(ctx, `inputBuckets[${i}]`, l));
  const output = resolveLocation(ctx, 'outputBucket', props.outputBucket);
  const checkpoint = props.checkpointBucket ? resolveLocation(ctx, 'checkpointBucket', props.checkpointBucket) : undefined;
  const optional = (prop: string, l?: TrainingS3Location) => (l ? resolveLocation(ctx, prop, l) : undefined);
  const sourceCode = optional('sourceCodeLocation', props.sourceCodeLocation);
  const debugOutputs: DebugOutputs = {
    tensorBoard: optional('tensorBoardOutput', props.tensorBoardOutput),
    debugHook: optional('debugHookOutput', props.debugHookOutput),
    profiler: optional('profilerOutput', props.profilerOutput),
    rules: props.debuggerRules ?? false,
  };
  if (debugOutputs.rules && !debugOutputs.debugHook && !debugOutputs.profiler) {
    throw new TrainingRoleError('debuggerRules', true,
      'rules read what the Debugger hook or the Profiler wrote; give debugHookOutput or profilerOutput too, or leave debuggerRules out.');
  }
  const keysOf = (entries: [string, ResolvedLocation | undefined][]) => distinct(ctx, entries
    .flatMap(([prop, l]) => (l?.key ? [keyArnOf(`${prop}.encryptionKey`, l.key)] : [])));
  const network = resolveNetwork(props);
  for (const [prop, value] of [
    ['fsxFileSystems', (props.fsxFileSystems ?? []).length > 0],
    ['efsFileSystems', (props.efsFileSystems ?? []).length > 0],
    ['registryCredentialsProvider', props.registryCredentialsProvider !== undefined],
  ] as const) {
    if (value && !network) {
      throw new TrainingRoleError(prop, 'given without vpc',
        'SageMaker reaches file systems and private registries through the job\'s network interfaces; give `vpc` (and securityGroups) too.');
    }
  }
  return checkInputs(scope, ctx, props, {
    inputs,
    output,
    checkpoint,
    inputKeyArns: distinct(ctx, inputs.flatMap((l, i) => (l.key ? [keyArnOf(`inputBuckets[${i}].encryptionKey`, l.key)] : []))),
    outputKeyArn: outputKeyArn(props),
    volumeKeyArn: props.volumeKmsKey ? keyArnOf('volumeKmsKey', props.volumeKmsKey) : undefined,
    checkpointKeyArn: checkpoint?.key ? keyArnOf('checkpointBucket.encryptionKey', checkpoint.key) : undefined,
    repositoryArns: distinct(ctx, [
      ...(props.ecrRepositories ?? []).map((r) => r.repositoryArn),
      ...(props.trainingImages ?? []).map((image) => image.bind(scope).repositoryArn),
    ]),
    network,
    jobNamePrefix: props.trainingJobNamePrefix,
    remoteDebugging: props.remoteDebugging ?? false,
    sourceCode,
    debugOutputs,
    auxiliaryReadKeyArns: keysOf([['sourceCodeLocation', sourceCode]]),
    auxiliaryWriteKeyArns: keysOf([
      ['tensorBoardOutput', debugOutputs.tensorBoard],
      ['debugHookOutput', debugOutputs.debugHook],
      ['profilerOutput', debugOutputs.profiler],
    ]),
    fsxFileSystemCount: (props.fsxFileSystems ?? []).length,
    efsFileSystemArns: distinct(ctx, (props.efsFileSystems ?? []).map((f) => f.fileSystemArn)),
    registryCredentialsProviderArn: props.registryCredentialsProvider?.functionArn,
    sdkPreflightCompatibility: props.sdkPreflightCompatibility ?? false,
    outputKeyThroughSageMaker: props.outputKeyThroughSageMaker ?? true,
    networkInterfacePermissionDeletionOnAnyResource: props.networkInterfacePermissionDeletionOnAnyResource ?? false,
  });
}

/** Every grant the configuration calls for, by purpose. */
export function trainingGrants(ctx: ArnContext, config: TrainingConfig): Grant[] {
  return [
    ...trainingDataGrants(ctx, config.inputs),
    ...trainingDataKeyGrants(ctx, config.inputKeyArns),
    ...modelOutputGrants(ctx, config.output),
    ...(config.outputKeyArn ? modelOutputKeyGrants(ctx, config.outputKeyArn, config.outputKeyThroughSageMaker) : []),
    ...(config.volumeKeyArn ? volumeKeyGrants(ctx, config.volumeKeyArn) : []),
    ...(config.checkpoint ? checkpointGrants(ctx, config.checkpoint) : []),
    ...(config.checkpointKeyArn ? checkpointKeyGrants(ctx, config.checkpointKeyArn) : []),
    ...(config.sourceCode ? sourceCodeGrants(ctx, config.sourceCode) : []),
    ...auxiliaryKeyGrants(ctx, config.auxiliaryReadKeyArns, config.auxiliaryWriteKeyArns),
    ...debugOutputGrants(ctx, config.debugOutputs),
    ...imagePullGrants(config.repositoryArns),
    ...privateRegistryGrants(config.registryCredentialsProviderArn),
    ...logsGrants(ctx, config.jobNamePrefix),
    ...metricsGrants(),
    ...networkInterfaceGrants(ctx, config.network, config.networkInterfacePermissionDeletionOnAnyResource),
    ...fileSystemGrants(config.fsxFileSystemCount, config.efsFileSystemArns),
    ...remoteDebuggingGrants(config.remoteDebugging),
    ...sdkPreflightGrants(config.sdkPreflightCompatibility),
  ];
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
