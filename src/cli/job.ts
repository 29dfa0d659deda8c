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
  readonly images: string[];
  readonly subnets: string[];
  readonly securityGroups: string[];
  /** What the job uses that the role's policy does not cover, for the user to handle. */
  readonly notes: string[];
}

const JOB_FIELDS = ['TrainingJobName', 'AlgorithmSpecification', 'InputDataConfig', 'OutputDataConfig', 'RoleArn', 'TrainingJobArn'];

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
  if (!isObject(job) || !JOB_FIELDS.some((f) => f in job)) {
    throw new UsageError(`job file ${file} does not look like a CreateTrainingJob request or describe-training-job output: `
      + `expected an object with some of ${JOB_FIELDS.join(', ')}`);
  }
  const r = new FieldReader(file, job);
  const notes: string[] = [];

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
      });
      if (dataType === 'ManifestFile' || dataType === 'AugmentedManifestFile') {
        notes.push(`${source} reads a ${dataType}: the role may read the manifest itself; add an --input for each location the manifest lists.`);
      }
    } else if (r.get(`${at}.DataSource.FileSystemDataSource`) !== undefined) {
      notes.push(`${source} reads from a file system (FSx for Lustre or EFS): access goes through the VPC and the file system's own permissions, not the role's S3 statements.`);
    }
  });

  // SageMaker Python SDK script mode uploads the code and passes it as a hyperparameter; the job reads it like an input.
  const submitDir = r.string('HyperParameters.sagemaker_submit_directory');
  if (submitDir !== undefined) {
    const value = submitDir.replace(/^"(.*)"$/, '$1');
    if (/^s3:\/\//i.test(value)) {
      inputs.push({ uri: parseS3Uri(value, `${file}: HyperParameters.sagemaker_submit_directory`), source: 'HyperParameters.sagemaker_submit_directory (source code)' });
    }
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
  for (const field of ['DebugHookConfig.S3OutputPath', 'TensorBoardOutputConfig.S3OutputPath', 'ProfilerConfig.S3OutputPath']) {
    const value = r.string(field);
    if (value !== undefined) {
      notes.push(`${field} (${value}) is written by the job; the construct grants it (tensorBoardOutput, debugHookOutput, profilerOutput) but this command has no flag for it yet: write access there must be granted separately.`);
    }
  }

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
    images: image === undefined ? [] : [image],
    subnets: r.strings('VpcConfig.Subnets') ?? [],
    securityGroups: r.strings('VpcConfig.SecurityGroupIds') ?? [],
    notes,
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
