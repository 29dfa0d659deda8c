import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SageMakerTrainingRole } from '../src';
import { fullProps, minimalProps, newStack, roleLogicalId, templateOf } from './util/fixtures';
import { physicalId, rolePolicies } from './util/resolve';
import { simulateIdentity } from './util/simulate';
import { withTrainingTask } from './util/stepfunctions';

describe('addSecurityGroups', () => {
  test('the Step Functions task\'s own security group can be given to the role after the task', async () => {
    const stack = newStack();
    const props = fullProps(stack);
    const { trainingRole: role, task, render } = withTrainingTask(stack, props, { vpc: props.vpc });
    role.addSecurityGroups(...task.connections.securityGroups);
    render();

    const template = templateOf(stack);
    const policies = rolePolicies(template, roleLogicalId(stack, role));
    const taskGroup = Object.entries<any>(template.Resources)
      .find(([id, r]) => r.Type === 'AWS::EC2::SecurityGroup' && id.startsWith('TrainTrainJobSecurityGroup'))![0];
    const groupArn = (id: string) => `arn:aws:ec2:us-east-1:111122223333:security-group/${id}`;
    const verdict = await simulateIdentity(policies, { action: 'ec2:CreateNetworkInterface', resource: groupArn(physicalId(template, taskGroup)) });
    const other = await simulateIdentity(policies, { action: 'ec2:CreateNetworkInterface', resource: groupArn('sg-0000000000000000f') });
    expect([verdict, other]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });

  test('adds the groups in a statement of their own, once each', () => {
    const stack = newStack();
    const props = fullProps(stack);
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', props);
    const extra = new ec2.SecurityGroup(stack, 'Extra', { vpc: props.vpc! });
    role.addSecurityGroups(extra, props.securityGroups![0]);
    role.addSecurityGroups(extra);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectEquals({
          Sid: 'NetworkInterfaceLateSecurityGroups',
          Effect: 'Allow',
          Action: 'ec2:CreateNetworkInterface',
          Resource: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
        })]),
      },
    });
    const statements = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement).filter((st) => st.Sid.startsWith('NetworkInterfaceLate'));
    expect(statements.length).toBe(1);
  });

  test('fails without a VPC, naming the groups', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
    const group = ec2.SecurityGroup.fromSecurityGroupId(stack, 'G', 'sg-0123456789abcdef0');
    expect(() => role.addSecurityGroups(group)).toThrow(
      'addSecurityGroups: security groups apply to a job in a VPC; give the role a `vpc` (with its securityGroups) first. Got: ["sg-0123456789abcdef0"].');
  });

  test('fails beyond SageMaker\'s five security groups', () => {
    const stack = newStack();
    const props = fullProps(stack);
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', props);
    const groups = Array.from({ length: 5 }, (_, i) => ec2.SecurityGroup.fromSecurityGroupId(stack, `G${i}`, `sg-0${i}23456789abcdef0`));
    expect(() => role.addSecurityGroups(...groups)).toThrow(/at most 5 security groups \(VpcConfig.SecurityGroupIds\); the role already has 1\./);
  });

  test('adds no warning for a group that fits', () => {
    const stack = newStack();
    const props = fullProps(stack);
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', props);
    role.addSecurityGroups(ec2.SecurityGroup.fromSecurityGroupId(stack, 'G', 'sg-0123456789abcdef0'));
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  });

  test('the rendered request and grantLaunch include groups added before them', () => {
    const stack = newStack();
    const props = fullProps(stack);
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', props);
    const late = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Late', 'sg-0aaaaaaaaaaaaaaa9');
    role.addSecurityGroups(late);
    const request = stack.resolve(role.renderTrainingJobRequest());
    expect(request.VpcConfig.SecurityGroupIds).toContain('sg-0aaaaaaaaaaaaaaa9');
    const launcher = new iam.Role(stack, 'Launcher', { assumedBy: new iam.AccountRootPrincipal() });
    role.grantLaunch(launcher);
    const launch = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(launch).toContain('sg-0aaaaaaaaaaaaaaa9');
  });
});
