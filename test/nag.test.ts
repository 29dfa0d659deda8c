import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../src';
import { fullProps, importedProps, minimalProps, newStack } from './util/fixtures';
import { wildcardAcknowledgements } from '../src/private/nag-acknowledgements';

type Fixture = (stack: Stack) => SageMakerTrainingRoleProps;

function roleIn(fixture: Fixture, options: { env?: boolean } = {}): { stack: Stack; role: SageMakerTrainingRole } {
  const stack = newStack(options);
  const role = new SageMakerTrainingRole(stack, 'TrainingRole', fixture(stack));
  return { stack, role };
}

/** Finding ids cdk-nag reports for constructs under `scope`, after acknowledgements. */
function findings(stack: Stack, scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
  return report.violations.flatMap((v) => v.violatingResources
    .filter((r) => (r.constructPath ?? '').startsWith(`${scope.node.path}/`))
    .map(() => v.ruleName)).sort();
}

/** Finding ids cdk-nag would report for constructs under `scope` if nothing were acknowledged. */
function rawFindings(stack: Stack, scope: IConstruct): string[] {
  const checks = new AwsSolutionsChecks(undefined, { verbose: true });
  // Test-only: switch off cdk-nag's acknowledgement lookup (a private method) to see every finding.
  Object.assign(checks, { isAcknowledged: () => false });
  return checks.validateScope(stack).violations.flatMap((v) => v.violatingResources
    .filter((r) => (r.constructPath ?? '').startsWith(`${scope.node.path}/`))
    .map(() => v.ruleName)).sort();
}

/** Every acknowledgement recorded under `scope`: finding id -> reason. */
function acknowledgements(scope: IConstruct): { id: string; reason: string }[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, string>))
    .map(([id, reason]) => ({ id: id.replace(/^annotation::/i, ''), reason })));
}

function acknowledgedIds(scope: IConstruct): string[] {
  return acknowledgements(scope).map((a) => a.id).sort();
}

const LOG_GROUP = 'arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/TrainingJobs';
const ENI = 'arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-interface/*';

