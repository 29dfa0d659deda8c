import { parseArn, parseS3Uri, S3Uri } from './aws-names';
import { isObject, readJsonFile, UsageError } from './io';

/** One S3 input channel of a training job. */
export interface JobInput {
  readonly uri: S3Uri;
  /** Where it came from, for messages: `InputDataConfig[0] (train)`. */
  readonly source: string;
  /** `S3Prefix`, `ManifestFile` or `AugmentedManifestFile`. */
  readonly dataType?: string;
  /** `File`, `Pipe` or `FastFile`. */
  readonly inputMode?: string;
  /**
   * Whether it is the training code (the `sagemaker_submit_directory` hyperparameter, or the
   * `code` and `sm_drivers` channels of SDK v3 `ModelTrainer`): read-only, never writable.
   */
  readonly code?: boolean;
}

/**
 * What the CLI reads from a CreateTrainingJob request or from `aws sagemaker describe-training-job`
 * output (the same field names).
 */
export interface JobSpec {
  readonly file: string;
  readonly jobName?: string;
  readonly jobArn?: string;
  readonly roleArn?: string;
  readonly status?: string;
  readonly failureReason?: string;
  readonly inputs: JobInput[];
  readonly output?: S3Uri;
  readonly outputKey?: string;
  readonly volumeKey?: string;
  readonly checkpoint?: S3Uri;
  /** TensorFlow's `model_dir` hyperparameter, when it is in S3. */
  readonly modelDir?: S3Uri;
  /** `TensorBoardOutputConfig`, `DebugHookConfig` and `ProfilerConfig` S3 output paths. */
  readonly tensorBoard?: S3Uri;
  readonly debugHook?: S3Uri;
  readonly profiler?: S3Uri;
  /** Whether Debugger or Profiler rules run (they read the hook's and the profiler's output). */
  readonly debuggerRules: boolean;
  readonly images: string[];
  readonly subnets: string[];
  readonly securityGroups: string[];
  /** What the job uses that the role's policy does not cover, for the user to handle. */
  readonly notes: string[];
}

const JOB_FIELDS = ['TrainingJobName', 'AlgorithmSpecification', 'InputDataConfig', 'OutputDataConfig', 'RoleArn', 'TrainingJobArn'];

/** The channels SDK v3 `ModelTrainer` stages the code in (sagemaker-train `constants.py:23, 26`). */
const CODE_CHANNELS = ['code', 'sm_drivers'];

/** Reads a training job JSON file. Errors name the file and the field. */
export function readJob(file: string): JobSpec {
  return parseJob(readJsonFile(file, 'job file'), file);
}

