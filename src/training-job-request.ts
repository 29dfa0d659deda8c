/**
 * The fields of a CreateTrainingJob request that must match a `SageMakerTrainingRole`, rendered
 * from its props (`renderTrainingJobFields`). Strings may be tokens: they resolve in CloudFormation.
 */
export interface TrainingJobFields {
  /** `RoleArn`: the role's ARN. */
  readonly roleArn: string;

  /**
   * `InputDataConfig`: one S3 channel per input location, in props order.
   *
   * Empty when the role has no input location.
   */
  readonly inputDataConfig: TrainingJobChannel[];

  /** `OutputDataConfig`. */
  readonly outputDataConfig: TrainingJobOutputDataConfig;

  /**
   * `CheckpointConfig`.
   *
   * @default - the role has no checkpoint location
   */
  readonly checkpointConfig?: TrainingJobCheckpointConfig;

  /**
   * `VpcConfig`.
   *
   * @default - the role has no VPC
   */
  readonly vpcConfig?: TrainingJobVpcConfig;

  /**
   * `ResourceConfig.VolumeKmsKeyId`, the only `ResourceConfig` field the role knows.
   *
   * @default - the role has no volume key
   */
  readonly volumeKmsKeyId?: string;

  /**
   * `TensorBoardOutputConfig.S3OutputPath`.
   *
   * @default - the role has no TensorBoard output
   */
  readonly tensorBoardOutputPath?: string;

  /**
   * `DebugHookConfig.S3OutputPath`.
   *
   * @default - the role has no Debugger hook output
   */
  readonly debugHookOutputPath?: string;

  /**
   * `ProfilerConfig.S3OutputPath`.
   *
   * @default - the role has no Profiler output
   */
  readonly profilerOutputPath?: string;
}

/** An S3 input channel (`Channel` with an `S3DataSource`). */
export interface TrainingJobChannel {
  /** `ChannelName`: the location's `channelName`, else `input-<n>`. */
  readonly channelName: string;
  /** `DataSource.S3DataSource.S3Uri`: `s3://<bucket name>/<prefix>`. */
  readonly s3Uri: string;
  /** `DataSource.S3DataSource.S3DataType`: always `S3Prefix`, the semantics the role grants. */
  readonly s3DataType: string;
  /** `DataSource.S3DataSource.S3DataDistributionType`: `FullyReplicated`. */
  readonly s3DataDistributionType: string;
}

/** `OutputDataConfig`. */
export interface TrainingJobOutputDataConfig {
  /** `S3OutputPath`: `s3://<bucket name>/<prefix>`. */
  readonly s3OutputPath: string;
  /**
   * `KmsKeyId`, as the key ARN.
   *
   * @default - the role has no output key
   */
  readonly kmsKeyId?: string;
}

/** `CheckpointConfig`. */
export interface TrainingJobCheckpointConfig {
  /** `S3Uri`: `s3://<bucket name>/<prefix>`. */
  readonly s3Uri: string;
}

/** `VpcConfig`. */
export interface TrainingJobVpcConfig {
  /** `Subnets`. */
  readonly subnets: string[];
  /** `SecurityGroupIds`. */
  readonly securityGroupIds: string[];
}
