/**
 * The whole training-job surface, simulated: the script's source code is read, the TensorBoard,
 * Debugger and Profiler outputs are written (and read back by rules only), the file systems are
 * described, the registry's credentials provider is invoked, remote debugging opens its channels,
 * images are pulled from every kind of repository, and everything stays inside the job-name
 * prefix. One step outside each, the role is denied.
 */
import { Stack } from 'aws-cdk-lib';
import { SageMakerTrainingRoleProps } from '../../src';
import { allows, denies } from '../util/cases';
import { minimalProps } from '../util/fixtures';
import { JOB_SURFACE, jobSurfaceProps } from '../util/job-surface-fixture';
import {
  Case, defaultKeyPolicy, ecrRepositoryArn, logStreamArn, OTHER_ACCOUNT, OTHER_REGION,
  s3BucketArn, s3ObjectArn, simulationTable, synthesize, via,
} from '../util/requests';
import { TEST_ENV } from '../util/resolve';
import { SDK_PREFLIGHT_REQUESTS } from '../util/sdk-preflight';
import { simulateTrust } from '../util/simulate';

const S = JOB_SURFACE;
const { partition, region, account } = TEST_ENV;
const GROUP = '/aws/sagemaker/TrainingJobs';
const JOB = `${S.jobNamePrefix}2024-06-01-12-00-00`;
const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
const CHANNEL_ACTIONS = ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'];
const WRITE_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload'];
const DLC_REPOSITORY = `arn:${partition}:ecr:${S.deepLearningContainerRegion}:${S.deepLearningContainerAccount}:repository/${S.deepLearningContainer}`;
const efsArn = (id: string) => `arn:${partition}:elasticfilesystem:${region}:${account}:file-system/${id}`;
const lambdaArn = (name: string) => `arn:${partition}:lambda:${region}:${account}:function:${name}`;
/** The repository policy of AWS's Deep Learning Containers: every AWS account may pull. */
const dlcRepository = (arn: string) => ({
  resource: arn,
  resourceAccount: S.deepLearningContainerAccount,
  resourcePolicy: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: PULL_ACTIONS, Resource: arn }],
  },
});
const onKey = (arn: string, action: string, context: Record<string, string> = {}) =>
  ({ action, resource: arn, context, resourcePolicy: defaultKeyPolicy(account) });