describe('cdk-nag AwsSolutions on the minimal fixture', () => {
  test('leaves no unacknowledged finding on the role', () => {
    const { stack, role } = roleIn(minimalProps);
    expect(findings(stack, role)).toEqual([]);
  });

  test('acknowledges exactly the prefix objects, the log streams and the wildcard-only actions', () => {
    const { role } = roleIn(minimalProps);
    expect(acknowledgedIds(role)).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[Resource::${LOG_GROUP}:*]`,
      `AwsSolutions-IAM5[Resource::${LOG_GROUP}:log-stream:*]`,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<DataBucketE3889A50>/datasets/train/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<ModelBucketB33D855B>/models/*]',
    ]);
  });

  test('acknowledges only findings cdk-nag actually reports', () => {
    const { stack, role } = roleIn(minimalProps);
    expect(rawFindings(stack, role)).toEqual(acknowledgedIds(role));
  });
});

describe('cdk-nag AwsSolutions on the full fixture', () => {
  test('leaves no unacknowledged finding on the role', () => {
    const { stack, role } = roleIn(fullProps);
    expect(findings(stack, role)).toEqual([]);
  });

  test('acknowledges exactly the prefix objects, logs, network interfaces and wildcard-only actions', () => {
    const { role } = roleIn(fullProps);
    expect(acknowledgedIds(role)).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[Resource::${ENI}]`,
      `AwsSolutions-IAM5[Resource::${LOG_GROUP}:*]`,
      `AwsSolutions-IAM5[Resource::${LOG_GROUP}:log-stream:*]`,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<CheckpointBucketDFE4871A>/checkpoints/run-1/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<DataBucketE3889A50>/datasets/train/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<DataBucketE3889A50>/datasets/validation/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<FeatureBucket4CFA2114>/features/v3/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<ModelBucketB33D855B>/models/*]',
    ]);
  });

  test('acknowledges only findings cdk-nag actually reports', () => {
    const { stack, role } = roleIn(fullProps);
    expect(rawFindings(stack, role)).toEqual(acknowledgedIds(role));
  });
});

describe('cdk-nag AwsSolutions on the imported fixture', () => {
  test('leaves no unacknowledged finding on the role', () => {
    const { stack, role } = roleIn(importedProps, { env: true });
    expect(findings(stack, role)).toEqual([]);
  });

  test('acknowledges ids with the literal names, account and region of imported resources', () => {
    const { role } = roleIn(importedProps, { env: true });
    expect(acknowledgedIds(role)).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:us-east-1:111122223333:network-interface/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:111122223333:log-group:/aws/sagemaker/TrainingJobs:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:111122223333:log-group:/aws/sagemaker/TrainingJobs:log-stream:*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::example-model-artifacts/models/*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::example-training-data/datasets/train/*]',
    ]);
  });

  test('acknowledges only findings cdk-nag actually reports', () => {
    const { stack, role } = roleIn(importedProps, { env: true });
    expect(rawFindings(stack, role)).toEqual(acknowledgedIds(role));
  });

  test('passes synthesis with AwsSolutionsChecks registered as a validation plugin', () => {
    const app = new App();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const stack = new Stack(app, 'Imported', { env: { account: '111122223333', region: 'us-east-1' } });
    new SageMakerTrainingRole(stack, 'TrainingRole', importedProps(stack));
    expect(() => app.synth()).not.toThrow();
  });
});

describe('cdk-nag AwsSolutions as a validation plugin during synthesis', () => {
  const env = { account: '111122223333', region: 'us-east-1' };

  function appWithChecks(): App {
    const app = new App();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    return app;
  }

  test('fails synthesis when a wildcard statement is added to the role (acceptExternalGrants)', () => {
    const app = appWithChecks();
    const stack = new Stack(app, 'Training', { env });
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', { ...importedProps(stack), acceptExternalGrants: true });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    expect(() => app.synth()).toThrow(/DefaultPolicy[\s\S]*AwsSolutions-IAM5\[Resource::\*\]/);
  });

  test('acknowledges the ids of buckets referenced from another stack (Fn::ImportValue)', () => {
    const app = appWithChecks();
    const data = new Stack(app, 'Data', { env });
    const bucket = new s3.Bucket(data, 'Models', { enforceSSL: true });
    // The bucket's own findings are not the role's.
    Validations.of(bucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'Access logging is outside this test.' },
    );
    const stack = new Stack(app, 'Training', { env });
    new SageMakerTrainingRole(stack, 'TrainingRole', { outputBucket: { bucket, prefix: 'models/' } });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('acknowledgement discipline', () => {
  test('never acknowledges the bare rule id', () => {
    const { role } = roleIn(fullProps);
    expect(acknowledgedIds(role)).not.toContain('AwsSolutions-IAM5');
    expect(acknowledgedIds(role).every((id) => /^AwsSolutions-IAM5\[Resource::.+\]$/.test(id))).toBe(true);
  });

  test('gives every acknowledgement a reason that names the AWS constraint', () => {
    const { role } = roleIn(fullProps);
    const reasons = Object.fromEntries(acknowledgements(role).map((a) => [a.id, a.reason]));
    expect(reasons['AwsSolutions-IAM5[Resource::*]']).toMatch(/support no resource-level permissions/);
    expect(reasons[`AwsSolutions-IAM5[Resource::${ENI}]`]).toMatch(/EC2 assigns the ids/);
    expect(reasons[`AwsSolutions-IAM5[Resource::${LOG_GROUP}:log-stream:*]`]).toMatch(/log streams/);
    expect(reasons['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<ModelBucketB33D855B>/models/*]'])
      .toMatch(/every object whose key starts with the prefix/);
  });

  test('acknowledges on the managed policies only, not on the role or the stack', () => {
    const { role } = roleIn(minimalProps);
    const carriers = role.node.findAll().filter((c) => c.node.metadata
      .some((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
    expect(carriers.map((c) => c.node.id).sort()).toEqual(role.permissionPolicies.map((p) => p.node.id).sort());
  });

  test('a wildcard statement added to the role later (acceptExternalGrants) stays a finding', () => {
    const { stack, role } = roleIn((s) => ({ ...minimalProps(s), acceptExternalGrants: true }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    expect(findings(stack, role)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
  });

  test('a prefix with a space stays a finding: aws-cdk-lib records the id with a dash instead', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', {
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'my models/' },
    });
    expect(findings(stack, role)).toEqual(['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::example-models/my models/*]']);
  });

  test('a prefix with an unbalanced bracket is built without error and stays a finding', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', {
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'runs]/' },
    });
    expect(findings(stack, role)).toEqual(['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::example-models/runs]/*]']);
  });

  test('a "$" in a prefix is acknowledged as cdk-nag renders the ${$} escape', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', {
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'cost$/' },
    });
    expect(findings(stack, role)).toEqual([]);
    expect(acknowledgedIds(role)).toContain('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::example-models/cost<$>/*]');
  });
});

describe('wildcardAcknowledgements', () => {
  const allow = (Sid: string, Action: string | string[], Resource: string | string[]) => ({ Sid, Effect: 'Allow', Action, Resource });

  test('does not acknowledge a wildcard resource of a purpose without an exemption', () => {
    expect(wildcardAcknowledgements({ Statement: [allow('Custom', 's3:GetObject', '*')] })).toEqual([]);
  });

  test('does not acknowledge a wildcard shared with a statement without an exemption', () => {
    const statements = [allow('MetricsPublish', 'cloudwatch:PutMetricData', '*'), allow('Custom', 's3:GetObject', '*')];
    expect(wildcardAcknowledgements({ Statement: statements })).toEqual([]);
  });

  test('does not acknowledge a resource of the wrong shape for its purpose', () => {
    expect(wildcardAcknowledgements({ Statement: [allow('TrainingDataRead', 's3:GetObject', '*')] })).toEqual([]);
    expect(wildcardAcknowledgements({ Statement: [allow('TrainingDataRead', 's3:GetObject', 'arn:aws:s3:::*/data/*')] })).toEqual([]);
  });

  test('acknowledges a numbered Sid of an exempted purpose', () => {
    const [ack] = wildcardAcknowledgements({ Statement: [allow('TrainingDataRead2', 's3:GetObject', 'arn:aws:s3:::b/data/*')] });
    expect(ack.id).toEqual('AwsSolutions-IAM5[Resource::arn:aws:s3:::b/data/*]');
  });

  test('ignores Deny statements', () => {
    expect(wildcardAcknowledgements({ Statement: [{ Sid: 'MetricsPublish', Effect: 'Deny', Action: 'cloudwatch:PutMetricData', Resource: '*' }] }))
      .toEqual([]);
  });
});
