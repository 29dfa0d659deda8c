import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole } from '../src';
import { minimalProps, newStack } from './util/fixtures';
import { withTrainingTask } from './util/stepfunctions';

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

  test('each ignored statement is named in a warning with a stable id', () => {
    const { stack } = withTask();
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-sagemaker-training-role:ExternalGrantIgnored'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(JSON.stringify(warnings)).toContain('s3:GetObject*');
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
});