/** Cases that hold for the job-surface role whether or not rules and the pre-flight switch are on. */
function surfaceCases(repositories: string[], efsFileSystem: string): Case[] {
  const source = (key: string) => s3ObjectArn(S.codeBucket, `${S.sourcePrefix}${key}`);
  const debug = (prefix: string, key: string) => s3ObjectArn(S.debugBucket, `${prefix}${key}`);
  return [
    // Script mode: read sourcedir.tar.gz like an input, never write it.
    allows('reading the script (HeadObject/GetObject of sourcedir.tar.gz)', { action: 's3:GetObject', resource: source('sourcedir.tar.gz') }),
    allows('listing the source prefix', { action: 's3:ListBucket', resource: s3BucketArn(S.codeBucket), context: { 's3:prefix': S.sourcePrefix } }),
    allows('S3 decrypting the source code', onKey(S.codeKeyArn, 'kms:Decrypt', via('s3'))),
    denies('writing the source code location', { action: 's3:PutObject', resource: source('sourcedir.tar.gz') }),
    denies('deleting the script', { action: 's3:DeleteObject', resource: source('sourcedir.tar.gz') }),
    denies('reading code outside the source prefix', { action: 's3:GetObject', resource: s3ObjectArn(S.codeBucket, 'code/other/sourcedir.tar.gz') }),
    denies('listing the code bucket outside the source prefix', { action: 's3:ListBucket', resource: s3BucketArn(S.codeBucket), context: { 's3:prefix': 'code/' } }),
    denies('decrypting with the source code key directly', onKey(S.codeKeyArn, 'kms:Decrypt')),
    denies('S3 encrypting with the read-only source code key', onKey(S.codeKeyArn, 'kms:GenerateDataKey', via('s3'))),

    // TensorBoard, Debugger and Profiler outputs: written under each prefix.
    ...[S.tensorBoardPrefix, S.debugHookPrefix, S.profilerPrefix].flatMap((prefix) => WRITE_ACTIONS.map((action) =>
      allows(`writing under ${prefix}`, { action, resource: debug(prefix, 'run-1/events.out.tfevents.1717243200') }))),
    ...[S.tensorBoardPrefix, S.debugHookPrefix, S.profilerPrefix].map((prefix) =>
      denies(`deleting under ${prefix}`, { action: 's3:DeleteObject', resource: debug(prefix, 'run-1/events.out.tfevents.1717243200') })),
    denies('reading the TensorBoard output', { action: 's3:GetObject', resource: debug(S.tensorBoardPrefix, 'run-1/events.out.tfevents.1717243200') }),
    denies('listing the TensorBoard output', { action: 's3:ListBucket', resource: s3BucketArn(S.debugBucket), context: { 's3:prefix': S.tensorBoardPrefix } }),
    denies('writing to the debug bucket outside the output prefixes', { action: 's3:PutObject', resource: debug('other/', 'file') }),
    allows('S3 generating data keys with the debug output key', onKey(S.debugKeyArn, 'kms:GenerateDataKey', via('s3'))),
    allows('S3 decrypting with the debug output key (multipart uploads)', onKey(S.debugKeyArn, 'kms:Decrypt', via('s3'))),
    denies('using the debug output key directly', onKey(S.debugKeyArn, 'kms:GenerateDataKey')),
    denies('SageMaker encrypting with the debug output key', onKey(S.debugKeyArn, 'kms:Encrypt', via('sagemaker'))),

    // File systems: described, not mounted or changed by the role.
    allows('describing the EFS file system\'s mount targets', { action: 'elasticfilesystem:DescribeMountTargets', resource: efsFileSystem }),
    allows('describing the EFS file system', { action: 'elasticfilesystem:DescribeFileSystems', resource: efsFileSystem }),
    denies('describing another EFS file system\'s mount targets', { action: 'elasticfilesystem:DescribeMountTargets', resource: efsArn('fs-0ccccccccccccccc3') }),
    denies('describing an EFS file system of another account', {
      action: 'elasticfilesystem:DescribeMountTargets',
      resource: `arn:${partition}:elasticfilesystem:${region}:${OTHER_ACCOUNT}:file-system/${S.efsFileSystemId}`,
      resourceAccount: OTHER_ACCOUNT,
    }),
    denies('mounting the EFS file system as the role', { action: 'elasticfilesystem:ClientMount', resource: efsFileSystem }),
    denies('deleting the EFS file system', { action: 'elasticfilesystem:DeleteFileSystem', resource: efsFileSystem }),
    allows('describing FSx file systems (no resource-level permissions)', { action: 'fsx:DescribeFileSystems', resource: '*' }),
    denies('deleting the FSx file system', { action: 'fsx:DeleteFileSystem', resource: `arn:${partition}:fsx:${region}:${account}:file-system/${S.fsxFileSystemId}` }),
    denies('describing FSx backups', { action: 'fsx:DescribeBackups', resource: '*' }),

    // Private registry: invoke the provider, nothing else.
    allows('invoking the registry credentials provider', { action: 'lambda:InvokeFunction', resource: S.providerArn }),
    denies('invoking another function', { action: 'lambda:InvokeFunction', resource: lambdaArn('registry-credentials-other') }),
    denies('invoking a function of the same name in another account', {
      action: 'lambda:InvokeFunction',
      resource: `arn:${partition}:lambda:${region}:${OTHER_ACCOUNT}:function:registry-credentials`,
      resourceAccount: OTHER_ACCOUNT,
    }),
    denies('changing the provider\'s code', { action: 'lambda:UpdateFunctionCode', resource: S.providerArn }),
    denies('reading the provider\'s configuration', { action: 'lambda:GetFunction', resource: S.providerArn }),

    // Remote debugging: the four channel actions only.
    ...CHANNEL_ACTIONS.map((action) => allows('opening a remote debugging channel', { action, resource: '*' })),
    denies('starting a Session Manager session', { action: 'ssm:StartSession', resource: `arn:${partition}:ec2:${region}:${account}:instance/i-0123456789abcdef0` }),
    denies('sending an SSM command', { action: 'ssm:SendCommand', resource: `arn:${partition}:ec2:${region}:${account}:instance/i-0123456789abcdef0` }),

    // Images: every kind of repository, nothing else.
    ...repositories.flatMap((repository) => PULL_ACTIONS.map((action) => allows('pulling a training image', { action, resource: repository }))),
    // The DLC repositories admit every account; the role's own policy decides what it pulls.
    ...PULL_ACTIONS.map((action) => allows('pulling the Deep Learning Container', { action, ...dlcRepository(DLC_REPOSITORY) })),
    denies('pulling another Deep Learning Container', {
      action: 'ecr:BatchGetImage',
      ...dlcRepository(`arn:${partition}:ecr:${S.deepLearningContainerRegion}:${S.deepLearningContainerAccount}:repository/tensorflow-training`),
    }),
    denies('pulling the Deep Learning Container from another region', {
      action: 'ecr:BatchGetImage',
      ...dlcRepository(`arn:${partition}:ecr:${OTHER_REGION}:${S.deepLearningContainerAccount}:repository/${S.deepLearningContainer}`),
    }),
    denies('pulling the Deep Learning Container without the repository admitting the account', {
      action: 'ecr:BatchGetImage', resource: DLC_REPOSITORY, resourceAccount: S.deepLearningContainerAccount,
    }),
    denies('pushing to the Deep Learning Container repository', { action: 'ecr:PutImage', ...dlcRepository(DLC_REPOSITORY) }),
    denies('pushing to the assets repository', { action: 'ecr:PutImage', resource: repositories[1] }),
    denies('pulling from another repository of the account', { action: 'ecr:BatchGetImage', resource: ecrRepositoryArn('unrelated-image') }),

    // Logs: the streams of jobs named with the prefix.
    allows('creating the log stream of a job with the prefix', { action: 'logs:CreateLogStream', resource: logStreamArn(GROUP, `${JOB}/algo-1-1717243200`) }),
    allows('writing the log events of a job with the prefix', { action: 'logs:PutLogEvents', resource: logStreamArn(GROUP, `${JOB}/algo-1-1717243200`) }),
    denies('writing the log stream of another job', { action: 'logs:PutLogEvents', resource: logStreamArn(GROUP, 'other-job-2024-06-01/algo-1-1717243200') }),
    denies('creating the log stream of another job', { action: 'logs:CreateLogStream', resource: logStreamArn(GROUP, 'other-job-2024-06-01/algo-1-1717243200') }),
  ];
}

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('the job-surface role (debugger rules on), $setting', ({ options }) => {
  const syn = synthesize(jobSurfaceProps, options);
  const repositories = syn.props.trainingImages!.slice(0, 2).map((image) => syn.value(image.bind(syn.stack).repositoryArn));
  const efsFileSystem = syn.value(syn.props.efsFileSystems![0].fileSystemArn);

  test('the fixture names the EFS file system and the repositories as the requests do', () => {
    expect(efsFileSystem).toBe(efsArn(S.efsFileSystemId));
    expect(repositories[1]).toBe(ecrRepositoryArn(`cdk-hnb659fds-container-assets-${account}-${region}`));
  });

  simulationTable(() => syn.policies, [
    ...surfaceCases(repositories, efsFileSystem),
    // Rules read back what the hook and the profiler wrote.
    allows('a rule reading the Debugger hook output', { action: 's3:GetObject', resource: s3ObjectArn(S.debugBucket, `${S.debugHookPrefix}run-1/tensors.json`) }),
    allows('a rule reading the Profiler output', { action: 's3:GetObject', resource: s3ObjectArn(S.debugBucket, `${S.profilerPrefix}run-1/system.json`) }),
    allows('a rule listing the Debugger hook output', { action: 's3:ListBucket', resource: s3BucketArn(S.debugBucket), context: { 's3:prefix': S.debugHookPrefix } }),
    allows('a rule listing the Profiler output', { action: 's3:ListBucket', resource: s3BucketArn(S.debugBucket), context: { 's3:prefix': S.profilerPrefix } }),
    denies('listing the whole debug bucket', { action: 's3:ListBucket', resource: s3BucketArn(S.debugBucket), context: { 's3:prefix': '' } }),
  ]);

  test('the trust policy lets SageMaker assume the role for a job named with the prefix', async () => {
    expect(await simulateTrust(syn.trust, {
      principal: 'sagemaker.amazonaws.com',
      context: { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:${partition}:sagemaker:${region}:${account}:training-job/${JOB}` },
    })).toBe('Allowed');
  });

  test.each([
    ['a training job outside the prefix', 'training-job/other-job-2024-06-01'],
    ['a training job whose name only contains the prefix', `training-job/x-${S.jobNamePrefix}2024`],
    ['a tuning job named with the prefix', `hyper-parameter-tuning-job/${S.jobNamePrefix}tuning`],
    ['any SageMaker resource of the account', 'notebook-instance/churn-notebook'],
  ])('the trust policy denies SageMaker acting for %s', async (_what, resource) => {
    expect(await simulateTrust(syn.trust, {
      principal: 'sagemaker.amazonaws.com',
      context: { 'aws:SourceAccount': account, 'aws:SourceArn': `arn:${partition}:sagemaker:${region}:${account}:${resource}` },
    })).toBe('ImplicitlyDenied');
  });
});

describe('the job-surface role without debugger rules', () => {
  const syn = synthesize((stack) => ({ ...jobSurfaceProps(stack), debuggerRules: false }), { env: true });

  simulationTable(() => syn.policies, [
    allows('writing the Debugger hook output', { action: 's3:PutObject', resource: s3ObjectArn(S.debugBucket, `${S.debugHookPrefix}run-1/tensors.json`) }),
    denies('reading the Debugger hook output', { action: 's3:GetObject', resource: s3ObjectArn(S.debugBucket, `${S.debugHookPrefix}run-1/tensors.json`) }),
    denies('reading the Profiler output', { action: 's3:GetObject', resource: s3ObjectArn(S.debugBucket, `${S.profilerPrefix}run-1/system.json`) }),
    denies('listing the Debugger hook output', { action: 's3:ListBucket', resource: s3BucketArn(S.debugBucket), context: { 's3:prefix': S.debugHookPrefix } }),
  ]);
});

const SDK_ACTIONS = SDK_PREFLIGHT_REQUESTS;

/** What the switch must not add: each still denied with it on. */
const STILL_DENIED: Case[] = [
  denies('running instances', { action: 'ec2:RunInstances', resource: '*' }),
  denies('attaching a network interface', { action: 'ec2:AttachNetworkInterface', resource: '*' }),
  denies('changing a network interface', { action: 'ec2:ModifyNetworkInterfaceAttribute', resource: '*' }),
  denies('creating a VPC', { action: 'ec2:CreateVpc', resource: '*' }),
  denies('describing instances', { action: 'ec2:DescribeInstances', resource: '*' }),
  denies('reading an object outside the input locations', { action: 's3:GetObject', resource: s3ObjectArn('unrelated-bucket', 'data.csv') }),
  denies('pulling from a repository the role was not given', { action: 'ecr:BatchGetImage', resource: ecrRepositoryArn('unrelated-image') }),
  denies('reading metrics', { action: 'cloudwatch:GetMetricData', resource: '*' }),
  denies('writing logs to another log group', { action: 'logs:PutLogEvents', resource: logStreamArn('/aws/lambda/unrelated-function', 'stream') }),
  denies('passing a role', { action: 'iam:PassRole', resource: `arn:${partition}:iam::${account}:role/other-role` }),
];

describe.each([
  {
    config: 'minimal props (no VPC, no repository)',
    fixture: minimalProps,
    refused: ['cloudwatch:PutMetricData', 'ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'],
  },
  {
    // Network interface management is conditioned on ec2:Vpc, absent from the check's requests.
    config: 'the job-surface props (in a VPC)',
    fixture: (stack: Stack) => jobSurfaceProps(stack),
    refused: ['cloudwatch:PutMetricData', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'],
  },
])('the SDK v3 pre-flight check against $config', ({ fixture, refused }) => {
  const off = synthesize(fixture, { env: true });
  const on = synthesize((stack): SageMakerTrainingRoleProps => ({ ...fixture(stack), sdkPreflightCompatibility: true }), { env: true });

  describe('with sdkPreflightCompatibility', () => {
    simulationTable(() => on.policies, [
      ...SDK_ACTIONS.map((action) => allows('the pre-flight request', { action, resource: '*' })),
      ...STILL_DENIED,
    ]);
  });

  describe('without it (the least-privilege role the check refuses)', () => {
    simulationTable(() => off.policies, [
      ...refused.map((action) => denies('the pre-flight request, with no resource and no context', { action, resource: '*' })),
      ...STILL_DENIED,
    ]);
  });
});