export function parseJob(json: unknown, file: string): JobSpec {
  let job = json;
  // `aws sagemaker search` wraps each job as { TrainingJob: {...} }.
  if (isObject(job) && isObject(job.TrainingJob)) {
    job = job.TrainingJob;
  }
  const tuning = tuningDefinition(job, file);
  if (tuning) {
    job = tuning.job;
  }
  if (!isObject(job) || !JOB_FIELDS.some((f) => f in job)) {
    throw new UsageError(`job file ${file} does not look like a CreateTrainingJob request or describe-training-job output: `
      + `expected an object with some of ${JOB_FIELDS.join(', ')}`);
  }
  const r = new FieldReader(file, job);
  const notes: string[] = tuning ? [tuning.note] : [];

  const inputs: JobInput[] = [];
  const channels = r.array('InputDataConfig') ?? [];
  channels.forEach((_, i) => {
    const at = `InputDataConfig[${i}]`;
    const name = r.string(`${at}.ChannelName`);
    const source = name ? `${at} (${name})` : at;
    const s3Uri = r.string(`${at}.DataSource.S3DataSource.S3Uri`);
    if (s3Uri !== undefined) {
      const dataType = r.string(`${at}.DataSource.S3DataSource.S3DataType`);
      inputs.push({
        uri: parseS3Uri(s3Uri, `${file}: ${at}.DataSource.S3DataSource.S3Uri`),
        source,
        dataType,
        inputMode: r.string(`${at}.InputMode`) ?? r.string('AlgorithmSpecification.TrainingInputMode'),
        code: name !== undefined && CODE_CHANNELS.includes(name),
      });
      if (dataType === 'ManifestFile' || dataType === 'AugmentedManifestFile') {
        notes.push(`${source} reads a ${dataType}: the role may read the manifest itself; add an --input for each location the manifest lists.`);
      }
    } else if (r.get(`${at}.DataSource.FileSystemDataSource`) !== undefined) {
      notes.push(`${source} reads from a file system (FSx for Lustre or EFS): access goes through the VPC and the file system's own permissions, not the role's S3 statements.`);
    }
  });

  // SageMaker Python SDK script mode uploads the code and passes it as a hyperparameter; the job
  // reads it like an input, and must never write it.
  const submitDir = s3Hyperparameter(r, 'sagemaker_submit_directory');
  if (submitDir !== undefined) {
    inputs.push({ uri: parseS3Uri(submitDir, `${file}: HyperParameters.sagemaker_submit_directory`), source: 'HyperParameters.sagemaker_submit_directory (source code)', code: true });
  }
  // JumpStart's gated models: the container reads the artifacts named in this variable
  // (aws/sagemaker-python-sdk v2.257.6 src/sagemaker/jumpstart/constants.py:137).
  const gated = r.string('Environment.SageMakerGatedModelS3Uri');
  if (gated !== undefined && /^s3:\/\//i.test(gated)) {
    inputs.push({ uri: parseS3Uri(gated, `${file}: Environment.SageMakerGatedModelS3Uri`), source: 'Environment.SageMakerGatedModelS3Uri (gated model)' });
  }
  // The SDK v2 TensorFlow estimator's model_dir (tensorflow/estimator.py:374-395).
  const modelDir = s3Hyperparameter(r, 'model_dir');
  if (r.string('ExperimentConfig.RunName') !== undefined || r.string('ExperimentConfig.ExperimentName') !== undefined) {
    notes.push('ExperimentConfig: SageMaker records the job in SageMaker Experiments itself; a script that logs to the run (load_run, log_metric) calls SageMaker with the role, which this role does not allow unless the construct\'s sageMakerExperiments is set (this command has no flag for it).');
  }

  const outputPath = r.string('OutputDataConfig.S3OutputPath');
  const checkpointUri = r.string('CheckpointConfig.S3Uri');
  const image = r.string('AlgorithmSpecification.TrainingImage');
  if (r.string('AlgorithmSpecification.AlgorithmName') !== undefined && image === undefined) {
    notes.push('AlgorithmSpecification.AlgorithmName names an algorithm resource: its image is pulled by SageMaker, no ECR statement is needed for it.');
  }
  if (r.string('AlgorithmSpecification.TrainingImageConfig.TrainingRepositoryAccessMode') === 'Vpc') {
    notes.push('The image comes from a private registry in the VPC (TrainingRepositoryAccessMode Vpc): no ECR statement applies; a credentials Lambda needs lambda:InvokeFunction, which the construct grants (registryCredentialsProvider) but this command has no flag for yet.');
  }
  const debugPath = (field: string) => {
    const value = r.string(field);
    return value === undefined || value === '' ? undefined : parseS3Uri(value, `${file}: ${field}`);
  };
  const rules = (field: string) => (r.array(field) ?? []).length > 0;

  return {
    file,
    jobName: r.string('TrainingJobName'),
    jobArn: r.string('TrainingJobArn'),
    roleArn: r.string('RoleArn'),
    status: r.string('TrainingJobStatus'),
    failureReason: r.string('FailureReason'),
    inputs,
    output: outputPath === undefined ? undefined : parseS3Uri(outputPath, `${file}: OutputDataConfig.S3OutputPath`),
    outputKey: nonEmpty(r.string('OutputDataConfig.KmsKeyId')),
    volumeKey: nonEmpty(r.string('ResourceConfig.VolumeKmsKeyId')),
    checkpoint: checkpointUri === undefined ? undefined : parseS3Uri(checkpointUri, `${file}: CheckpointConfig.S3Uri`),
    modelDir: modelDir === undefined ? undefined : parseS3Uri(modelDir, `${file}: HyperParameters.model_dir`),
    tensorBoard: debugPath('TensorBoardOutputConfig.S3OutputPath'),
    debugHook: debugPath('DebugHookConfig.S3OutputPath'),
    profiler: r.get('ProfilerConfig.DisableProfiler') === true ? undefined : debugPath('ProfilerConfig.S3OutputPath'),
    debuggerRules: rules('DebugRuleConfigurations') || rules('ProfilerRuleConfigurations'),
    images: image === undefined ? [] : [image],
    subnets: r.strings('VpcConfig.Subnets') ?? [],
    securityGroups: r.strings('VpcConfig.SecurityGroupIds') ?? [],
    notes,
  };
}

