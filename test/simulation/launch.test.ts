/**
 * grantLaunch by simulation: the launcher may start a job that respects every guardrail, and a
 * launch that breaks any one guardrail alone is denied. PassRole passes this role to SageMaker
 * only. Requests carry the condition keys SageMaker sets on CreateTrainingJob; `simulateRequest`
 * refuses a key the simulator would ignore for the action.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { TrainingJobLaunchOptions } from '../../src';
import { allows, denies, deniesExplicitly } from '../util/cases';
import { fullProps, importedProps, minimalProps } from '../util/fixtures';
import { Launch, launchWith } from '../util/launch';
import { Case, kmsKeyArn, OTHER_ACCOUNT, OTHER_REGION, SimRequest, simulationTable } from '../util/requests';
import { TEST_ENV } from '../util/resolve';
import { sarViolations } from '../util/sar';

const { partition, region, account } = TEST_ENV;
const jobArn = (name: string, owner = account, inRegion = region) => `arn:${partition}:sagemaker:${inRegion}:${owner}:training-job/${name}`;
const roleArn = (name: string) => `arn:${partition}:iam::${account}:role/${name}`;

const OTHER_SUBNET = 'subnet-0fffffffffffffff1';
const OTHER_GROUP = 'sg-0fffffffffffffff2';
const OTHER_KEY = kmsKeyArn('0000aaaa-00aa-00aa-00aa-000000000000');

/** Every guardrail on: the full props' VPC and keys, and the optional ones. */
const STRICT: TrainingJobLaunchOptions = {
  jobNamePrefix: 'team-a-',
  allowTags: true,
  requireNetworkIsolation: true,
  requireInterContainerTrafficEncryption: true,
  instanceTypes: ['ml.g5.*', 'ml.p4d.24xlarge'],
  maxRuntime: Duration.hours(24),
};

type Context = Record<string, string | string[]>;

/** The condition keys of a CreateTrainingJob request that respects every guardrail of STRICT on the role. */
function compliant(launch: Launch): Context {
  const props = launch.props;
  return {
    'sagemaker:VpcSubnets': props.vpc!.selectSubnets(props.vpcSubnets).subnetIds.map((id) => launch.value(id)),
    'sagemaker:VpcSecurityGroupIds': props.securityGroups!.map((g) => launch.value(g.securityGroupId)),
    'sagemaker:OutputKmsKeyArn': launch.value(props.outputKmsKey!.keyArn),
    ...(props.volumeKmsKey ? { 'sagemaker:VolumeKmsKeyArn': launch.value(props.volumeKmsKey.keyArn) } : {}),
    'sagemaker:NetworkIsolation': 'true',
    'sagemaker:InterContainerTrafficEncryption': 'true',
    'sagemaker:InstanceTypes': ['ml.g5.2xlarge'],
    'sagemaker:MaxRuntimeInSeconds': '7200',
  };
}

function create(name: string, context: Context, owner = account, inRegion = region): SimRequest {
  return { action: 'sagemaker:CreateTrainingJob', resource: jobArn(name, owner, inRegion), resourceAccount: owner, context };
}

function without(context: Context, ...keys: string[]): Context {
  return Object.fromEntries(Object.entries(context).filter(([k]) => !keys.includes(k)));
}

