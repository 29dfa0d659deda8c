/**
 * Stability: upgrading the library must not replace the role (its and its policies' logical ids
 * are pinned, and so are the properties whose change replaces a role), synthesis is deterministic
 * (two synths give identical bytes), and the trust policy admits this account's SageMaker only.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../src';
import { fullProps, importedProps, minimalProps, roleLogicalId, templateOf } from './util/fixtures';
import { jobSurfaceProps } from './util/job-surface-fixture';
import { OTHER_ACCOUNT, synthesize } from './util/requests';
import { TEST_ENV } from './util/resolve';
import { simulateTrust } from './util/simulate';

const { partition, region, account } = TEST_ENV;

describe('logical ids of the minimal fixture (a change replaces the role or its policies on upgrade)', () => {
  const stack = new Stack(new App(), 'TestStack');
  const role = new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
  const template = templateOf(stack);
  const policies = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy');

  test('the role is TrainingRoleAA3C7BE5', () => {
    expect(roleLogicalId(stack, role)).toBe('TrainingRoleAA3C7BE5');
  });

  // Pinned since the role's permissions go in as few policies as fit (one here); the earlier
  // BasePolicy and DataPolicyN ids were replaced by this one in that release.
  test('the managed policy is TrainingRolePolicy1D618D09A, the only one', () => {
    expect(policies.map(([id]) => id)).toEqual(['TrainingRolePolicy1D618D09A']);
  });

  test('the policy holds the same purposes (statements do not move between policies)', () => {
    const sids = Object.fromEntries(policies.map(([id, r]) => [id, r.Properties.PolicyDocument.Statement.map((s: any) => s.Sid)]));
    expect(sids).toEqual({
      TrainingRolePolicy1D618D09A: ['TrainingDataRead', 'TrainingDataList', 'ModelOutputWrite', 'LogGroupAccess', 'LogStreamWrite', 'MetricsPublish'],
    });
  });

  test('every policy is attached to the pinned role', () => {
    expect(policies.map(([, r]) => r.Properties.Roles)).toEqual(policies.map(() => [{ Ref: 'TrainingRoleAA3C7BE5' }]));
  });

  test('the role has no name and no path (setting either replaces the role)', () => {
    const properties = template.Resources.TrainingRoleAA3C7BE5.Properties;
    expect([properties.RoleName, properties.Path]).toEqual([undefined, undefined]);
  });

  test('the policies have no names (a name change replaces a managed policy)', () => {
    expect(policies.map(([, r]) => r.Properties.ManagedPolicyName)).toEqual(policies.map(() => undefined));
  });
});

describe('synthesis is deterministic', () => {
  const FIXTURES: [string, (stack: Stack) => SageMakerTrainingRoleProps, boolean][] = [
    ['minimal', minimalProps, false],
    ['full', fullProps, false],
    ['imported', importedProps, true],
    ['job surface', (stack) => jobSurfaceProps(stack, { sdkPreflightCompatibility: true }), true],
  ];

  /** The bytes of the template a fresh app writes to a fresh directory. */
  function synthBytes(props: (stack: Stack) => SageMakerTrainingRoleProps, env: boolean): string {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stability-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'TestStack', env ? { env: { account, region } } : {});
      new SageMakerTrainingRole(stack, 'TrainingRole', props(stack));
      app.synth();
      return fs.readFileSync(path.join(outdir, 'TestStack.template.json'), 'utf-8');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }

  test.each(FIXTURES)('two synths of the %s fixture give identical bytes', (_, props, env) => {
    const first = synthBytes(props, env);
    expect(first.length).toBeGreaterThan(1000);
    expect(synthBytes(props, env)).toBe(first);
  });
});

describe('the trust policy admits only this account\'s SageMaker', () => {
  const sagemakerArn = (resource: string, owner = account) => `arn:${partition}:sagemaker:${region}:${owner}:${resource}`;
  const own = { 'aws:SourceAccount': account, 'aws:SourceArn': sagemakerArn('training-job/churn-1') };
  const other = { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': sagemakerArn('training-job/churn-1', OTHER_ACCOUNT) };

  describe.each([
    ['minimal props, environment-agnostic', minimalProps, false],
    ['minimal props, in the test environment', minimalProps, true],
    ['job-surface props (job-name prefix "churn-")', (stack: Stack) => jobSurfaceProps(stack), true],
  ] as [string, (stack: Stack) => SageMakerTrainingRoleProps, boolean][])('%s', (_, props, env) => {
    let trust: any;
    beforeAll(() => {
      trust = synthesize(props, { env }).trust;
    });

    test('allows SageMaker for a training job of this account (the denials below are not vacuous)', async () => {
      expect(await simulateTrust(trust, { principal: 'sagemaker.amazonaws.com', context: own })).toBe('Allowed');
    });

    test('denies another account\'s SageMaker', async () => {
      expect(await simulateTrust(trust, { principal: 'sagemaker.amazonaws.com', context: other })).toBe('ImplicitlyDenied');
    });

    test('denies SageMaker claiming this account with another account\'s job', async () => {
      expect(await simulateTrust(trust, { principal: 'sagemaker.amazonaws.com', context: { ...own, 'aws:SourceArn': other['aws:SourceArn'] } })).toBe('ImplicitlyDenied');
    });

    test.each(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'states.amazonaws.com', 'glue.amazonaws.com', 'bedrock.amazonaws.com', 'codebuild.amazonaws.com'])(
      'denies the service %s, even with this account\'s SageMaker context', async (principal) => {
        expect(await simulateTrust(trust, { principal, context: own })).toBe('ImplicitlyDenied');
      });

    test.each([
      ['the root of another account', `arn:${partition}:iam::${OTHER_ACCOUNT}:root`],
      ['a role of another account', `arn:${partition}:iam::${OTHER_ACCOUNT}:role/sagemaker-execution`],
      ['a role of this account', `arn:${partition}:iam::${account}:role/some-other-role`],
    ])('denies %s', async (_name, principal) => {
      expect(await simulateTrust(trust, { principal, context: { 'aws:SourceAccount': account } })).toBe('ImplicitlyDenied');
    });
  });

  test('with a job-name prefix, denies this account\'s SageMaker for a job named otherwise', async () => {
    const { trust } = synthesize((stack) => jobSurfaceProps(stack), { env: true });
    expect(await simulateTrust(trust, { principal: 'sagemaker.amazonaws.com', context: { ...own, 'aws:SourceArn': sagemakerArn('training-job/other-1') } }))
      .toBe('ImplicitlyDenied');
  });
});