/**
 * A hyperparameter that is an S3 URI, as the script sees it (the SDK JSON-encodes string values,
 * `estimator.py:924-937`); `undefined` when absent or not in S3 (`model_dir=/opt/ml/model`).
 */
function s3Hyperparameter(r: FieldReader, name: string): string | undefined {
  const value = r.string(`HyperParameters.${name}`)?.replace(/^"(.*)"$/, '$1');
  return value !== undefined && /^s3:\/\//i.test(value) ? value : undefined;
}

/**
 * A `CreateHyperParameterTuningJob` request (or `describe-hyper-parameter-tuning-job` output): the
 * training jobs it starts, from its `TrainingJobDefinition` (static hyperparameters as the
 * hyperparameters). SageMaker names them `<tuning job name>-<3 digits>-<8 hex digits>`
 * (aws/sagemaker-python-sdk v2.257.6 tests/unit/tuner_visualize_test_utils.py:110, 120).
 */
function tuningDefinition(json: unknown, file: string): { job: { [key: string]: unknown }; note: string } | undefined {
  if (!isObject(json) || !('HyperParameterTuningJobName' in json)) {
    return undefined;
  }
  const definitions = Array.isArray(json.TrainingJobDefinitions) ? json.TrainingJobDefinitions : [];
  const definition = isObject(json.TrainingJobDefinition) ? json.TrainingJobDefinition : definitions.find(isObject);
  if (!isObject(definition)) {
    throw new UsageError(`job file ${file}: a tuning job without TrainingJobDefinition (or TrainingJobDefinitions): nothing to build a role for`);
  }
  const name = typeof json.HyperParameterTuningJobName === 'string' ? json.HyperParameterTuningJobName : '<tuning job>';
  const others = definitions.length > 1 ? ` It has ${definitions.length} training job definitions; this role is built from the first: run the command on each.` : '';
  return {
    job: { ...definition, HyperParameters: definition.StaticHyperParameters },
    note: `a tuning job: its training jobs are named ${name}-<3 digits>-<8 hex digits> and use this role; with trainingJobNamePrefix, pick a prefix of the tuning job's name (e.g. "${name.slice(0, Math.min(name.length, 20))}").${others}`,
  };
}

/** Account, region and partition as far as the job's ARNs tell them. */
export function jobEnvironment(job: JobSpec): { account?: string; region?: string; partition?: string } {
  const jobArn = job.jobArn ? parseArn(job.jobArn) : undefined;
  const roleArn = job.roleArn ? parseArn(job.roleArn) : undefined;
  return {
    account: roleArn?.account || jobArn?.account || undefined,
    region: jobArn?.region || undefined,
    partition: roleArn?.partition ?? jobArn?.partition,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Reads typed fields by path, with errors that name the file and the path. */
class FieldReader {
  constructor(private readonly file: string, private readonly root: { [key: string]: unknown }) {}

  public get(path: string): unknown {
    let value: unknown = this.root;
    for (const part of path.split('.')) {
      const m = /^(\w+)(?:\[(\d+)\])?$/.exec(part)!;
      if (!isObject(value)) {
        return undefined;
      }
      value = value[m[1]];
      if (m[2] !== undefined) {
        value = Array.isArray(value) ? value[Number(m[2])] : undefined;
      }
    }
    return value;
  }

  public string(path: string): string | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== 'string') {
      throw new UsageError(`job file ${this.file}: ${path} must be a string, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  public array(path: string): unknown[] | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) {
      return undefined;
    }
    if (!Array.isArray(value)) {
      throw new UsageError(`job file ${this.file}: ${path} must be a list, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  public strings(path: string): string[] | undefined {
    const list = this.array(path);
    return list?.map((item, i) => {
      if (typeof item !== 'string') {
        throw new UsageError(`job file ${this.file}: ${path}[${i}] must be a string, got ${JSON.stringify(item)}`);
      }
      return item;
    });
  }
}
