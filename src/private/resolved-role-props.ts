import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ResolvedLocation } from './locations';

/**
 * The construct's props with their defaults applied and every resource turned into the values a
 * policy names: what the checks look at and every permission, the launch guardrails and the
 * rendered request derive from. Built once by `resolveRoleProps`, then only read.
 */
export interface ResolvedRoleProps {
  readonly inputs: ResolvedLocation[];
  readonly output: ResolvedLocation;
  readonly checkpoint?: ResolvedLocation;
  /** The script-mode source code location. */
  readonly sourceCode?: ResolvedLocation;
  readonly debugOutputs: DebugOutputs;
  /** Every location above, in this order: inputs, output, checkpoint, source code, debug outputs. */
  readonly locations: ResolvedLocation[];

  /** Distinct keys of the input locations. */
  readonly inputKeyArns: string[];
  /** `OutputDataConfig.KmsKeyId`, else the output location's key. */
  readonly outputKeyArn?: string;
  /** `ResourceConfig.VolumeKmsKeyId`. */
  readonly volumeKeyArn?: string;
  readonly checkpointKeyArn?: string;
  /** Distinct keys of the source code location (read through S3). */
  readonly sourceCodeKeyArns: string[];
  /** Distinct keys of the TensorBoard, Debugger and Profiler outputs (written through S3). */
  readonly debugOutputKeyArns: string[];
  /** Every key given, with the prop it was given as. */
  readonly keys: ResolvedKey[];

  /** Distinct ECR repositories of the training images. */
  readonly repositoryArns: string[];
  /** Every repository given (directly or behind a training image), with the prop it was given as. */
  readonly repositories: ResolvedRepository[];

  readonly network?: NetworkInputs;
  /**
   * The prefix every training job name starts with (`TrainingJobName`), when the jobs are named
   * by convention; `undefined` when any name is allowed.
   */
  readonly jobNamePrefix?: string;
  /** Whether remote debugging (`RemoteDebugConfig.EnableRemoteDebug`) is allowed. */
  readonly remoteDebugging: boolean;
  readonly fsxFileSystemCount: number;
  readonly efsFileSystemArns: string[];
  readonly registryCredentialsProviderArn?: string;
  readonly sdkPreflightCompatibility: boolean;
  /** Unconfirmed choices, switchable (see the props). */
  readonly outputKeyThroughSageMaker: boolean;
  readonly networkInterfacePermissionDeletionOnAnyResource: boolean;
}

/** Where TensorBoard, Debugger and Profiler write, as the role's policy sees it. */
export interface DebugOutputs {
  /** `TensorBoardOutputConfig.S3OutputPath` */
  readonly tensorBoard?: ResolvedLocation;
  /** `DebugHookConfig.S3OutputPath` */
  readonly debugHook?: ResolvedLocation;
  /** `ProfilerConfig.S3OutputPath` */
  readonly profiler?: ResolvedLocation;
  /** Whether Debugger or Profiler rules run and read the hook and profiler output back. */
  readonly rules: boolean;
}

/** The VPC a training job runs in, as the role's policy sees it. */
export interface NetworkInputs {
  readonly vpcArn: string;
  /** The account and region of the VPC, which own its subnets. */
  readonly subnetOwner?: { readonly account: string; readonly region: string };
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
}

/** A KMS key of the props. */
export interface ResolvedKey {
  /** The prop it was given as (`inputBuckets[0].encryptionKey`, `volumeKmsKey`). */
  readonly prop: string;
  readonly key: kms.IKey;
}

/** An ECR repository of the props. */
export interface ResolvedRepository {
  /** The prop it was given as (`ecrRepositories[0]`, `trainingImages[1]`). */
  readonly prop: string;
  readonly repository: ecr.IRepository;
}
