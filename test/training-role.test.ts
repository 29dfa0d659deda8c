import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../src';
import { fullProps, minimalProps, newStack, roleLogicalId } from './util/fixtures';
import { build, roleWith } from './util/statements';

describe('SageMakerTrainingRole as an iam.IRole', () => {
  function withTrainingTask() {
    const stack = newStack();
    const props = minimalProps(stack);
    const role = new SageMakerTrainingRole(stack, 'Role', { ...props, ecrRepositories: [new ecr.Repository(stack, 'Repo')] });
    const task = new tasks.SageMakerCreateTrainingJob(stack, 'Train', {
      trainingJobName: 'training',
      role,
      algorithmSpecification: { trainingImage: tasks.DockerImage.fromEcrRepository(new ecr.Repository(stack, 'Image')) },
      inputDataConfig: [{
        channelName: 'train',
        dataSource: { s3DataSource: { s3Location: tasks.S3Location.fromBucket(props.inputBuckets![0].bucket, 'datasets/train/') } },
      }],
      outputDataConfig: { s3OutputLocation: tasks.S3Location.fromBucket(props.outputBucket.bucket, 'models/') },
    });
    new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
    return { stack, role, task, template: Template.fromStack(stack) };
  }

  test('SageMakerCreateTrainingJob uses the role instead of creating its own', () => {
    const { role, task } = withTrainingTask();
    expect(task.role).toBe(role);
  });

  test('no second role that SageMaker may assume is created for the task', () => {
    const { stack, role, template } = withTrainingTask();
    const sageMakerRoles = Object.keys(template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'sagemaker.amazonaws.com' } })]) } },
    }));
    expect(sageMakerRoles).toEqual([roleLogicalId(stack, role)]);
  });

  test('the state machine may pass the role to SageMaker', () => {
    const { stack, role, template } = withTrainingTask();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'iam:PassRole',
          Resource: { 'Fn::GetAtt': [roleLogicalId(stack, role), 'Arn'] },
          Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        })]),
      },
    });
  });
});

