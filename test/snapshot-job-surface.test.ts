import { jobSurfaceProps } from './util/job-surface-fixture';
import { resolvedRole } from './util/resolved-role';

/**
 * A backstop for review of the whole training-job surface: the role's resolved policies and trust
 * policy, as IAM will see them. The job-surface permission and simulation tests prove the content;
 * this shows every change to it in a diff. Update by hand only (`test:update`).
 */
const statements = (policies: { statements: any[] }[]) => policies.flatMap((p) => p.statements);
const sids = (policies: { statements: any[] }[]) => statements(policies).map((s) => s.Sid).sort();
const sidsOf = (policy: { statements: any[] }) => policy.statements.map((s) => s.Sid);
const policyNames = (policies: { name: string }[]) => policies.map((p) => /^TrainingRole(Policy\d+)[0-9A-F]{8}$/.exec(p.name)?.[1]);

const TRUST_STATEMENT = {
  Effect: 'Allow',
  Action: 'sts:AssumeRole',
  Principal: { Service: 'sagemaker.amazonaws.com' },
  Condition: {
    StringEquals: { 'aws:SourceAccount': '111122223333' },
    ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:us-east-1:111122223333:training-job/churn-*' },
  },
};

const JOB_SURFACE_SIDS = [
  'DebugHookWrite', 'DebugOutputKeyUse', 'DebuggerRulesList', 'DebuggerRulesRead',
  'EfsDescribe', 'FsxDescribe', 'ImagePull', 'ImageRegistryAuth',
  'LogGroupAccess', 'LogStreamWrite', 'MetricsPublish', 'ModelOutputWrite',
  'NetworkDescribe', 'NetworkInterfaceCreate', 'NetworkInterfaceManage',
  'ProfilerWrite', 'RegistryCredentialsInvoke', 'RemoteDebugChannels',
  'SourceCodeDecrypt', 'SourceCodeList', 'SourceCodeRead',
  'TensorBoardWrite', 'TrainingDataList', 'TrainingDataRead',
];

test('job-surface fixture: one statement per purpose, in one policy, prefix-bound trust', () => {
  const { policies, trust } = resolvedRole(jobSurfaceProps);
  expect(sids(policies)).toEqual(JOB_SURFACE_SIDS);
  expect(policyNames(policies)).toEqual(['Policy1']);
  expect(sidsOf(policies[0])).toEqual([
    // The reading order of src/private/render.ts: data and keys first, plumbing last.
    'TrainingDataRead', 'TrainingDataList', 'SourceCodeRead', 'SourceCodeList', 'SourceCodeDecrypt',
    'ModelOutputWrite', 'TensorBoardWrite', 'DebugHookWrite', 'ProfilerWrite', 'DebuggerRulesRead', 'DebuggerRulesList', 'DebugOutputKeyUse',
    'ImagePull', 'ImageRegistryAuth', 'RegistryCredentialsInvoke',
    'LogGroupAccess', 'LogStreamWrite', 'MetricsPublish',
    'NetworkInterfaceCreate', 'NetworkInterfaceManage', 'NetworkDescribe',
    'FsxDescribe', 'EfsDescribe', 'RemoteDebugChannels',
  ]);
  expect(statements(policies).find((s) => s.Sid === 'LogStreamWrite').Resource)
    .toBe('arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/TrainingJobs:log-stream:churn-*');
  expect(statements(policies).find((s) => s.Sid === 'ImagePull').Resource).toEqual([
    'arn:aws:ecr:us-east-1:111122223333:repository/repo-trainingrepositoryc4752f44',
    'arn:aws:ecr:us-east-1:111122223333:repository/cdk-hnb659fds-container-assets-111122223333-us-east-1',
    'arn:aws:ecr:us-east-1:763104351884:repository/pytorch-training',
  ]);
  expect(trust.Statement).toEqual([TRUST_STATEMENT]);
  expect({ policies, trust }).toMatchSnapshot();
});

test('job-surface fixture with sdkPreflightCompatibility: the same statements and one more, with the network statements', () => {
  const { policies, trust } = resolvedRole((stack) => jobSurfaceProps(stack, { sdkPreflightCompatibility: true }));
  const off = resolvedRole(jobSurfaceProps);
  expect(sids(policies)).toEqual([...JOB_SURFACE_SIDS, 'SdkPreflightCompatibility'].sort());
  // The same statements, whichever policy holds them.
  const byJson = (list: any[]) => list.map((s) => JSON.stringify(s)).sort();
  expect(byJson(statements(policies).filter((s) => s.Sid !== 'SdkPreflightCompatibility'))).toEqual(byJson(statements(off.policies)));
  expect(statements(policies).find((s) => s.Sid === 'SdkPreflightCompatibility')).toEqual({
    Sid: 'SdkPreflightCompatibility',
    Effect: 'Allow',
    Action: [
      'ecr:GetAuthorizationToken', 'cloudwatch:PutMetricData',
      'ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission',
      'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
    ],
    Resource: '*',
  });
  // With unresolved values counted at their longest (the ECR repository ARNs at 320 characters),
  // the statements no longer fit one policy: the second holds data locations only.
  expect(policyNames(policies)).toEqual(['Policy1', 'Policy2']);
  expect(sidsOf(policies[0])).toEqual(expect.arrayContaining(['NetworkInterfaceCreate', 'SdkPreflightCompatibility']));
  expect(trust.Statement).toEqual([TRUST_STATEMENT]);
  expect({ policies, trust }).toMatchSnapshot();
});
