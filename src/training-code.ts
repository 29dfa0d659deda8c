import { TrainingS3Location } from './training-s3-location';

/**
 * How the training code is laid out in S3.
 */
export enum TrainingCodeLayout {
  /** Every object under the location. */
  LOCATION = 'location',
  /** `<location>/<job name>/source/sourcedir.tar.gz`: SDK v2 estimators' script mode. */
  SDK_ESTIMATOR = 'sdk-estimator',
  /** `<location>/<job name>/input/code/` and `.../input/sm_drivers/`: SDK v3 `ModelTrainer`. */
  MODEL_TRAINER = 'model-trainer',
  /** `<location>/<job name>/input/`: SDK v3 `ModelTrainer`'s code and the inputs it uploaded. */
  MODEL_TRAINER_WITH_INPUTS = 'model-trainer-with-inputs',
}

/**
 * Options for `TrainingCode.fromSdkEstimator`.
 */
export interface SdkEstimatorCodeOptions {
  /**
   * The estimator's `code_location`.
   *
   * @default - the output location's bucket, at its root: without `code_location` the SDK stages
   * the code in the output path's bucket but not under its prefix (`s3://<bucket>/<job
   * name>/source/sourcedir.tar.gz`). When the output path is the SDK's default (the session's
   * default bucket and `default_bucket_prefix`), the code is under that prefix: give it here.
   */
  readonly codeLocation?: TrainingS3Location;
}

/**
 * Options for `TrainingCode.fromModelTrainer`.
 */
export interface ModelTrainerCodeOptions {
  /**
   * Where `ModelTrainer` stages its channels: the location the job folders are in.
   *
   * By default the session's default bucket, with prefix `<default_bucket_prefix>/<base_job_name>/`.
   * When the SDK finds that the role cannot write the default bucket (it simulates
   * `s3:PutObject` on it), it stages under the output path instead: prefix
   * `<output prefix>/<default_bucket_prefix>/<base_job_name>/` of the output bucket.
   */
  readonly stagingLocation: TrainingS3Location;

  /**
   * Whether the job also reads the input channels `ModelTrainer` uploaded from local paths
   * (`InputData(data_source=<local path>)`), which it stages next to the code at
   * `<staging location>/<job name>/input/<channel>/`.
   *
   * Grants reading and listing every `.../<job name>/input/` folder, and denies writing them like
   * the code. A model whose uncompressed output (`CompressionType` `NONE`) holds a folder named
   * `input` under a staging location that is also the output path would be denied that folder.
   *
   * @default false - only the `code` and `sm_drivers` channels
   */
  readonly stagedInputs?: boolean;
}

/**
 * The training code a script-mode job downloads: read-only for the job, and never writable by it.
 *
 * The SageMaker Python SDK uploads the code with the caller's credentials before it starts the
 * job; the job (the role) only reads it. When the code lies where the role may write (the SDK's
 * default is the output path's bucket), the role also gets a statement denying writes and deletes
 * of the code, so that a job cannot replace the code of itself or of the next job.
 */
export abstract class TrainingCode {
  /**
   * Script mode of SDK v2 estimators (`PyTorch`, `TensorFlow`, `HuggingFace`, `Estimator` with
   * `entry_point`): `sourcedir.tar.gz` at `<code location>/<job name>/source/`, named in the
   * `sagemaker_submit_directory` hyperparameter.
   *
   * Grants reading `<location prefix><trainingJobNamePrefix>*\/source/sourcedir.tar.gz`.
   */
  public static fromSdkEstimator(options: SdkEstimatorCodeOptions = {}): TrainingCode {
    return new Laid(TrainingCodeLayout.SDK_ESTIMATOR, options.codeLocation);
  }

  /**
   * SDK v3 `ModelTrainer(source_code=...)`: the `code` and `sm_drivers` channels at
   * `<staging location>/<job name>/input/`.
   *
   * Grants reading and listing `<location prefix><trainingJobNamePrefix>*\/input/code/` and
   * `.../input/sm_drivers/`.
   */
  public static fromModelTrainer(options: ModelTrainerCodeOptions): TrainingCode {
    return new Laid(options.stagedInputs ? TrainingCodeLayout.MODEL_TRAINER_WITH_INPUTS : TrainingCodeLayout.MODEL_TRAINER, options.stagingLocation);
  }

  /**
   * Code at a location of your own (for example a `source_dir` already in S3, or a pipeline's
   * `<prefix>/<pipeline name>/code/<hash>/`): every object under it.
   */
  public static fromLocation(location: TrainingS3Location): TrainingCode {
    return new Laid(TrainingCodeLayout.LOCATION, location);
  }

  /** Where the code is, given the role's output location. */
  public abstract bind(outputBucket: TrainingS3Location): TrainingCodeConfig;
}

/**
 * Where the training code is, as the role needs to know.
 */
export interface TrainingCodeConfig {
  /** The location the layout is under. */
  readonly location: TrainingS3Location;
  /** How the code is laid out under it. */
  readonly layout: TrainingCodeLayout;
}

class Laid extends TrainingCode {
  constructor(private readonly layout: TrainingCodeLayout, private readonly location?: TrainingS3Location) {
    super();
  }

  public bind(outputBucket: TrainingS3Location): TrainingCodeConfig {
    // Without code_location, the SDK stages the code in the output bucket at its root
    // (aws/sagemaker-python-sdk v2.257.6 src/sagemaker/estimator.py:1087-1101), encrypted like
    // the output (1103).
    return {
      location: this.location ?? { bucket: outputBucket.bucket, encryptionKey: outputBucket.encryptionKey },
      layout: this.layout,
    };
  }
}
