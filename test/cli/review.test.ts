/**
 * `sagemaker-training-role review <cdk.out>`: the permission review of a synthesized app.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { synthesizeExample } from '../../examples/app';
import { SageMakerTrainingRole } from '../../src';
import { readAssembly } from '../../src/cli/assembly';
import { buildReview, readable, readableNames } from '../../src/cli/review-model';
import { renderStatementText, statementView } from '../../src/cli/statement-text';
import { wrapText } from '../../src/cli/wrap';
import { statementPurpose } from '../../src/permissions';
import { runCli } from '../util/cli';
import { fullProps, minimalProps } from '../util/fixtures';

// Synthesizing the example app (cdk-nag included) takes a few seconds on a loaded machine.
jest.setTimeout(120_000);

/** Synthesizes what `build` adds to a fresh app into a fresh directory, as `cdk synth` does (path metadata on). */
function synthTo(build: (app: App) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true }, builtinCloudFormationValidation: false });
  build(app);
  app.synth();
  return outdir;
}

function minimalAssembly(extra: (stack: Stack, role: SageMakerTrainingRole) => void = () => {}): string {
  return synthTo((app) => {
    const stack = new Stack(app, 'Training');
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
    extra(stack, role);
  });
}

describe('readable: one placeholder syntax, ${Name}', () => {
  test('writes a pseudo parameter as ${AWS::Name}', () => {
    expect(readable({ Ref: 'AWS::Partition' })).toEqual('${AWS::Partition}');
  });

  test('writes a resource reference with its readable name, an attribute as ${Name.Attribute}', () => {
    expect(readable({ Ref: 'DataBucketE3889A50' }, () => 'DataBucket')).toEqual('${DataBucket}');
    expect(readable({ 'Fn::GetAtt': ['TrainingKey4F170038', 'Arn'] }, () => 'TrainingKey')).toEqual('${TrainingKey.Arn}');
  });

  test('joins Fn::Join, including nested intrinsics, inside arrays and objects', () => {
    const arn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'DataBucketE3889A50' }, '/datasets/*']] };
    expect(readable({ Resource: [arn, '*'] }, () => 'DataBucket'))
      .toEqual({ Resource: ['arn:${AWS::Partition}:s3:::${DataBucket}/datasets/*', '*'] });
  });

  test('marks a cross-stack import', () => {
    expect(readable({ 'Fn::ImportValue': 'Data:ExportsOutputRefBucket' })).toEqual('${Import Data:ExportsOutputRefBucket}');
  });
});

describe('readableNames', () => {
  const resources = {
    DataBucketE3889A50: { Type: 'AWS::S3::Bucket', Metadata: { 'aws:cdk:path': 'TestStack/DataBucket/Resource' } },
    VpcSubnet1: { Type: 'AWS::EC2::Subnet', Metadata: { 'aws:cdk:path': 'TestStack/Vpc/Subnet1/Subnet' } },
    ModelBucketB33D855B: { Type: 'AWS::S3::Bucket' },
    Bare: { Type: 'AWS::S3::Bucket' },
  };

  test('drops the stack and the trailing /Resource; keeps the rest of a nested path', () => {
    expect(readableNames('TestStack', resources)('DataBucketE3889A50')).toEqual('DataBucket');
    expect(readableNames('TestStack', resources)('VpcSubnet1')).toEqual('Vpc/Subnet1/Subnet');
  });

  test('without path metadata, the logical id without its hash (and a logical id without one as it is)', () => {
    expect(readableNames('TestStack', resources)('ModelBucketB33D855B')).toEqual('ModelBucket');
    expect(readableNames('TestStack', resources)('Bare')).toEqual('Bare');
  });
});

