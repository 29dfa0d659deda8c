/**
 * Policies attached to the role from outside the construct: each is named in one warning
 * (`ExternalPolicyAttached`), never silently; the role's own policies and its default policy
 * (statements let in by `acceptExternalGrants`) are not reported.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole } from '../src';
import { minimalProps, newStack } from './util/fixtures';
import { warningIds, warningMessages } from './util/warnings';

const TAIL = 'is attached to this role from outside the construct: its permissions are the role\'s too, and the construct neither checks nor proves them least-privilege. Give the job\'s resources as props instead, or acknowledge this warning if the policy is intended.';
const statement = () => new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::example-other/*'] });

function roleIn(acceptExternalGrants?: boolean): { stack: Stack; role: SageMakerTrainingRole } {
  const stack = newStack();
  return { stack, role: new SageMakerTrainingRole(stack, 'Role', { ...minimalProps(stack), acceptExternalGrants }) };
}

describe('policies attached from outside the construct', () => {
  test('role.addManagedPolicy (an AWS managed policy): attached, and named in a warning', () => {
    const { stack, role } = roleIn();
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSageMakerFullAccess'));
    expect(warningMessages(stack, 'ExternalPolicyAttached')).toEqual([
      `the managed policy arn:\${AWS::Partition}:iam::aws:policy/AmazonSageMakerFullAccess ${TAIL}`,
    ]);
    const roleProps = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Role'))[0].Properties;
    expect(JSON.stringify(roleProps.ManagedPolicyArns)).toContain('AmazonSageMakerFullAccess');
  });

  test('new iam.Policy(..., { roles: [role] })', () => {
    const { stack, role } = roleIn();
    new iam.Policy(stack, 'Extra', { roles: [role], statements: [statement()] });
    expect(warningMessages(stack, 'ExternalPolicyAttached')).toEqual([`the inline policy TestStack/Extra ${TAIL}`]);
  });

  test('role.attachInlinePolicy', () => {
    const { stack, role } = roleIn();
    role.attachInlinePolicy(new iam.Policy(stack, 'Extra', { statements: [statement()] }));
    expect(warningMessages(stack, 'ExternalPolicyAttached')).toEqual([`the inline policy TestStack/Extra ${TAIL}`]);
  });

  test('ManagedPolicy.attachToRole', () => {
    const { stack, role } = roleIn();
    new iam.ManagedPolicy(stack, 'Extra', { statements: [statement()] }).attachToRole(role);
    expect(warningMessages(stack, 'ExternalPolicyAttached')).toEqual([`the customer managed policy TestStack/Extra ${TAIL}`]);
  });

  test('new iam.ManagedPolicy(..., { roles: [role] }) and an L1 role policy', () => {
    const { stack, role } = roleIn();
    new iam.ManagedPolicy(stack, 'Extra', { statements: [statement()], roles: [role] });
    new iam.CfnRolePolicy(stack, 'Raw', { roleName: role.roleName, policyName: 'raw', policyDocument: { Version: '2012-10-17', Statement: [statement().toStatementJson()] } });
    expect(warningMessages(stack, 'ExternalPolicyAttached')).toEqual([
      `the customer managed policy TestStack/Extra ${TAIL}`,
      `the inline policy TestStack/Raw ${TAIL}`,
    ]);
  });

  test('nothing is reported for the role alone, nor for a policy of another role', () => {
    const { stack } = roleIn();
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new iam.Policy(stack, 'Extra', { roles: [other], statements: [statement()] });
    expect(warningIds(stack)).not.toContain('cdk-sagemaker-training-role:ExternalPolicyAttached');
  });

  test('the default policy that acceptExternalGrants fills is not reported as an attached policy', () => {
    const { stack, role } = roleIn(true);
    s3.Bucket.fromBucketName(stack, 'Other', 'example-other').grantRead(role);
    expect(warningIds(stack)).not.toContain('cdk-sagemaker-training-role:ExternalPolicyAttached');
  });
});
