/**
 * grantLaunch guardrails hold whatever else the principal is allowed: for a Lambda function, an
 * IAM user and a Step Functions state machine wired with aws-cdk-lib's `SageMakerCreateTrainingJob`
 * task (which grants `sagemaker:CreateTrainingJob` on `training-job/*` without conditions), a
 * compliant launch is allowed and a launch that breaks any one guardrail alone is explicitly
 * denied, also when the principal holds `sagemaker:CreateTrainingJob` on `*` unconditioned.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole, TrainingJobLaunchOptions } from '../../src';
import { allows, deniesExplicitly } from '../util/cases';
import { fullProps, newStack, templateOf } from '../util/fixtures';
import { Case, kmsKeyArn, SimRequest, simulationTable } from '../util/requests';
import { resolveIntrinsics, TEST_ENV } from '../util/resolve';
import { sarViolations } from '../util/sar';
import { withTrainingTask } from '../util/stepfunctions';

const { partition, region, account } = TEST_ENV;
const jobArn = (name: string) => `arn:${partition}:sagemaker:${region}:${account}:training-job/${name}`;

const OTHER_SUBNET = 'subnet-0fffffffffffffff1';
const OTHER_GROUP = 'sg-0fffffffffffffff2';
const OTHER_KEY = kmsKeyArn('0000aaaa-00aa-00aa-00aa-000000000000');

const STRICT: TrainingJobLaunchOptions = {
  jobNamePrefix: 'team-a-',
  requireNetworkIsolation: true,
  requireInterContainerTrafficEncryption: true,
  instanceTypes: ['ml.g5.*'],
  maxRuntime: Duration.hours(24),
};

type Context = Record<string, string | string[]>;
type Policies = { name: string; policy: any }[];

/** The principal's identity policies (inline policies naming it), resolved. */
function principalPolicies(stack: Stack, kind: 'Roles' | 'Users', logicalId: string): Policies {
  const json = templateOf(stack);
  return Object.entries<any>(json.Resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && (r.Properties[kind] ?? []).some((x: any) => x.Ref === logicalId))
    .map(([name, r]) => ({ name, policy: resolveIntrinsics(json, r.Properties.PolicyDocument) }));
}

interface Wired {
  readonly policies: Policies;
  readonly role: SageMakerTrainingRole;
  readonly stack: Stack;
  /** The deployed value of a CDK string. */
  value(v: string): string;
}

const UNCONDITIONED = new iam.PolicyStatement({ actions: ['sagemaker:CreateTrainingJob'], resources: ['*'] });

/** Builds the role from the full props and one kind of principal granted `grantLaunch(STRICT)`. */
function wire(kind: 'lambda' | 'user' | 'state machine', extraAllow: boolean): Wired {
  const stack = newStack({ env: true });
  const props = fullProps(stack);
  let role: SageMakerTrainingRole;
  let policies: () => Policies;
  if (kind === 'state machine') {
    const wired = withTrainingTask(stack, props);
    role = wired.trainingRole;
    const machine = wired.render();
    role.grantLaunch(machine, STRICT);
    if (extraAllow) machine.addToRolePolicy(UNCONDITIONED);
    policies = () => principalPolicies(stack, 'Roles', stack.getLogicalId(machine.role.node.defaultChild as iam.CfnRole));
  } else if (kind === 'lambda') {
    role = new SageMakerTrainingRole(stack, 'TrainingRole', props);
    const fn = new lambda.Function(stack, 'Launcher', {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'index.handler',
      code: lambda.Code.fromInline('def handler(event, context):\n    pass\n'),
    });
    role.grantLaunch(fn, STRICT);
    if (extraAllow) fn.addToRolePolicy(UNCONDITIONED);
    policies = () => principalPolicies(stack, 'Roles', stack.getLogicalId(fn.role!.node.defaultChild as iam.CfnRole));
  } else {
    role = new SageMakerTrainingRole(stack, 'TrainingRole', props);
    const user = new iam.User(stack, 'Launcher');
    role.grantLaunch(user, STRICT);
    if (extraAllow) user.addToPrincipalPolicy(UNCONDITIONED);
    policies = () => principalPolicies(stack, 'Users', stack.getLogicalId(user.node.defaultChild as iam.CfnUser));
  }
  const resolved = policies();
  const json = templateOf(stack);
  return {
    policies: resolved,
    role,
    stack,
    value: (v) => resolveIntrinsics(json, stack.resolve(v)),
  };
}