describe('wrapping at a width', () => {
  const arn = 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/sagemaker/TrainingJobs:log-stream:*';

  test('breaks a long ARN after ":" or "/", never inside a placeholder or a word, and indents the rest', () => {
    const lines = wrapText(arn, 50);
    expect(lines.join('').replace(/\s+/g, '')).toBe(arn);
    expect(lines.every((l) => l.length <= 50)).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    for (const l of lines.slice(0, -1)) {
      expect(l).toMatch(/[:/]$/);
    }
    expect(lines.join('\n')).not.toMatch(/\$\{[^}\n]*\n/);
  });

  test('breaks text at spaces first', () => {
    expect(wrapText('SageMaker downloads or streams every object under each input prefix.', 40)).toEqual([
      'SageMaker downloads or streams every',
      '  object under each input prefix.',
    ]);
  });

  test('leaves a piece that cannot break whole rather than cutting it', () => {
    const word = 'a'.repeat(60);
    expect(wrapText(`x ${word}`, 40)).toEqual(['x', `  ${word}`]);
  });
});

describe('a statement', () => {
  test('prints the Sid, the why from the purpose registry, then one action, resource and condition per line', () => {
    const view = statementView({
      Sid: 'TrainingDataList',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: 'arn:${AWS::Partition}:s3:::${DataBucket}',
      Condition: { StringLike: { 's3:prefix': ['a/*', 'b/*'] } },
    }, (sid) => statementPurpose(sid)?.why);
    expect(renderStatementText(view, '', 200)).toEqual([
      'Sid TrainingDataList',
      `  why        ${statementPurpose('TrainingDataList')!.why}`,
      '  actions    s3:ListBucket',
      '  resources  arn:${AWS::Partition}:s3:::${DataBucket}',
      '  conditions StringLike s3:prefix = a/* | b/*',
    ]);
  });

  test('prints the principal of a trust statement, and no why for a statement without a Sid', () => {
    const view = statementView({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'sagemaker.amazonaws.com' } });
    expect(renderStatementText(view, '', 80)).toEqual([
      'Sid (none)',
      '  principal  Service sagemaker.amazonaws.com',
      '  actions    sts:AssumeRole',
    ]);
  });
});