describe('role properties pass through', () => {
  test('passes roleName to RoleName', () => {
    roleWith(() => ({ roleName: 'training-role' })).template
      .hasResourceProperties('AWS::IAM::Role', { RoleName: 'training-role' });
  });

  test('passes description to Description', () => {
    roleWith(() => ({ description: 'Runs the nightly training job' })).template
      .hasResourceProperties('AWS::IAM::Role', { Description: 'Runs the nightly training job' });
  });

  test('passes path to Path', () => {
    roleWith(() => ({ path: '/ml/' })).template.hasResourceProperties('AWS::IAM::Role', { Path: '/ml/' });
  });

  test('passes permissionsBoundary to PermissionsBoundary', () => {
    const boundary = 'arn:aws:iam::111122223333:policy/ml-boundary';
    roleWith((stack) => ({ permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Boundary', boundary) })).template
      .hasResourceProperties('AWS::IAM::Role', { PermissionsBoundary: boundary });
  });

  test('passes maxSessionDuration to MaxSessionDuration in seconds', () => {
    roleWith(() => ({ maxSessionDuration: Duration.hours(4) })).template
      .hasResourceProperties('AWS::IAM::Role', { MaxSessionDuration: 14400 });
  });
});

describe('where the permissions live', () => {
  test('no AWS managed policy and no inline policy is attached to the role', () => {
    const stack = newStack();
    new SageMakerTrainingRole(stack, 'Role', fullProps(stack));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.absent(),
      Policies: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('every customer managed policy of the role is attached to it and listed in permissionPolicies', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'Role', fullProps(stack));
    const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy');
    expect(Object.values(policies).map((p: any) => p.Properties.Roles)).toEqual(
      Object.keys(policies).map(() => [{ Ref: roleLogicalId(stack, role) }]));
    expect(role.permissionPolicies.map((p) => stack.resolve((p.node.defaultChild as iam.CfnManagedPolicy).logicalId)).sort())
      .toEqual(Object.keys(policies).sort());
  });

  test('an env-agnostic stack gets no literal partition: every ARN uses Ref AWS::Partition', () => {
    const stack = newStack();
    new SageMakerTrainingRole(stack, 'Role', fullProps(stack));
    const template = Template.fromStack(stack).toJSON();
    const iamJson = JSON.stringify(Object.values(template.Resources).filter((r: any) => r.Type.startsWith('AWS::IAM::')));
    expect(iamJson).not.toMatch(/arn:aws[-:]/);
    expect(iamJson).toContain('{"Ref":"AWS::Partition"}');
  });

  test('the policies do not depend on @aws-cdk/aws-iam:minimizePolicies', () => {
    const synth = (minimizePolicies: boolean) => {
      const stack = newStack({ minimizePolicies });
      new SageMakerTrainingRole(stack, 'Role', fullProps(stack));
      return Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy');
    };
    expect(synth(true)).toEqual(synth(false));
  });
});

describe('bad input: maxManagedPolicies', () => {
  const message = (value: string) =>
    `maxManagedPolicies: IAM attaches 10 managed policies to a role by default and at most 20 with a raised quota; give a whole number from 1 to 20. Got: ${value}.`;

  test.each([0, 21, 2.5, -1])('fails for %p', (value) => {
    expect(() => build(() => ({ maxManagedPolicies: value }))).toThrow(message(String(value)));
  });

  test.each([1, 20])('accepts %p', (value) => {
    expect(() => build(() => ({ maxManagedPolicies: value }))).not.toThrow();
  });
});

describe('bad input: reservedManagedPolicies', () => {
  test.each([-1, 20, 1.5])('fails for %p, outside 0 to 19', (value) => {
    expect(() => build(() => ({ reservedManagedPolicies: value }))).toThrow(
      `reservedManagedPolicies: give a whole number from 0 to 19: the role needs at least one of its at most 20 managed policies. Got: ${value}.`);
  });

  test.each([[10, undefined], [10, 10], [3, 3], [12, 5]])('fails for %p with maxManagedPolicies %p: no policy left for the role', (value, max) => {
    const allowed = max ?? 10;
    expect(() => build(() => ({ reservedManagedPolicies: value, maxManagedPolicies: max }))).toThrow(
      `reservedManagedPolicies: reserving ${value} of maxManagedPolicies ${allowed} leaves no managed policy for the role's own permissions; reserve at most ${allowed - 1}, or raise maxManagedPolicies (up to 20, with a raised quota). Got: ${value}.`);
  });

  test.each([[0, undefined], [9, undefined], [19, 20]])('accepts %p with maxManagedPolicies %p', (value, max) => {
    expect(() => build(() => ({ reservedManagedPolicies: value, maxManagedPolicies: max }))).not.toThrow();
  });
});

describe('bad input: prefixes', () => {
  type Place = (stack: Stack, prefix: string) => Partial<SageMakerTrainingRoleProps>;
  const bucket = (stack: Stack) => s3.Bucket.fromBucketName(stack, 'Data', 'example-data');
  const PLACES: [string, Place][] = [
    ['inputBuckets[1].prefix', (stack, prefix) => {
      const data = bucket(stack);
      return { inputBuckets: [{ bucket: data, prefix: 'ok/' }, { bucket: data, prefix }] };
    }],
    ['outputBucket.prefix', (stack, prefix) => ({ outputBucket: { bucket: bucket(stack), prefix } })],
    ['checkpointBucket.prefix', (stack, prefix) => ({ checkpointBucket: { bucket: bucket(stack), prefix } })],
  ];
  const WILDCARD = 'a key prefix is matched literally (every key that starts with it); IAM would read `*` and `?` as wildcards and widen the grant. Use a plain prefix such as "datasets/train/".';
  const LEADING_SLASH = 'S3 keys do not start with "/"; give the prefix without it, for example "datasets/train/".';
  const cases = PLACES.flatMap(([prop, place]) => [
    { prop, place, prefix: 'datasets/*/train/', allowed: WILDCARD },
    { prop, place, prefix: 'datasets/train?', allowed: WILDCARD },
    { prop, place, prefix: '/datasets/train/', allowed: LEADING_SLASH },
  ]);

  test.each(cases)('fails for $prop = $prefix, naming the prop and the value', ({ prop, place, prefix, allowed }) => {
    expect(() => build((stack) => place(stack, prefix))).toThrow(`${prop}: ${allowed} Got: ${JSON.stringify(prefix)}.`);
  });

  test.each(PLACES)('accepts a token as %s', (_prop, place) => {
    expect(() => build((stack) => place(stack, new CfnParameter(stack, 'Prefix').valueAsString))).not.toThrow();
  });
});
