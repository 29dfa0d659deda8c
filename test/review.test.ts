import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  MANAGED_POLICY_LIMIT,
  readable,
  readableNames,
  readAssembly,
  renderReview,
  renderStatement,
  StackTemplate,
} from '../examples/review';
import { SageMakerTrainingRole } from '../src';
import { minimalProps, newStack, templateOf } from './util/fixtures';

function minimalStack(): { stack: Stack; role: SageMakerTrainingRole; review: StackTemplate[] } {
  const stack = newStack();
  const role = new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
  return { stack, role, review: [{ stackName: 'TestStack', template: templateOf(stack) }] };
}

describe('readable', () => {
  test('writes a pseudo parameter as ${AWS::Name}', () => {
    expect(readable({ Ref: 'AWS::Partition' })).toEqual('${AWS::Partition}');
  });

  test('writes a resource reference with its readable name', () => {
    expect(readable({ Ref: 'DataBucketE3889A50' }, () => 'DataBucket')).toEqual('${DataBucket}');
  });

  test('writes an attribute as ${Name.Attribute}', () => {
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

  test('drops the stack and the trailing /Resource from the construct path', () => {
    expect(readableNames('TestStack', resources)('DataBucketE3889A50')).toEqual('DataBucket');
  });

  test('keeps the rest of a nested construct path', () => {
    expect(readableNames('TestStack', resources)('VpcSubnet1')).toEqual('Vpc/Subnet1/Subnet');
  });

  test('falls back to the logical id without its hash when there is no path metadata', () => {
    expect(readableNames('TestStack', resources)('ModelBucketB33D855B')).toEqual('ModelBucket');
  });

  test('keeps a logical id that carries no hash', () => {
    expect(readableNames('TestStack', resources)('Bare')).toEqual('Bare');
  });
});

describe('renderStatement', () => {
  test('prints the Sid, then one action, resource and condition value per line', () => {
    const lines = renderStatement({
      Sid: 'TrainingDataList',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: 'arn:${AWS::Partition}:s3:::${DataBucket}',
      Condition: { StringLike: { 's3:prefix': ['a/*', 'b/*'] } },
    }, '');
    expect(lines).toEqual([
      'Sid TrainingDataList',
      '  actions    s3:ListBucket',
      '  resources  arn:${AWS::Partition}:s3:::${DataBucket}',
      '  conditions StringLike s3:prefix = a/* | b/*',
    ]);
  });

  test('prints the principal of a trust statement', () => {
    const lines = renderStatement({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'sagemaker.amazonaws.com' } }, '');
    expect(lines).toEqual([
      'Sid (none)',
      '  principal  Service sagemaker.amazonaws.com',
      '  actions    sts:AssumeRole',
    ]);
  });
});

describe('renderReview', () => {
  test('lists the policy, its statements in reading order (data first), then the trust policy and the summary', () => {
    const text = renderReview(minimalStack().review);
    const order = [
      'Role TrainingRole',
      'managed policy TrainingRolePolicy1:',
      'Sid TrainingDataRead', 'Sid TrainingDataList', 'Sid ModelOutputWrite',
      'Sid LogGroupAccess', 'Sid LogStreamWrite', 'Sid MetricsPublish',
      'trust policy',
      'Summary:',
    ].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('lists each data statement under its policy with its Sid', () => {
    const text = renderReview(minimalStack().review);
    expect(text).toMatch(/managed policy TrainingRolePolicy1: 6 statements, [\d,]+ of 6,144 characters\n\s+Sid TrainingDataRead\n[^]*?Sid TrainingDataList\n[^]*?Sid ModelOutputWrite\n/);
  });

  test('shows resources with readable references', () => {
    const text = renderReview(minimalStack().review);
    expect(text).toContain('resources  arn:${AWS::Partition}:s3:::${DataBucket}/datasets/train/*');
    expect(text).toContain('conditions StringLike s3:prefix = datasets/train/*');
  });

  test('shows the trust policy conditions', () => {
    const text = renderReview(minimalStack().review);
    expect(text).toContain('principal  Service sagemaker.amazonaws.com');
    expect(text).toContain('conditions StringEquals aws:SourceAccount = ${AWS::AccountId}');
    expect(text).toContain('ArnLike aws:SourceArn = arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:*');
  });

  test('summarizes policies, statements and characters per policy against the managed policy limit', () => {
    const { review } = minimalStack();
    const template = review[0].template as { Resources: { [id: string]: any } };
    const sizes = Object.entries<any>(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy')
      .map(([, r]) => JSON.stringify(readable(r.Properties.PolicyDocument, readableNames('TestStack', template.Resources))).length);
    const summary = renderReview(review).trim().split('\n').pop()!;
    expect(summary).toMatch(/^Summary: 1 role, 1 policy, 6 statements; /);
    expect(summary).toContain(`IAM limit ${MANAGED_POLICY_LIMIT.toLocaleString('en-US')}`);
    for (const size of sizes) {
      expect(summary).toContain(` ${size.toLocaleString('en-US')}`);
    }
  });

  test('names attached AWS managed policies', () => {
    const stack = newStack();
    new iam.Role(stack, 'WideRole', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSageMakerFullAccess')],
    });
    const text = renderReview([{ stackName: 'TestStack', template: templateOf(stack) }]);
    expect(text).toContain('AWS managed policies: arn:${AWS::Partition}:iam::aws:policy/AmazonSageMakerFullAccess');
  });

  test('shows statements added to the role later (acceptExternalGrants) as an inline policy', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', { ...minimalProps(stack), acceptExternalGrants: true });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'Extra', actions: ['s3:GetObject'], resources: ['*'] }));
    const text = renderReview([{ stackName: 'TestStack', template: templateOf(stack) }]);
    expect(text).toMatch(/inline policy TrainingRoleDefaultPolicy: 1 statement, [\d,]+ characters\n\s+Sid Extra/);
  });

  test('ignores roles SageMaker cannot assume and says when there is none', () => {
    const stack = newStack();
    new iam.Role(stack, 'LambdaRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(renderReview([{ stackName: 'TestStack', template: templateOf(stack) }]))
      .toEqual('No role that sagemaker.amazonaws.com may assume was found.\n');
  });
});

describe('readAssembly', () => {
  function synthTo(build: (app: App) => void): string {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-'));
    const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
    build(app);
    app.synth();
    return outdir;
  }

  test('reads every stack template of a cloud assembly', () => {
    const dir = synthTo((app) => {
      const stack = new Stack(app, 'Training');
      new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
    });
    const stacks = readAssembly(dir);
    expect(stacks.map((s) => s.stackName)).toEqual(['Training']);
    expect(renderReview(stacks)).toContain('Role TrainingRole');
  });

  test('shows the acknowledged cdk-nag findings under the policy that carries them', () => {
    const dir = synthTo((app) => {
      const stack = new Stack(app, 'Training');
      new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
    });
    const text = renderReview(readAssembly(dir));
    const policy = text.slice(text.indexOf('managed policy TrainingRole/Policy1'), text.indexOf('trust policy'));
    // The minimal role's only action on `*` is the namespace-conditioned PutMetricData: its reason is shown.
    expect(policy).toMatch(/acknowledged findings\n[^]*\n\s+AwsSolutions-IAM5\[Resource::\*\]\n[^\n]*cloudwatch:PutMetricData[^\n]*cloudwatch:namespace/);
    expect(text).toContain('AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<ModelBucketB33D855B>/models/*]');
  });

  test('reads the stacks of nested assemblies (stages)', () => {
    const dir = synthTo((app) => {
      const stage = new Stage(app, 'Prod');
      const stack = new Stack(stage, 'Training');
      new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
    });
    const stacks = readAssembly(dir);
    expect(stacks.map((s) => s.stackName)).toEqual(['Prod/Training']);
    expect(renderReview(stacks)).toContain('Role TrainingRole (');
  });

  test('fails with the command to run when the directory is not a cloud assembly', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-'));
    expect(() => readAssembly(dir)).toThrow(/is not a cloud assembly \(no manifest.json\); run cdk synth --output/);
  });
});