describe('buildReview', () => {
  test('every statement of the full fixture has a why from the purpose registry', () => {
    const review = buildReview(readAssembly(synthTo((app) => {
      const stack = new Stack(app, 'Training');
      new SageMakerTrainingRole(stack, 'TrainingRole', fullProps(stack));
    })));
    const statements = review.roles[0].policies.flatMap((p) => p.statements);
    expect(statements.length).toBeGreaterThan(10);
    for (const s of statements) {
      expect([s.sid, s.why]).toEqual([s.sid, statementPurpose(s.sid!)!.why]);
    }
  });

  test('finds the role, its one policy in reading order, its trust policy, and no AWS managed policy', () => {
    const review = buildReview(readAssembly(minimalAssembly()));
    expect(review.roles.map((r) => [r.stack, r.name])).toEqual([['Training', 'TrainingRole']]);
    const [role] = review.roles;
    expect(role.policies.map((p) => [p.kind, p.name])).toEqual([['managed policy', 'TrainingRole/Policy1']]);
    expect(role.policies[0].statements.map((s) => s.sid)).toEqual(
      ['TrainingDataRead', 'TrainingDataList', 'ModelOutputWrite', 'LogGroupAccess', 'LogStreamWrite', 'MetricsPublish']);
    expect(role.trustPolicy.statements[0].principals).toEqual(['Service sagemaker.amazonaws.com']);
    expect(role.awsManagedPolicies).toEqual([]);
    expect(review.summary).toMatchObject({ roles: 1, policies: 1, statements: 6 });
  });

  test('lists the principals grantLaunch gave launch rights, with their guardrails in words', () => {
    const review = buildReview(readAssembly(minimalAssembly((stack, role) => {
      const launcher = new iam.Role(stack, 'Launcher', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') });
      role.grantLaunch(launcher, { jobNamePrefix: 'churn-', instanceTypes: ['ml.g5.*'], maxRuntime: Duration.hours(12), requireNetworkIsolation: true });
    })));
    expect(review.roles[0].launchers).toEqual([{
      principal: 'role Launcher',
      policy: 'Launcher/DefaultPolicy',
      passedTo: ['sagemaker.amazonaws.com'],
      jobs: ['arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/churn-*'],
      guardrails: ['network isolation on', 'instance types ml.g5.*', 'maximum runtime up to 43,200 seconds (12 hours)', 'remote debugging off'],
      alsoAllowed: ['sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob'],
    }]);
  });

  test('a launcher of another role is not listed', () => {
    const review = buildReview(readAssembly(minimalAssembly((stack) => {
      const otherStack = new Stack(stack.node.scope as App, 'Other');
      const other = new SageMakerTrainingRole(otherStack, 'OtherRole', minimalProps(otherStack));
      other.grantLaunch(new iam.Role(otherStack, 'Launcher', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') }));
    })));
    expect(review.roles.map((r) => [r.name, r.launchers.length])).toEqual([['TrainingRole', 0], ['OtherRole', 1]]);
  });

  test('gives the cdk-nag findings acknowledged on the role\'s policies with their reasons, and those acknowledged elsewhere', () => {
    const review = buildReview(readAssembly(minimalAssembly((stack) => {
      Validations.of(stack.node.findChild('DataBucket')).acknowledge({ id: 'AwsSolutions-S1', reason: 'Test: no access logs here.' });
    })));
    const onRole = review.roles[0].acknowledged;
    // The minimal role's only action on `*` is the namespace-conditioned PutMetricData.
    expect(onRole).toContainEqual(expect.objectContaining({
      id: 'AwsSolutions-IAM5[Resource::*]',
      rule: 'AwsSolutions-IAM5',
      subject: '*',
      on: 'TrainingRole/Policy1',
      reason: expect.stringContaining('cloudwatch:namespace'),
    }));
    expect(onRole).toContainEqual(expect.objectContaining({
      rule: 'AwsSolutions-IAM5', subject: 'arn:${AWS::Partition}:s3:::${ModelBucket}/models/*',
    }));
    expect(review.summary.acknowledgedElsewhere).toEqual([
      { id: 'AwsSolutions-S1', rule: 'AwsSolutions-S1', subject: undefined, reason: 'Test: no access logs here.', on: 'DataBucket' },
    ]);
  });

  test('without path metadata, reads the acknowledgements from the cdk-nag 2 metadata the construct writes too', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-'));
    const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': false }, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Training');
    new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
    app.synth();
    const review = buildReview(readAssembly(outdir));
    expect(review.roles[0].policies[0].name).toBe('TrainingRolePolicy1');
    expect(review.roles[0].acknowledged.map((a) => a.id)).toContain('AwsSolutions-IAM5[Resource::*]');
  });

  test('shows statements added to the role later (acceptExternalGrants) as an inline policy', () => {
    const review = buildReview(readAssembly(synthTo((app) => {
      const stack = new Stack(app, 'Training');
      const role = new SageMakerTrainingRole(stack, 'TrainingRole', { ...minimalProps(stack), acceptExternalGrants: true });
      role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'Extra', actions: ['s3:GetObject'], resources: ['*'] }));
    })));
    expect(review.roles[0].policies.map((p) => [p.kind, p.name, p.statements.map((s) => s.sid)])).toContainEqual(
      ['inline policy', 'TrainingRole/DefaultPolicy', ['Extra']]);
  });

  test('names attached AWS managed policies', () => {
    const review = buildReview(readAssembly(synthTo((app) => {
      new iam.Role(new Stack(app, 'Wide'), 'WideRole', {
        assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSageMakerFullAccess')],
      });
    })));
    expect(review.roles[0].awsManagedPolicies).toEqual(['arn:${AWS::Partition}:iam::aws:policy/AmazonSageMakerFullAccess']);
  });

  test('reads the stacks of nested assemblies (stages)', () => {
    const stacks = readAssembly(synthTo((app) => {
      const stack = new Stack(new Stage(app, 'Prod'), 'Training');
      new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
    }));
    expect(stacks.map((s) => s.stackName)).toEqual(['Prod/Training']);
    expect(buildReview(stacks).roles.map((r) => r.name)).toEqual(['TrainingRole']);
  });
});

