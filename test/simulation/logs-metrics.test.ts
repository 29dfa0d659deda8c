/**
 * Logs and metrics: the job writes to SageMaker's training log group and publishes metrics in
 * SageMaker's training namespace, in its own region and account, and nowhere else.
 */
import { allows, denies } from '../util/cases';
import { fullProps, importedProps, minimalProps } from '../util/fixtures';
import { Case, logGroupArn, logStreamArn, OTHER_ACCOUNT, OTHER_REGION, simulationTable, synthesize } from '../util/requests';

const GROUP = '/aws/sagemaker/TrainingJobs';
const STREAM = 'my-training-job-2024-01-01/algo-1-1704067200';
const NAMESPACE = '/aws/sagemaker/TrainingJobs';

const cases: Case[] = [
  allows('creating the training log group', { action: 'logs:CreateLogGroup', resource: logGroupArn(GROUP) }),
  allows('describing the streams of the training log group', { action: 'logs:DescribeLogStreams', resource: logGroupArn(GROUP) }),
  allows('creating the job\'s log stream', { action: 'logs:CreateLogStream', resource: logStreamArn(GROUP, STREAM) }),
  allows('writing the job\'s log events', { action: 'logs:PutLogEvents', resource: logStreamArn(GROUP, STREAM) }),

  denies('writing logs to another log group', { action: 'logs:PutLogEvents', resource: logStreamArn('/aws/lambda/unrelated-function', STREAM) }),
  denies('writing logs to a sibling-named log group', { action: 'logs:PutLogEvents', resource: logStreamArn(`${GROUP}Extra`, STREAM) }),
  denies('creating a stream in the endpoints log group', { action: 'logs:CreateLogStream', resource: logStreamArn('/aws/sagemaker/Endpoints/my-endpoint', STREAM) }),
  denies('creating another log group', { action: 'logs:CreateLogGroup', resource: logGroupArn('/aws/sagemaker/ProcessingJobs') }),
  denies('writing logs in another region', { action: 'logs:PutLogEvents', resource: `${logGroupArn(GROUP, undefined, OTHER_REGION)}:log-stream:${STREAM}` }),
  denies('writing logs in another account', { action: 'logs:PutLogEvents', resource: `${logGroupArn(GROUP, OTHER_ACCOUNT)}:log-stream:${STREAM}`, resourceAccount: OTHER_ACCOUNT }),
  denies('deleting the training log group', { action: 'logs:DeleteLogGroup', resource: logGroupArn(GROUP) }),
  denies('deleting a log stream', { action: 'logs:DeleteLogStream', resource: logStreamArn(GROUP, STREAM) }),
  denies('reading log events', { action: 'logs:GetLogEvents', resource: logStreamArn(GROUP, STREAM) }),
  denies('changing the retention of the training log group', { action: 'logs:PutRetentionPolicy', resource: logGroupArn(GROUP) }),

  allows('publishing metrics in the training namespace', { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': NAMESPACE } }),
  denies('publishing metrics in the endpoints namespace', { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': '/aws/sagemaker/Endpoints' } }),
  denies('publishing metrics in an AWS namespace', { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': 'AWS/EC2' } }),
  denies('publishing metrics in a sibling-named namespace', { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': `${NAMESPACE}Extra` } }),
  denies('publishing metrics without a namespace', { action: 'cloudwatch:PutMetricData', resource: '*' }),
  denies('reading metrics', { action: 'cloudwatch:GetMetricData', resource: '*' }),
];

describe.each([
  { config: 'full props, environment-agnostic', fixture: fullProps, options: {} },
  { config: 'full props, in the test environment', fixture: fullProps, options: { env: true } },
  { config: 'imported props, in the test environment', fixture: importedProps, options: { env: true } },
  { config: 'minimal props, environment-agnostic', fixture: minimalProps, options: {} },
  { config: 'minimal props, in the test environment', fixture: minimalProps, options: { env: true } },
])('logs and metrics of the $config', ({ fixture, options }) => {
  const syn = synthesize(fixture, options);
  simulationTable(() => syn.policies, cases);
});
