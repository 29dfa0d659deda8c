/**
 * The training job fixtures are what AWS prints: tsc checks them against @aws-sdk/client-sagemaker's
 * types (timestamps as ISO strings, enums as strings: see test/util/aws-json.ts), and these tests
 * check at run time what the types had to widen, then that the CLI reads each fixture.
 */
import {
  CompressionType,
  CreateTrainingJobRequest,
  DescribeTrainingJobResponse,
  OutputCompressionType,
  ProfilingStatus,
  RecordWrapper,
  S3DataDistribution,
  S3DataType,
  SecondaryStatus,
  TrainingInputMode,
  TrainingInstanceType,
  TrainingJobStatus,
} from '@aws-sdk/client-sagemaker';
import createRequest from './fixtures/create-training-job-request.json';
import describeCompleted from './fixtures/describe-training-job-completed.json';
import describeInputDenied from './fixtures/describe-training-job-input-denied.json';
import { formatS3Uri } from '../../src/cli/aws-names';
import { parseJob } from '../../src/cli/job';
import { AwsJson, expectNoUnknownFields, SpecialFields, TIMESTAMP, UnknownFields, valuesAt } from '../util/aws-json';

type DescribeJson = AwsJson<DescribeTrainingJobResponse>;
type CreateJson = AwsJson<CreateTrainingJobRequest>;

// Compile time (tsc -p tsconfig.dev.json): each fixture is assignable to its SDK shape ...
const DESCRIBE_FIXTURES: { [name: string]: DescribeJson } = {
  'describe-training-job-completed.json': describeCompleted,
  'describe-training-job-input-denied.json': describeInputDenied,
};
const CREATE_FIXTURES: { [name: string]: CreateJson } = {
  'create-training-job-request.json': createRequest,
};
// ... and has no field the SDK does not know (a JSON import is not a fresh literal: no excess property check).
expectNoUnknownFields<UnknownFields<typeof describeCompleted, DescribeJson>>();
expectNoUnknownFields<UnknownFields<typeof describeInputDenied, DescribeJson>>();
expectNoUnknownFields<UnknownFields<typeof createRequest, CreateJson>>();

// Every field the types widened, with the SDK's enum object of its type; tsc demands each one the fixtures use.
const DESCRIBE_SPECIAL: SpecialFields<typeof describeCompleted | typeof describeInputDenied, DescribeTrainingJobResponse> = {
  'TrainingJobStatus': TrainingJobStatus,
  'SecondaryStatus': SecondaryStatus,
  'AlgorithmSpecification.TrainingInputMode': TrainingInputMode,
  'InputDataConfig[].DataSource.S3DataSource.S3DataType': S3DataType,
  'InputDataConfig[].DataSource.S3DataSource.S3DataDistributionType': S3DataDistribution,
  'InputDataConfig[].CompressionType': CompressionType,
  'InputDataConfig[].RecordWrapperType': RecordWrapper,
  'OutputDataConfig.CompressionType': OutputCompressionType,
  'ResourceConfig.InstanceType': TrainingInstanceType,
  'SecondaryStatusTransitions[].Status': SecondaryStatus,
  'ProfilingStatus': ProfilingStatus,
  'CreationTime': TIMESTAMP,
  'TrainingStartTime': TIMESTAMP,
  'TrainingEndTime': TIMESTAMP,
  'LastModifiedTime': TIMESTAMP,
  'SecondaryStatusTransitions[].StartTime': TIMESTAMP,
  'SecondaryStatusTransitions[].EndTime': TIMESTAMP,
};
const CREATE_SPECIAL: SpecialFields<typeof createRequest, CreateTrainingJobRequest> = {
  'AlgorithmSpecification.TrainingInputMode': TrainingInputMode,
  'InputDataConfig[].DataSource.S3DataSource.S3DataType': S3DataType,
  'InputDataConfig[].DataSource.S3DataSource.S3DataDistributionType': S3DataDistribution,
  'InputDataConfig[].InputMode': TrainingInputMode,
  'ResourceConfig.InstanceType': TrainingInstanceType,
};

/** [fixture name, path, allowed values or TIMESTAMP] for each widened field, over every fixture of a shape. */
function specialCases(fixtures: { [name: string]: unknown }, special: { [path: string]: unknown }): [string, string, unknown][] {
  return Object.entries(special).flatMap(([p, kind]) =>
    Object.entries(fixtures).filter(([, json]) => valuesAt(json, p).length > 0).map(([name]): [string, string, unknown] => [name, p, kind]));
}

describe.each([
  ['describe-training-job', DESCRIBE_FIXTURES, DESCRIBE_SPECIAL],
  ['CreateTrainingJob request', CREATE_FIXTURES, CREATE_SPECIAL],
] as [string, { [name: string]: unknown }, { [path: string]: unknown }][])('%s fixtures', (_, fixtures, special) => {
  test('every enum and timestamp field listed is found in some fixture (no run-time check is vacuous)', () => {
    const absent = Object.keys(special).filter((p) => Object.values(fixtures).every((json) => valuesAt(json, p).length === 0));
    expect(absent).toEqual([]);
  });

  test.each(specialCases(fixtures, special))('%s: %s holds what the SDK allows there', (name, p, kind) => {
    const values = valuesAt(fixtures[name], p);
    if (kind === TIMESTAMP) {
      // The AWS CLI's form: 2024-05-01T10:00:00.512000+00:00 (microseconds, an offset).
      const bad = values.filter((v) => typeof v !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v) || Number.isNaN(Date.parse(v)));
      expect(bad).toEqual([]);
    } else {
      const allowed = Object.values(kind as { [k: string]: string });
      expect(values.filter((v) => !allowed.includes(v as string))).toEqual([]);
    }
  });
});

describe('the CLI reads every training job fixture', () => {
  test.each(Object.entries({ ...DESCRIBE_FIXTURES, ...CREATE_FIXTURES }))('%s: name, role and each S3 input channel', (name, json) => {
    const job = parseJob(json, name);
    expect(job.jobName).toBe(json.TrainingJobName);
    expect(job.roleArn).toBe(json.RoleArn);
    const channels = (json.InputDataConfig ?? []).map((c) => c.DataSource?.S3DataSource?.S3Uri);
    expect(job.inputs.filter((i) => !i.source.startsWith('HyperParameters')).map((i) => formatS3Uri(i.uri))).toEqual(channels);
  });

  test('describe-training-job output: the failure reason, status and keys come through', () => {
    const job = parseJob(describeInputDenied, 'describe-training-job-input-denied.json');
    expect(job.status).toBe('Failed');
    expect(job.failureReason).toBe(describeInputDenied.FailureReason);
    expect(job.outputKey).toBe(describeInputDenied.OutputDataConfig.KmsKeyId);
    expect(job.volumeKey).toBe(describeInputDenied.ResourceConfig.VolumeKmsKeyId);
    expect(job.subnets).toEqual(describeInputDenied.VpcConfig.Subnets);
  });

  test('an empty KmsKeyId, as describe-training-job prints it for no key, means no key', () => {
    expect(describeCompleted.OutputDataConfig.KmsKeyId).toBe('');
    expect(parseJob(describeCompleted, 'describe-training-job-completed.json').outputKey).toBeUndefined();
  });
});