describe('sagemaker-training-role review', () => {
  let example: string;
  beforeAll(() => {
    example = synthTo((app) => synthesizeExample(app));
  });

  test('renders the example app at 80 columns: no line is longer, and every part is there', async () => {
    const r = await runCli(['review', example]);
    expect([r.code, r.err]).toEqual([0, '']);
    const long = r.out.split('\n').filter((l) => l.length > 80);
    expect(long).toEqual([]);
    const order = [
      'Role TrainingRole (TrainingRoleAA3C7BE5) in stack SageMakerTrainingExample',
      'managed policy TrainingRole/Policy1: 17 statements',
      'Sid TrainingDataRead', `why        ${statementPurpose('TrainingDataRead')!.why.split(' ').slice(0, 4).join(' ')}`,
      'trust policy',
      'launch rights (grantLaunch)', 'role PipelineLauncher, by PipelineLauncher/DefaultPolicy',
      'Summary', 'cdk-nag findings acknowledged on the roles\' policies: 8, by reason:',
      'acknowledged elsewhere in the assembly:', 'AwsSolutions-IAM5 arn:${AWS::Partition}:sagemaker:',
    ].map((s) => r.out.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // One placeholder syntax: cdk-nag's <Name> references are written ${Name} too.
    expect(r.out).not.toMatch(/<AWS::|<[A-Z][A-Za-z0-9]+(\.[A-Za-z]+)?>/);
  });

  test('--width narrows the text', async () => {
    const r = await runCli(['review', example, '--width', '60']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter((l) => l.length > 60)).toEqual([]);
  });

  test('--format markdown: a table per policy, pipes inside cells escaped', async () => {
    const r = await runCli(['review', example, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# Permission review\n/);
    expect(r.out).toContain('### managed policy `TrainingRole/Policy1` (17 statements, ');
    expect(r.out).toContain('| Sid | why | actions | resources | conditions |');
    expect(r.out).toContain('`StringLike s3:prefix = datasets/train/* \\| datasets/validation/*`');
    // Every table row has as many cells as its header.
    for (const table of r.out.split(/\n\n/).filter((b) => b.startsWith('|'))) {
      const rows = table.split('\n').map((row) => row.replace(/\\\|/g, '').split('|').length);
      expect(new Set(rows).size).toBe(1);
    }
  });

  test('--format json: the same review as data', async () => {
    const r = await runCli(['review', example, '--format', 'json']);
    const json = JSON.parse(r.out);
    expect(json.roles[0].policies[0].statements[0]).toMatchObject({ sid: 'TrainingDataRead', why: statementPurpose('TrainingDataRead')!.why });
    expect(json.roles[0].launchers[0].guardrails).toContain('instance types ml.m5.*, ml.g5.*');
    expect(json.summary.acknowledgedOnRoles).toBe(8);
  });

  test('a folder that is not a cloud assembly: exit 2, saying what it looked for', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'review-'));
    const r = await runCli(['review', empty]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${empty} is not a cloud assembly (it has no manifest.json): looked for ${path.join(empty, 'manifest.json')}, which \`cdk synth\` writes`);
    const missing = await runCli(['review', path.join(empty, 'nope')]);
    expect([missing.code, missing.err]).toEqual([2, expect.stringContaining('is not a cloud assembly (it does not exist)')]);
  });

  test('an assembly without a SageMaker training role: exit 2, saying what it looked for', async () => {
    const dir = synthTo((app) => {
      new iam.Role(new Stack(app, 'Other'), 'LambdaRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    });
    const r = await runCli(['review', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${dir} holds no SageMaker training role: looked in 1 stack template for an AWS::IAM::Role whose trust policy allows sagemaker.amazonaws.com.`);
  });

  test('bad flags: exit 2', async () => {
    expect((await runCli(['review'])).code).toBe(2);
    expect((await runCli(['review', example, '--format', 'html'])).err).toContain('--format must be one of text, markdown, json');
    expect((await runCli(['review', example, '--width', '20'])).err).toContain('--width must be a whole number of columns, 40 or more');
  });

  test('--help and the main help name the command', async () => {
    expect((await runCli(['review', '--help'])).out).toMatch(/^Usage: sagemaker-training-role review <cdk.out>/);
    expect((await runCli(['--help'])).out).toContain('  review ');
  });
});
