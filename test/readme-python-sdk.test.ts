/**
 * The README's SageMaker Python SDK example launches within the README's own `grantLaunch`
 * example: the values of the Python snippet (job name base, instance type, maximum run time,
 * network isolation, the role's VPC and keys read from the rendered request) are read from the
 * README, and the launch they make is simulated against the guardrails the TypeScript example
 * synthesizes (its options read from the README too).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SageMakerTrainingRole, TrainingJobLaunchOptions } from '../src';
import { fullProps, newStack, templateOf } from './util/fixtures';
import { simulateRequest } from './util/requests';
import { resolveIntrinsics, TEST_ENV } from './util/resolve';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

function block(language: string, containing: string): string {
  const blocks = [...README.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
  const found = blocks.filter((b) => b.includes(containing));
  expect(found).toHaveLength(1);
  return found[0];
}

/** The options of the README's `grantLaunch(launcher, {...})` example. */
function launchOptions(): TrainingJobLaunchOptions {
  const ts = block('ts', 'trainingRole.grantLaunch(launcher, {');
  const literal = ts.slice(ts.indexOf('grantLaunch(launcher, {') + 'grantLaunch(launcher, {'.length, ts.indexOf('});'));
  const keys = [...literal.matchAll(/^\s*(\w+):/gm)].map((m) => m[1]);
  // Only the options this test reads: a new one must be added here.
  expect(keys.sort()).toEqual(['instanceTypes', 'jobNamePrefix', 'maxRuntime', 'requireNetworkIsolation']);
  const runtime = literal.match(/maxRuntime: Duration\.(hours|minutes|seconds)\((\d+)\)/)!;
  return {
    jobNamePrefix: literal.match(/jobNamePrefix: '([^']+)'/)![1],
    instanceTypes: [...literal.match(/instanceTypes: \[([^\]]+)\]/)![1].matchAll(/'([^']+)'/g)].map((m) => m[1]),
    maxRuntime: Duration[runtime[1] as 'hours' | 'minutes' | 'seconds'](Number(runtime[2])),
    requireNetworkIsolation: literal.match(/requireNetworkIsolation: (true|false)/)![1] === 'true',
  };
}

interface PythonLaunch {
  readonly baseJobName: string;
  readonly instanceType: string;
  readonly maxRun: number;
  readonly networkIsolation: boolean;
}

/** The values of the README's SDK v2 `Estimator(...)`. */
function pythonLaunch(): PythonLaunch {
  const py = block('python', 'Estimator(');
  const arg = (name: string) => {
    const m = py.match(new RegExp(`^\\s+${name}=(.+?),?$`, 'm'));
    expect(m).not.toBeNull();
    return m![1];
  };
  // The role's VPC, keys and checkpoint location come from the rendered request, as the test assumes.
  expect(arg('output_kms_key')).toBe('request["OutputDataConfig"].get("KmsKeyId")');
  expect(arg('volume_kms_key')).toBe('request.get("ResourceConfig", {}).get("VolumeKmsKeyId")');
  expect(arg('subnets')).toBe('vpc.get("Subnets")');
  expect(arg('security_group_ids')).toBe('vpc.get("SecurityGroupIds")');
  expect(py).toContain('vpc = request.get("VpcConfig", {})');
  const maxRun = arg('max_run');
  expect(maxRun).toMatch(/^[\d\s*]+$/);
  return {
    baseJobName: JSON.parse(arg('base_job_name')),
    instanceType: JSON.parse(arg('instance_type')),
    maxRun: maxRun.split('*').map((n) => Number(n.trim())).reduce((a, b) => a * b, 1),
    networkIsolation: arg('enable_network_isolation') === 'True',
  };
}

describe('the README\'s Python SDK example and its grantLaunch example agree', () => {
  const options = launchOptions();
  const python = pythonLaunch();

  const stack = newStack({ env: true });
  const role = new SageMakerTrainingRole(stack, 'TrainingRole', fullProps(stack));
  const launcher = new iam.Role(stack, 'Launcher', { assumedBy: new iam.AccountRootPrincipal() });
  role.grantLaunch(launcher, options);
  const template = templateOf(stack);
  const launcherId = stack.getLogicalId(launcher.node.defaultChild as iam.CfnRole);
  const policies = Object.entries<any>(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === launcherId))
    .map(([name, r]) => ({ name, policy: resolveIntrinsics(template, r.Properties.PolicyDocument) }));
  const request = resolveIntrinsics(template, stack.resolve(role.renderTrainingJobRequest()));

  /** The CreateTrainingJob SDK v2 sends for these values (job name: name_from_base, `<base>-<timestamp>`). */
  function launch(p: PythonLaunch) {
    const { partition, region, account } = TEST_ENV;
    return simulateRequest(policies, {
      action: 'sagemaker:CreateTrainingJob',
      resource: `arn:${partition}:sagemaker:${region}:${account}:training-job/${p.baseJobName}-2026-12-02-03-30-00-000`,
      context: {
        'sagemaker:InstanceTypes': [p.instanceType],
        'sagemaker:MaxRuntimeInSeconds': String(p.maxRun),
        'sagemaker:NetworkIsolation': String(p.networkIsolation),
        'sagemaker:VpcSubnets': request.VpcConfig.Subnets,
        'sagemaker:VpcSecurityGroupIds': request.VpcConfig.SecurityGroupIds,
        'sagemaker:OutputKmsKeyArn': request.OutputDataConfig.KmsKeyId,
        'sagemaker:VolumeKmsKeyArn': request.ResourceConfig.VolumeKmsKeyId,
      },
    });
  }

  test('the README\'s values are read (a g5 instance, 12 hours, network isolation, the fraud-model prefix)', () => {
    expect(python).toEqual({ baseJobName: 'fraud-model', instanceType: 'ml.g5.2xlarge', maxRun: 43200, networkIsolation: true });
    expect(options.jobNamePrefix).toBe('fraud-model-');
  });

  test('the Python launch is allowed by the guardrails of the TypeScript example', async () => {
    expect(await launch(python)).toBe('Allowed');
  });

  test.each([
    { change: 'another job name base', p: { baseJobName: 'training' } },
    { change: 'SDK v2\'s default max_run (24 hours)', p: { maxRun: 86400 } },
    { change: 'another instance type', p: { instanceType: 'ml.m5.xlarge' } },
    { change: 'no network isolation', p: { networkIsolation: false } },
  ])('a launch with $change is not allowed (the check can fail)', async ({ p }) => {
    expect(await launch({ ...python, ...p })).not.toBe('Allowed');
  });
});
