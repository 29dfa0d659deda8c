/**
 * The trust policy: SageMaker may assume the role on behalf of this account (any SageMaker
 * resource of this account and region), and nobody else may.
 */
import { fullProps, minimalProps } from '../util/fixtures';
import { OTHER_ACCOUNT, OTHER_REGION, synthesize } from '../util/requests';
import { TEST_ENV } from '../util/resolve';
import { simulateTrust, Verdict } from '../util/simulate';

const { partition, region, account } = TEST_ENV;
const sagemakerArn = (resource: string, owner = account, inRegion = region) =>
  `arn:${partition}:sagemaker:${inRegion}:${owner}:${resource}`;

interface TrustCase {
  readonly name: string;
  readonly principal: string;
  readonly context: Record<string, string>;
  readonly expected: Verdict;
}

const own = (resource: string) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': sagemakerArn(resource) });

const cases: TrustCase[] = [
  { name: 'allows SageMaker for a training job of this account', principal: 'sagemaker.amazonaws.com', context: own('training-job/my-job'), expected: 'Allowed' },
  { name: 'allows SageMaker for a training job started by a tuning job of this account', principal: 'sagemaker.amazonaws.com', context: own('hyper-parameter-tuning-job/my-tuning'), expected: 'Allowed' },
  { name: 'allows SageMaker for a training job started by a pipeline of this account', principal: 'sagemaker.amazonaws.com', context: own('pipeline/my-pipeline/execution/abc123'), expected: 'Allowed' },

  {
    name: 'denies SageMaker acting for another account',
    principal: 'sagemaker.amazonaws.com',
    context: { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': sagemakerArn('training-job/my-job', OTHER_ACCOUNT) },
    expected: 'ImplicitlyDenied',
  },
  {
    name: 'denies SageMaker with this account but a source ARN of another account',
    principal: 'sagemaker.amazonaws.com',
    context: { 'aws:SourceAccount': account, 'aws:SourceArn': sagemakerArn('training-job/my-job', OTHER_ACCOUNT) },
    expected: 'ImplicitlyDenied',
  },
  {
    name: 'denies SageMaker with a source ARN of this account but another source account',
    principal: 'sagemaker.amazonaws.com',
    context: { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': sagemakerArn('training-job/my-job') },
    expected: 'ImplicitlyDenied',
  },
  {
    name: 'denies SageMaker acting in another region',
    principal: 'sagemaker.amazonaws.com',
    context: { 'aws:SourceAccount': account, 'aws:SourceArn': sagemakerArn('training-job/my-job', account, OTHER_REGION) },
    expected: 'ImplicitlyDenied',
  },
  {
    name: 'denies SageMaker with a source ARN of another service',
    principal: 'sagemaker.amazonaws.com',
    context: { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:${partition}:lambda:${region}:${account}:function:my-function` },
    expected: 'ImplicitlyDenied',
  },
  { name: 'denies SageMaker without aws:SourceAccount and aws:SourceArn', principal: 'sagemaker.amazonaws.com', context: {}, expected: 'ImplicitlyDenied' },
  { name: 'denies SageMaker without aws:SourceArn', principal: 'sagemaker.amazonaws.com', context: { 'aws:SourceAccount': account }, expected: 'ImplicitlyDenied' },
  { name: 'denies SageMaker without aws:SourceAccount', principal: 'sagemaker.amazonaws.com', context: { 'aws:SourceArn': sagemakerArn('training-job/my-job') }, expected: 'ImplicitlyDenied' },
  { name: 'denies EC2 with this account as the source', principal: 'ec2.amazonaws.com', context: { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:${partition}:ec2:${region}:${account}:instance/i-0123456789abcdef0` }, expected: 'ImplicitlyDenied' },
  { name: 'denies Lambda with this account as the source', principal: 'lambda.amazonaws.com', context: { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:${partition}:lambda:${region}:${account}:function:my-function` }, expected: 'ImplicitlyDenied' },
  { name: 'denies another service presenting a SageMaker source ARN of this account', principal: 'ec2.amazonaws.com', context: own('training-job/my-job'), expected: 'ImplicitlyDenied' },
];

describe.each([
  { config: 'full props, environment-agnostic', fixture: fullProps, options: {} },
  { config: 'full props, in the test environment', fixture: fullProps, options: { env: true } },
  { config: 'minimal props, environment-agnostic', fixture: minimalProps, options: {} },
])('trust policy of the $config', ({ fixture, options }) => {
  const syn = synthesize(fixture, options);

  test.each(cases)('$name', async ({ principal, context, expected }) => {
    expect(await simulateTrust(syn.trust, { principal, context })).toBe(expected);
  });

  test('denies a role of the same account (no identity policy of its own)', async () => {
    expect(await simulateTrust(syn.trust, { principal: `arn:${partition}:iam::${account}:role/some-other-role`, context: {} })).toBe('ImplicitlyDenied');
  });
});
