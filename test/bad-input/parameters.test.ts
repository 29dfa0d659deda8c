/**
 * CloudFormation parameters used as a prefix, a bucket name or the job name prefix: their values
 * are known only at deployment, so the construct gives each an `AllowedPattern` that refuses
 * wildcards, policy variables and characters IAM refuses. Tested by resolving the template with
 * hostile and ordinary parameter values: the pattern (matched against the whole value, as
 * CloudFormation does) refuses every hostile value, and a hostile value that got through would
 * have widened the role (shown by simulation).
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole } from '../../src';
import { BUCKET_NAME_PARAMETER_PATTERN, JOB_NAME_PREFIX_PARAMETER_PATTERN, PREFIX_PARAMETER_PATTERN } from '../../src/private/parameter-guards';
import { newStack, roleLogicalId, templateOf } from '../util/fixtures';
import { s3ObjectArn, simulateRequest } from '../util/requests';
import { resolveIntrinsics } from '../util/resolve';
import { build } from '../util/statements';

const HOSTILE_PREFIXES = ['*', 'data/*', '?', 'run-?/', '${aws:username}', 'home/${aws:userid}/', 'a$', 'x/\u20ac/', 'tab\there', '\u{1F642}'];
const ORDINARY_PREFIXES = ['datasets/train/', 'prices$/2024/', '$$x', 'données/größe/', 'a b=c+d,e;f@g!h(i)\'~/'];

interface Deployed {
  readonly stack: Stack;
  readonly template: any;
  readonly roleId: string;
}

/** A role whose input prefix, input bucket name and job name prefix are parameters. */
function withParameters(): Deployed {
  const stack = newStack({ env: true });
  const prefix = new CfnParameter(stack, 'DataPrefix');
  const bucket = new CfnParameter(stack, 'DataBucketName');
  const jobs = new CfnParameter(stack, 'JobNamePrefix');
  const role = new SageMakerTrainingRole(stack, 'Role', {
    inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', bucket.valueAsString), prefix: `${prefix.valueAsString}` }],
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'models/' },
    trainingJobNamePrefix: jobs.valueAsString,
  });
  return { stack, template: templateOf(stack), roleId: roleLogicalId(stack, role) };
}

/** The role's policies as deployed with `prefix` as the DataPrefix parameter. */
function deployedPolicies(deployed: Deployed, prefix: string): { name: string; policy: any }[] {
  const parameters = { DataPrefix: prefix, DataBucketName: 'example-data', JobNamePrefix: 'team-a' };
  return Object.entries<any>(deployed.template.Resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy' && r.Properties.Roles.some((role: any) => role.Ref === deployed.roleId))
    .map(([name, r]) => ({ name, policy: resolveIntrinsics(deployed.template, r.Properties.PolicyDocument, { pseudo: parameters }) }));
}

/** Whether CloudFormation would accept `value` for the parameter: its AllowedPattern matches the whole value. */
function accepts(template: any, parameter: string, value: string): boolean {
  const pattern = template.Parameters[parameter].AllowedPattern;
  return pattern !== undefined && new RegExp(`^(?:${pattern})$`).test(value);
}

describe('parameters that reach the role\'s policies', () => {
  const deployed = withParameters();

  test('each gets its AllowedPattern and a constraint description', () => {
    expect(deployed.template.Parameters.DataPrefix).toMatchObject({ AllowedPattern: PREFIX_PARAMETER_PATTERN, ConstraintDescription: expect.stringContaining('"*", "?" or "${"') });
    expect(deployed.template.Parameters.DataBucketName).toMatchObject({ AllowedPattern: BUCKET_NAME_PARAMETER_PATTERN });
    expect(deployed.template.Parameters.JobNamePrefix).toMatchObject({ AllowedPattern: JOB_NAME_PREFIX_PARAMETER_PATTERN });
  });

  test.each(HOSTILE_PREFIXES)('the prefix %p fails the deployment', (value) => {
    expect(accepts(deployed.template, 'DataPrefix', value)).toBe(false);
  });

  test.each(ORDINARY_PREFIXES)('the prefix %p deploys, and the role reads under it only', async (value) => {
    expect(accepts(deployed.template, 'DataPrefix', value)).toBe(true);
    const policies = deployedPolicies(deployed, value);
    expect(await simulateRequest(policies, { action: 's3:GetObject', resource: s3ObjectArn('example-data', `${value}part-0.csv`) })).toBe('Allowed');
    expect(await simulateRequest(policies, { action: 's3:GetObject', resource: s3ObjectArn('example-data', 'elsewhere/part-0.csv') })).toBe('ImplicitlyDenied');
  });

  test('a wildcard value that got through would widen the role (what the pattern prevents)', async () => {
    const policies = deployedPolicies(deployed, '*');
    expect(await simulateRequest(policies, { action: 's3:GetObject', resource: s3ObjectArn('example-data', 'elsewhere/part-0.csv') })).toBe('Allowed');
  });

  test.each(['*', 'example-*', 'data?', '${aws:username}', 'a/b', 'x'.repeat(64)])('the bucket name %p fails the deployment', (value) => {
    expect(accepts(deployed.template, 'DataBucketName', value)).toBe(false);
  });

  test.each(['example-data', 'Legacy_Bucket.1'])('the bucket name %p deploys', (value) => {
    expect(accepts(deployed.template, 'DataBucketName', value)).toBe(true);
  });

  test.each(['*', 'team-*', 'team?', '${aws:username}', 'Team-A', ''])('the job name prefix %p fails the deployment', (value) => {
    expect(accepts(deployed.template, 'JobNamePrefix', value)).toBe(false);
  });
});

describe('a parameter that cannot be guarded', () => {
  test('fails when its own AllowedPattern accepts a wildcard', () => {
    expect(() => build((stack) => ({
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', 'example-data'), prefix: new CfnParameter(stack, 'Prefix', { allowedPattern: '.*' }).valueAsString }],
    }))).toThrow(`inputBuckets[0].prefix: the parameter's AllowedPattern (".*") accepts "*", which IAM would read as a wildcard or a policy variable (or refuse); remove the AllowedPattern (the construct then sets ${JSON.stringify(PREFIX_PARAMETER_PATTERN)}) or narrow it. Got: "\${TestStack/Prefix}".`);
  });

  test('keeps its own AllowedPattern when it refuses every hostile value', () => {
    const stack = newStack();
    const prefix = new CfnParameter(stack, 'Prefix', { allowedPattern: '[a-z0-9/]+' });
    new SageMakerTrainingRole(stack, 'Role', {
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: prefix.valueAsString },
    });
    expect(templateOf(stack).Parameters.Prefix.AllowedPattern).toBe('[a-z0-9/]+');
  });

  test('fails for a parameter of another type than String', () => {
    expect(() => build((stack) => ({
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', 'example-data'), prefix: new CfnParameter(stack, 'Prefix', { type: 'AWS::SSM::Parameter::Value<String>' }).valueAsString }],
    }))).toThrow('inputBuckets[0].prefix: a parameter of type AWS::SSM::Parameter::Value<String> cannot be given an AllowedPattern, so a wildcard value would deploy and widen the role; use a parameter of type String. Got: "${TestStack/Prefix}".');
  });
});