function create(name: string, context: Context): SimRequest {
  return { action: 'sagemaker:CreateTrainingJob', resource: jobArn(name), context };
}

function without(context: Context, ...keys: string[]): Context {
  return Object.fromEntries(Object.entries(context).filter(([k]) => !keys.includes(k)));
}

/** A compliant launch and each guardrail broken alone, under `name`. */
function cases(w: Wired, name: string): Case[] {
  const resolved = w.role.renderTrainingJobRequest();
  const ok: Context = {
    'sagemaker:VpcSubnets': resolved.VpcConfig.Subnets.map((s: string) => w.value(s)),
    'sagemaker:VpcSecurityGroupIds': resolved.VpcConfig.SecurityGroupIds.map((s: string) => w.value(s)),
    'sagemaker:OutputKmsKeyArn': w.value(resolved.OutputDataConfig.KmsKeyId),
    'sagemaker:VolumeKmsKeyArn': w.value(resolved.ResourceConfig.VolumeKmsKeyId),
    'sagemaker:NetworkIsolation': 'true',
    'sagemaker:InterContainerTrafficEncryption': 'true',
    'sagemaker:InstanceTypes': ['ml.g5.2xlarge'],
    'sagemaker:MaxRuntimeInSeconds': '3600',
  };
  return [
    allows(`a compliant launch named ${name}`, create(name, ok)),
    deniesExplicitly('a launch in another subnet', create(name, { ...ok, 'sagemaker:VpcSubnets': [OTHER_SUBNET] })),
    deniesExplicitly('a launch without a VPC', create(name, without(ok, 'sagemaker:VpcSubnets', 'sagemaker:VpcSecurityGroupIds'))),
    deniesExplicitly('a launch with another security group', create(name, { ...ok, 'sagemaker:VpcSecurityGroupIds': [OTHER_GROUP] })),
    deniesExplicitly('a launch without security groups', create(name, without(ok, 'sagemaker:VpcSecurityGroupIds'))),
    deniesExplicitly('a launch with another output key', create(name, { ...ok, 'sagemaker:OutputKmsKeyArn': OTHER_KEY })),
    deniesExplicitly('a launch without an output key', create(name, without(ok, 'sagemaker:OutputKmsKeyArn'))),
    deniesExplicitly('a launch with another volume key', create(name, { ...ok, 'sagemaker:VolumeKmsKeyArn': OTHER_KEY })),
    deniesExplicitly('a launch without a volume key', create(name, without(ok, 'sagemaker:VolumeKmsKeyArn'))),
    deniesExplicitly('a launch without network isolation', create(name, { ...ok, 'sagemaker:NetworkIsolation': 'false' })),
    deniesExplicitly('a launch that leaves network isolation out', create(name, without(ok, 'sagemaker:NetworkIsolation'))),
    deniesExplicitly('a launch without traffic encryption', create(name, { ...ok, 'sagemaker:InterContainerTrafficEncryption': 'false' })),
    deniesExplicitly('a launch that leaves traffic encryption out', create(name, without(ok, 'sagemaker:InterContainerTrafficEncryption'))),
    deniesExplicitly('a launch on another instance type', create(name, { ...ok, 'sagemaker:InstanceTypes': ['ml.p5.48xlarge'] })),
    deniesExplicitly('a launch that names no instance type', create(name, without(ok, 'sagemaker:InstanceTypes'))),
    deniesExplicitly('a launch above the maximum run time', create(name, { ...ok, 'sagemaker:MaxRuntimeInSeconds': '86401' })),
    deniesExplicitly('a launch that gives no maximum run time', create(name, without(ok, 'sagemaker:MaxRuntimeInSeconds'))),
    deniesExplicitly('a launch with remote debugging', create(name, { ...ok, 'sagemaker:EnableRemoteDebug': 'true' })),
  ];
}

