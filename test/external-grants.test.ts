import { Annotations as CoreAnnotations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole } from '../src';
import { minimalProps, newStack } from './util/fixtures';
import { withTrainingTask } from './util/stepfunctions';

const WARNING_ID = 'cdk-sagemaker-training-role:ExternalGrantsIgnored';

function withTask(acceptExternalGrants?: boolean) {
  const stack = newStack();
  const { trainingRole: role, render } = withTrainingTask(stack, { ...minimalProps(stack), acceptExternalGrants });
  render();
  return { stack, role, template: Template.fromStack(stack) };
}

describe('statements added from outside the construct', () => {
  test('the Step Functions task adds no inline policy to the role', () => {
    const { stack, role, template } = withTask();
    const roleId = stack.getLogicalId(role.node.defaultChild as iam.CfnRole);
    const inline = Object.values<any>(template.findResources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId));
    expect(inline).toEqual([]);
  });

  test('no grant falls back to a bucket policy naming the role', () => {
    const { template } = withTask();
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
  });

  test('the task wired to the role\'s own locations raises no warning at all', () => {
    const { stack } = withTask();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WARNING_ID))).toEqual([]);
  });

  test('acceptExternalGrants: true adds them', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', { ...minimalProps(stack), acceptExternalGrants: true });
    new s3.Bucket(stack, 'Extra').grantRead(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
    });
  });

  test('by default a direct addToPolicy is not added either, and says so', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
    const result = role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    expect(result.statementAdded).toBe(true);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('s3:\\* on \\*'));
  });

  test('statements left out on other resources make one warning, with one id, naming them readably', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
    new s3.Bucket(stack, 'Extra').grantRead(role, 'other/*');
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] }));
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WARNING_ID));
    expect(warnings).toHaveLength(1);
    const text = warnings[0].entry.data as string;
    expect(text).toMatch(/^2 statement\(s\) added from outside the construct/);
    expect(text).toContain('s3:GetObject*, s3:GetBucket*, s3:List* on ${TestStack/Extra.Arn}, ${TestStack/Extra.Arn}/other/*');
    expect(text).toContain('sqs:SendMessage on *');
    expect(text).not.toContain('Fn::');
  });

  test('statements on the role\'s own bucket and prefix, or on * for actions the role allows on *, are left out silently', () => {
    const stack = newStack();
    const props = minimalProps(stack);
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', props);
    props.inputBuckets![0].bucket.grantRead(role, `${props.inputBuckets![0].prefix}subset/*`);
    props.outputBucket.bucket.grantReadWrite(role, `${props.outputBucket.prefix}*`);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:PutMetricData'], resources: ['*'] }));
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WARNING_ID))).toEqual([]);
  });

  test('a statement on the role\'s bucket outside its prefix is reported', () => {
    const stack = newStack();
    const props = minimalProps(stack);
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', props);
    props.inputBuckets![0].bucket.grantRead(role, 'elsewhere/*');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WARNING_ID))).toHaveLength(1);
  });

  test('the warning can be acknowledged by its id, as the README shows', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
    new s3.Bucket(stack, 'Extra').grantRead(role);
    CoreAnnotations.of(role).acknowledgeWarning(WARNING_ID, 'The job reads Extra through a bucket policy.');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WARNING_ID))).toEqual([]);
  });
});
