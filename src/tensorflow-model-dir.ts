import { TrainingS3Location } from './training-s3-location';

/**
 * Where TensorFlow reads and writes its checkpoints and models (`model_dir`): the hyperparameter
 * the SageMaker Python SDK's TensorFlow estimator passes to the training script.
 *
 * The AWS TensorFlow training container calls `s3:GetBucketLocation` on this bucket before the
 * script starts, and TensorFlow's S3 file system lists, reads, writes and deletes under it (a
 * checkpoint is written under a temporary name, then copied and deleted).
 */
export abstract class TensorFlowModelDir {
  /**
   * The SDK's default: `<output path>/<job name>/model` (`model_dir` not given to the estimator).
   *
   * Granted on `<outputBucket prefix>/<trainingJobNamePrefix>*\/model/` of the output bucket: the
   * model directory of each job the role runs, and nothing else of the output location.
   */
  public static underOutput(): TensorFlowModelDir {
    return new UnderOutput();
  }

  /**
   * A `model_dir` you give the estimator (`model_dir='s3://bucket/prefix'`): read, write and
   * delete under that prefix.
   */
  public static fromLocation(location: TrainingS3Location): TensorFlowModelDir {
    return new AtLocation(location);
  }

  /**
   * Where the model directories are, given the role's output location.
   */
  public abstract bind(outputBucket: TrainingS3Location): TensorFlowModelDirConfig;
}

/**
 * Where TensorFlow model directories are, as the role needs to know.
 */
export interface TensorFlowModelDirConfig {
  /** The location: the bucket, and the prefix the model directories start with. */
  readonly location: TrainingS3Location;
  /**
   * Whether the model directories are `<prefix><job name>/model/` (one per job) rather than the
   * prefix itself.
   */
  readonly perJob: boolean;
}

class UnderOutput extends TensorFlowModelDir {
  public bind(outputBucket: TrainingS3Location): TensorFlowModelDirConfig {
    return { location: outputBucket, perJob: true };
  }
}

class AtLocation extends TensorFlowModelDir {
  constructor(private readonly location: TrainingS3Location) {
    super();
  }

  public bind(_outputBucket: TrainingS3Location): TensorFlowModelDirConfig {
    return { location: this.location, perJob: false };
  }
}