describe.each([
  { kind: 'lambda' as const, extraAllow: false },
  { kind: 'lambda' as const, extraAllow: true },
  { kind: 'user' as const, extraAllow: false },
  { kind: 'user' as const, extraAllow: true },
  { kind: 'state machine' as const, extraAllow: false },
  { kind: 'state machine' as const, extraAllow: true },
])('a $kind granted grantLaunch (unconditioned CreateTrainingJob on * as well: $extraAllow)', ({ kind, extraAllow }) => {
  const w = wire(kind, extraAllow);
  simulationTable(() => w.policies, cases(w, 'team-a-run-1'));

  if (extraAllow || kind === 'state machine') {
    // Another allow admits names outside jobNamePrefix; the guardrails still hold there, since the
    // role (no trainingJobNamePrefix) may run jobs of any name.
    simulationTable(() => w.policies, cases(w, 'other-run-1'));
  }

  test('has no action, resource or condition key the Service Authorization Reference rejects', async () => {
    const ours = w.policies.map((p) => ({
      name: p.name,
      policy: { ...p.policy, Statement: [p.policy.Statement].flat().filter((s: any) => String(s.Sid ?? '').startsWith('Launch')) },
    }));
    expect(await sarViolations(ours)).toEqual([]);
  });
});

describe('the denies are scoped to the names the role admits', () => {
  test('a role with a trainingJobNamePrefix denies only launches under that prefix', () => {
    const stack = newStack({ env: true });
    const role = new SageMakerTrainingRole(stack, 'Role', { ...fullProps(stack), trainingJobNamePrefix: 'team-a-' });
    const launcher = new iam.Role(stack, 'Launcher', { assumedBy: new iam.AccountRootPrincipal() });
    role.grantLaunch(launcher, { jobNamePrefix: 'team-a-nightly-' });
    const statements = principalPolicies(stack, 'Roles', stack.getLogicalId(launcher.node.defaultChild as iam.CfnRole))
      .flatMap((p) => p.policy.Statement);
    const denyResources = new Set(statements.filter((s: any) => s.Effect === 'Deny').map((s: any) => s.Resource));
    expect([...denyResources]).toEqual([jobArn('team-a-*')]);
    expect(statements.find((s: any) => s.Sid === 'LaunchCreateTrainingJob').Resource).toEqual(jobArn('team-a-nightly-*'));
  });

  const other = (stack: Stack, prefix?: string) => new SageMakerTrainingRole(stack, `Other${prefix ?? ''}`, {
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, `OtherBucket${prefix ?? ''}`, 'other-bucket') },
    trainingJobNamePrefix: prefix,
  });

  test('refuses a second role with other guardrails whose job names overlap, naming the prefix', () => {
    const stack = newStack({ env: true });
    const role = new SageMakerTrainingRole(stack, 'Role', fullProps(stack));
    const launcher = new iam.Role(stack, 'Launcher', { assumedBy: new iam.AccountRootPrincipal() });
    role.grantLaunch(launcher);
    expect(() => other(stack, 'team-b-').grantLaunch(launcher)).toThrow(
      /^trainingJobNamePrefix: this principal may already launch jobs with TestStack\/Role \(trainingJobNamePrefix not set\) under other guardrails\. .* Got: "team-b-"\.$/);
  });

  test('accepts two roles with other guardrails and prefixes that do not overlap', () => {
    const stack = newStack({ env: true });
    const role = new SageMakerTrainingRole(stack, 'Role', { ...fullProps(stack), trainingJobNamePrefix: 'team-a-' });
    const launcher = new iam.Role(stack, 'Launcher', { assumedBy: new iam.AccountRootPrincipal() });
    role.grantLaunch(launcher);
    expect(() => other(stack, 'team-b-').grantLaunch(launcher)).not.toThrow();
    expect(() => other(stack, 'team-a-x-').grantLaunch(launcher)).toThrow(/trainingJobNamePrefix: .*team-a-/);
  });

  test('accepts two roles with the same guardrails and no prefix', () => {
    const stack = newStack({ env: true });
    const launcher = new iam.Role(stack, 'Launcher', { assumedBy: new iam.AccountRootPrincipal() });
    other(stack).grantLaunch(launcher);
    const second = new SageMakerTrainingRole(stack, 'Second', { outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'B2', 'second-bucket') } });
    expect(() => second.grantLaunch(launcher)).not.toThrow();
  });
});
