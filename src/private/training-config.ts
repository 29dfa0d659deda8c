import { Token } from 'aws-cdk-lib';
import { ArnContext } from './arns';
import { TrainingRoleError } from './errors';
import { Grant } from './grant';
import { keyArnOf } from './keys';
import { ResolvedLocation, resolveLocation } from './locations';
import { resolveNetwork } from './network';
import { checkpointGrants } from '../permissions/checkpoints';
import {
  checkpointKeyGrants,
  modelOutputKeyGrants,
  trainingDataKeyGrants,
  volumeKeyGrants,
} from '../permissions/encryption-keys';
import { imagePullGrants } from '../permissions/image-pull';
import { logsGrants } from '../permissions/logs';
import { metricsGrants } from '../permissions/metrics';
import { modelOutputGrants } from '../permissions/model-output';
import { NetworkInputs, networkInterfaceGrants } from '../permissions/network-interfaces';
import { trainingDataGrants } from '../permissions/training-data';
import { SageMakerTrainingRoleProps } from '../training-role';

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
}

export function resolveTrainingConfig(ctx: ArnContext, props: SageMakerTrainingRoleProps): TrainingConfig {
  const inputs = (props.inputBuckets ?? []).map((l, i) => resolveLocation(ctx, `inputBuckets[${i}]`, l));
  const output = resolveLocation(ctx, 'outputBucket', props.outputBucket);
  const checkpoint = props.checkpointBucket ? resolveLocation(ctx, 'checkpointBucket', props.checkpointBucket) : undefined;
  return {
    inputs,
    output,
    checkpoint,
    inputKeyArns: distinct(ctx, inputs.flatMap((l, i) => (l.key ? [keyArnOf(`inputBuckets[${i}].encryptionKey`, l.key)] : []))),
    outputKeyArn: outputKeyArn(props),
    volumeKeyArn: props.volumeKmsKey ? keyArnOf('volumeKmsKey', props.volumeKmsKey) : undefined,
    checkpointKeyArn: checkpoint?.key ? keyArnOf('checkpointBucket.encryptionKey', checkpoint.key) : undefined,
    repositoryArns: distinct(ctx, (props.ecrRepositories ?? []).map((r) => r.repositoryArn)),
    network: resolveNetwork(props),
    jobNamePrefix: props.trainingJobNamePrefix,
    remoteDebugging: props.remoteDebugging ?? false,
  };
}

/** Every grant the configuration calls for, by purpose. */
export function trainingGrants(ctx: ArnContext, config: TrainingConfig): Grant[] {
  return [
    ...trainingDataGrants(ctx, config.inputs),
    ...trainingDataKeyGrants(ctx, config.inputKeyArns),
    ...modelOutputGrants(ctx, config.output),
    ...(config.outputKeyArn ? modelOutputKeyGrants(ctx, config.outputKeyArn) : []),
    ...(config.volumeKeyArn ? volumeKeyGrants(ctx, config.volumeKeyArn) : []),
    ...(config.checkpoint ? checkpointGrants(ctx, config.checkpoint) : []),
    ...(config.checkpointKeyArn ? checkpointKeyGrants(ctx, config.checkpointKeyArn) : []),
    ...imagePullGrants(config.repositoryArns),
    ...logsGrants(ctx),
    ...metricsGrants(),
    ...networkInterfaceGrants(ctx, config.network),
  ];
}

/**
 * SageMaker encrypts artifacts with `OutputDataConfig.KmsKeyId`; without one, S3 applies the
 * bucket's default key. Two different keys would leave one of them unexplained, so they must agree.
 */
function outputKeyArn(props: SageMakerTrainingRoleProps): string | undefined {
  const locationKey = props.outputBucket.encryptionKey ?? props.outputBucket.bucket.encryptionKey;
  if (props.outputKmsKey && locationKey && props.outputKmsKey !== locationKey
    && !sameArn(props.outputKmsKey.keyArn, locationKey.keyArn)) {
    throw new TrainingRoleError('outputKmsKey', props.outputKmsKey.keyArn,
      `SageMaker encrypts the model artifacts with OutputDataConfig.KmsKeyId only, but outputBucket names another key (${locationKey.keyArn}). Give one key: set outputKmsKey to the output location's key, or leave it out to use that key.`);
  }
  const key = props.outputKmsKey ?? locationKey;
  return key ? keyArnOf(props.outputKmsKey ? 'outputKmsKey' : 'outputBucket.encryptionKey', key) : undefined;
}

function sameArn(a: string, b: string): boolean {
  return !Token.isUnresolved(a) && a === b;
}

function distinct(ctx: ArnContext, values: string[]): string[] {
  const byKey = new Map<string, string>();
  for (const v of values) {
    byKey.set(ctx.stableKey(v), v);
  }
  return [...byKey.values()];
}