/** A compliant launch and each guardrail broken alone. */
function guardrailCases(launch: Launch): Case[] {
  const ok = compliant(launch);
  const subnets = ok['sagemaker:VpcSubnets'] as string[];
  const groups = ok['sagemaker:VpcSecurityGroupIds'] as string[];
  const cases: Case[] = [
    allows('a launch that respects every guardrail', create('team-a-run-1', ok)),
    allows('a launch in one of the role\'s subnets', create('team-a-run-1', { ...ok, 'sagemaker:VpcSubnets': [subnets[0]] })),
    allows('a launch that enables no remote debugging', create('team-a-run-1', { ...ok, 'sagemaker:EnableRemoteDebug': 'false' })),
    allows('a launch on two allowed instance types', create('team-a-run-1', { ...ok, 'sagemaker:InstanceTypes': ['ml.g5.2xlarge', 'ml.p4d.24xlarge'] })),
    allows('a launch at exactly the maximum run time', create('team-a-run-1', { ...ok, 'sagemaker:MaxRuntimeInSeconds': '86400' })),

    deniesExplicitly('a launch in another subnet', create('team-a-run-1', { ...ok, 'sagemaker:VpcSubnets': [OTHER_SUBNET] })),
    deniesExplicitly('a launch in the role\'s subnets and another one', create('team-a-run-1', { ...ok, 'sagemaker:VpcSubnets': [...subnets, OTHER_SUBNET] })),
    deniesExplicitly('a launch without a VPC', create('team-a-run-1', without(ok, 'sagemaker:VpcSubnets', 'sagemaker:VpcSecurityGroupIds'))),
    deniesExplicitly('a launch with another security group', create('team-a-run-1', { ...ok, 'sagemaker:VpcSecurityGroupIds': [OTHER_GROUP] })),
    deniesExplicitly('a launch with the role\'s security groups and another one', create('team-a-run-1', { ...ok, 'sagemaker:VpcSecurityGroupIds': [...groups, OTHER_GROUP] })),
    deniesExplicitly('a launch with subnets but no security group', create('team-a-run-1', without(ok, 'sagemaker:VpcSecurityGroupIds'))),
    deniesExplicitly('a launch with another output key', create('team-a-run-1', { ...ok, 'sagemaker:OutputKmsKeyArn': OTHER_KEY })),
    deniesExplicitly('a launch without an output key', create('team-a-run-1', without(ok, 'sagemaker:OutputKmsKeyArn'))),
    deniesExplicitly('a launch without network isolation', create('team-a-run-1', { ...ok, 'sagemaker:NetworkIsolation': 'false' })),
    deniesExplicitly('a launch that leaves network isolation out', create('team-a-run-1', without(ok, 'sagemaker:NetworkIsolation'))),
    deniesExplicitly('a launch without inter-container traffic encryption', create('team-a-run-1', { ...ok, 'sagemaker:InterContainerTrafficEncryption': 'false' })),
    deniesExplicitly('a launch on another instance type', create('team-a-run-1', { ...ok, 'sagemaker:InstanceTypes': ['ml.m5.xlarge'] })),
    deniesExplicitly('a launch on an allowed and another instance type', create('team-a-run-1', { ...ok, 'sagemaker:InstanceTypes': ['ml.g5.2xlarge', 'ml.m5.xlarge'] })),
    deniesExplicitly('a launch that names no instance type', create('team-a-run-1', without(ok, 'sagemaker:InstanceTypes'))),
    deniesExplicitly('a launch above the maximum run time', create('team-a-run-1', { ...ok, 'sagemaker:MaxRuntimeInSeconds': '86401' })),
    deniesExplicitly('a launch that gives no maximum run time', create('team-a-run-1', without(ok, 'sagemaker:MaxRuntimeInSeconds'))),
    deniesExplicitly('a launch with remote debugging the role does not allow', create('team-a-run-1', { ...ok, 'sagemaker:EnableRemoteDebug': 'true' })),
    denies('a launch named outside the prefix', create('team-b-run-1', ok)),
    denies('a launch named with the prefix in another case', create('TEAM-A-run-1', ok)),
    denies('a launch in another region', create('team-a-run-1', ok, account, OTHER_REGION)),
    denies('a launch in another account', create('team-a-run-1', ok, OTHER_ACCOUNT)),
  ];
  if (launch.props.volumeKmsKey) {
    cases.push(
      deniesExplicitly('a launch with another volume key', create('team-a-run-1', { ...ok, 'sagemaker:VolumeKmsKeyArn': OTHER_KEY })),
      deniesExplicitly('a launch without a volume key', create('team-a-run-1', without(ok, 'sagemaker:VolumeKmsKeyArn'))),
    );
  }
  return cases;
}

/** PassRole, Describe, Stop and AddTags of a launch with the prefix `team-a-` and allowTags. */
function manageCases(launch: Launch): Case[] {
  const thisRole = launch.value(launch.role.roleArn);
  const passed = (service: string) => ({ 'iam:PassedToService': service });
  return [
    allows('passing this role to SageMaker', { action: 'iam:PassRole', resource: thisRole, context: passed('sagemaker.amazonaws.com') }),
    denies('passing this role to EC2', { action: 'iam:PassRole', resource: thisRole, context: passed('ec2.amazonaws.com') }),
    denies('passing this role to Lambda', { action: 'iam:PassRole', resource: thisRole, context: passed('lambda.amazonaws.com') }),
    denies('passing this role to no named service', { action: 'iam:PassRole', resource: thisRole }),
    denies('passing another role to SageMaker', { action: 'iam:PassRole', resource: roleArn('other-role'), context: passed('sagemaker.amazonaws.com') }),

    ...['sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob', 'sagemaker:AddTags'].flatMap((action) => [
      allows(`${action} on a job under the prefix`, { action, resource: jobArn('team-a-run-1') }),
      denies(`${action} on a job outside the prefix`, { action, resource: jobArn('team-b-run-1') }),
    ]),
    denies('deleting or updating a job', { action: 'sagemaker:UpdateTrainingJob', resource: jobArn('team-a-run-1') }),
    denies('launching another kind of job', { action: 'sagemaker:CreateProcessingJob', resource: `arn:${partition}:sagemaker:${region}:${account}:processing-job/team-a-run-1` }),
  ];
}

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('launching with every guardrail, full props, $setting', ({ options }) => {
  const launch = launchWith(fullProps, STRICT, options);
  simulationTable(() => launch.policies, [...guardrailCases(launch), ...manageCases(launch)]);

  test('has no action, resource or condition key the Service Authorization Reference rejects', async () => {
    expect(await sarViolations(launch.policies)).toEqual([]);
  });
});

describe('launching with every guardrail, imported props (no volume key)', () => {
  const launch = launchWith(importedProps, STRICT, { env: true });
  simulationTable(() => launch.policies, [...guardrailCases(launch), ...manageCases(launch)]);

  test('has no action, resource or condition key the Service Authorization Reference rejects', async () => {
    expect(await sarViolations(launch.policies)).toEqual([]);
  });
});

describe('launching with the defaults, full props (guardrails derived from the role)', () => {
  const launch = launchWith(fullProps);
  const ok = without(compliant(launch), 'sagemaker:NetworkIsolation', 'sagemaker:InterContainerTrafficEncryption', 'sagemaker:InstanceTypes', 'sagemaker:MaxRuntimeInSeconds');
  simulationTable(() => launch.policies, [
    allows('a launch in the role\'s VPC with its keys, under any name', create('any-name', ok)),
    allows('a launch on any instance type, any run time, any isolation', create('any-name', {
      ...ok,
      'sagemaker:InstanceTypes': ['ml.m5.xlarge'],
      'sagemaker:MaxRuntimeInSeconds': '2419200',
      'sagemaker:NetworkIsolation': 'false',
      'sagemaker:InterContainerTrafficEncryption': 'false',
    })),
    deniesExplicitly('a launch without a VPC', create('any-name', without(ok, 'sagemaker:VpcSubnets', 'sagemaker:VpcSecurityGroupIds'))),
    deniesExplicitly('a launch with another output key', create('any-name', { ...ok, 'sagemaker:OutputKmsKeyArn': OTHER_KEY })),
    deniesExplicitly('a launch without a volume key', create('any-name', without(ok, 'sagemaker:VolumeKmsKeyArn'))),
    denies('tagging a job (allowTags not set)', { action: 'sagemaker:AddTags', resource: jobArn('any-name') }),
  ]);

  test('has no action, resource or condition key the Service Authorization Reference rejects', async () => {
    expect(await sarViolations(launch.policies)).toEqual([]);
  });
});

describe('launching with the defaults, minimal props (no VPC, no keys)', () => {
  const launch = launchWith(minimalProps);
  simulationTable(() => launch.policies, [
    allows('a launch without VPC or keys', create('any-name', {})),
    allows('a launch in any VPC with any key', create('any-name', {
      'sagemaker:VpcSubnets': [OTHER_SUBNET],
      'sagemaker:VpcSecurityGroupIds': [OTHER_GROUP],
      'sagemaker:OutputKmsKeyArn': OTHER_KEY,
    })),
    deniesExplicitly('a launch with remote debugging the role does not allow', create('any-name', { 'sagemaker:EnableRemoteDebug': 'true' })),
    denies('tagging a job (allowTags not set)', { action: 'sagemaker:AddTags', resource: jobArn('any-name') }),
  ]);

  test('has no action, resource or condition key the Service Authorization Reference rejects', async () => {
    expect(await sarViolations(launch.policies)).toEqual([]);
  });
});

describe('launching with a role that allows remote debugging', () => {
  const launch = launchWith((stack: Stack) => ({ ...minimalProps(stack), remoteDebugging: true }));
  simulationTable(() => launch.policies, [
    allows('a launch with remote debugging', create('any-name', { 'sagemaker:EnableRemoteDebug': 'true' })),
  ]);
});

describe('launching under the role\'s job-name prefix', () => {
  const launch = launchWith((stack: Stack) => ({ ...minimalProps(stack), trainingJobNamePrefix: 'nightly-' }), { allowTags: true });
  simulationTable(() => launch.policies, [
    allows('a launch named with the role\'s prefix', create('nightly-2026-01-01', {})),
    denies('a launch named otherwise', create('weekly-2026-01-01', {})),
    ...['sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob', 'sagemaker:AddTags'].map((action) =>
      denies(`${action} on a job named otherwise`, { action, resource: jobArn('weekly-2026-01-01') })),
  ]);
});
