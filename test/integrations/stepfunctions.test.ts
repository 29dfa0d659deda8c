/**
 * aws-cdk-lib Step Functions `SageMakerCreateTrainingJob` with `role: trainingRole`: the task uses
 * this role (no second SageMaker role), its state machine may pass this role only, the task's own
 * S3 grants stay out of the role, and the task's channels can be built from the rendered request.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../../src';
import { allows, denies, deniesExplicitly } from '../util/cases';
import { fullProps, minimalProps, newStack, roleLogicalId, templateOf } from '../util/fixtures';
import { Case, simulationTable } from '../util/requests';
import { resolveIntrinsics, rolePolicies, TEST_ENV } from '../util/resolve';
import { withTrainingTask } from '../util/stepfunctions';

const WARNING_ID = 'cdk-sagemaker-training-role:ExternalGrantsIgnored';

/** The task wired the usual way, rendered by a state machine. */
function withTask(stack: Stack, props: SageMakerTrainingRoleProps) {
  const { trainingRole, render } = withTrainingTask(stack, props);
  return { trainingRole, stateMachine: render() };
}

/** An S3 location given as a URI (a rendered one): it grants nothing. The README's example. */
class RenderedS3Location extends tasks.S3Location {
  private readonly uri: string;

  constructor(uri: string) {
    super();
    this.uri = uri;
  }

  public bind(_task: tasks.ISageMakerTask, _opts: tasks.S3LocationBindOptions): tasks.S3LocationConfig {
    return { uri: this.uri };
  }
}

/** The state machine's role's statements, resolved. */
function stateMachineStatements(stack: Stack, stateMachine: sfn.StateMachine): any[] {
  const template = templateOf(stack);
  const roleId = stack.getLogicalId(stateMachine.role.node.defaultChild as iam.CfnRole);
  return Object.values<any>(template.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}

function actionsOf(statement: any): string[] {
  return [statement.Action].flat();
}

describe.each([
  { fixture: 'minimal', props: minimalProps },
  { fixture: 'full', props: fullProps },
])('the task with role: trainingRole ($fixture props)', ({ props }) => {
  test('no second SageMaker role: the only role SageMaker may assume is the training role', () => {
    const stack = newStack();
    const { trainingRole } = withTask(stack, props(stack));
    const sagemakerRoles = Object.entries<any>(templateOf(stack).Resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Role')
      .filter(([, r]) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('sagemaker.amazonaws.com'))
      .map(([id]) => id);
    expect(sagemakerRoles).toEqual([roleLogicalId(stack, trainingRole)]);
  });

  test('the state machine\'s iam:PassRole names only the training role\'s ARN, for SageMaker', () => {
    const stack = newStack();
    const { trainingRole, stateMachine } = withTask(stack, props(stack));
    const passRole = stateMachineStatements(stack, stateMachine).filter((s) => actionsOf(s).some((a) => a.startsWith('iam:')));
    expect(passRole).toEqual([{
      Action: 'iam:PassRole',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [roleLogicalId(stack, trainingRole), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    }]);
  });

  test('the training role\'s policies are the same with and without the task', () => {
    const alone = newStack();
    const role = new SageMakerTrainingRole(alone, 'TrainingRole', props(alone));
    const withIt = newStack();
    const { trainingRole, render } = withTrainingTask(withIt, props(withIt), { addSecurityGroups: false });
    render();
    expect(rolePolicies(templateOf(withIt), roleLogicalId(withIt, trainingRole)))
      .toEqual(rolePolicies(templateOf(alone), roleLogicalId(alone, role)));
  });

  test('the task adds no inline policy to the training role', () => {
    const stack = newStack();
    const { trainingRole } = withTask(stack, props(stack));
    const roleId = roleLogicalId(stack, trainingRole);
    const inline = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId));
    expect(inline).toEqual([]);
  });

  test('the task\'s grants on the role\'s own locations and keys raise no warning', () => {
    const stack = newStack();
    withTask(stack, props(stack));
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WARNING_ID))).toEqual([]);
  });

  test('a channel outside the role\'s props gives one warning on the role, naming the bucket', () => {
    const stack = newStack();
    const p = props(stack);
    const other = new s3.Bucket(stack, 'Unlisted');
    const { trainingRole, render } = withTrainingTask(stack, { ...p, inputBuckets: p.inputBuckets }, { extraChannels: [{ bucket: other, prefix: 'x/' }] });
    render();
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WARNING_ID));
    expect(warnings.map((w) => w.id)).toEqual([`/${trainingRole.node.path}`]);
    expect(warnings[0].entry.data).toContain('${TestStack/Unlisted.Arn}/x/*');
  });
});

describe('the state machine may pass the training role to SageMaker and nothing else (simulated)', () => {
  const stack = newStack();
  const { trainingRole, stateMachine } = withTask(stack, minimalProps(stack));
  const template = templateOf(stack);
  const statements = resolveIntrinsics(template, stateMachineStatements(stack, stateMachine));
  const roleArn = resolveIntrinsics(template, stack.resolve(trainingRole.roleArn));
  const otherRole = `arn:aws:iam::${TEST_ENV.account}:role/another-role`;
  const cases: Case[] = [
    allows('passing the training role to SageMaker', { action: 'iam:PassRole', resource: roleArn, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }),
    denies('passing another role to SageMaker', { action: 'iam:PassRole', resource: otherRole, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }),
    denies('passing the training role to another service', { action: 'iam:PassRole', resource: roleArn, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } }),
  ];
  simulationTable(() => [{ name: 'StateMachineRolePolicy', policy: { Version: '2012-10-17', Statement: statements } }], cases);
});

describe('a task whose channels and output come from renderTrainingJobRequest()', () => {
  function build() {
    const stack = newStack();
    const trainingRole = new SageMakerTrainingRole(stack, 'TrainingRole', { ...fullProps(stack), vpc: undefined, securityGroups: undefined });
    const request = trainingRole.renderTrainingJobRequest();
    const task = new tasks.SageMakerCreateTrainingJob(stack, 'Train', {
      trainingJobName: sfn.JsonPath.stringAt('$.jobName'),
      role: trainingRole,
      algorithmSpecification: { algorithmName: 'example' },
      inputDataConfig: request.InputDataConfig.map((c: any) => ({
        channelName: c.ChannelName,
        dataSource: {
          s3DataSource: {
            s3Location: new RenderedS3Location(c.DataSource.S3DataSource.S3Uri),
            s3DataType: tasks.S3DataType.S3_PREFIX,
            s3DataDistributionType: tasks.S3DataDistributionType.FULLY_REPLICATED,
          },
        },
      })),
      outputDataConfig: {
        s3OutputLocation: new RenderedS3Location(request.OutputDataConfig.S3OutputPath),
        encryptionKey: kms.Key.fromKeyArn(stack, 'OutputKeyRef', request.OutputDataConfig.KmsKeyId),
      },
    });
    new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
    const template = templateOf(stack);
    const definitionString = Object.values<any>(template.Resources)
      .find((r) => r.Type === 'AWS::StepFunctions::StateMachine').Properties.DefinitionString;
    const definition = JSON.parse(resolveIntrinsics(template, definitionString));
    const parameters = (Object.values(definition.States)[0] as any).Parameters;
    return { stack, request: resolveIntrinsics(template, stack.resolve(request)), parameters };
  }

  test('the state\'s InputDataConfig is the rendered one', () => {
    const { request, parameters } = build();
    expect(parameters.InputDataConfig).toEqual(request.InputDataConfig);
  });

  test('the state\'s S3OutputPath, KmsKeyId and RoleArn are the rendered ones', () => {
    const { request, parameters } = build();
    expect(parameters.OutputDataConfig).toEqual(request.OutputDataConfig);
    expect(parameters.RoleArn).toEqual(request.RoleArn);
  });

  test('rendered locations grant nothing, so no S3 statement is even offered to the role', () => {
    const { stack } = build();
    const warnings = JSON.stringify(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WARNING_ID)));
    expect(warnings).not.toContain('s3:');
  });
});

describe('a task that runs jobs with a role in a VPC, without the VPC', () => {
  test('fails at synthesis, naming the task\'s vpcConfig and the role', () => {
    const stack = newStack();
    const props = fullProps(stack);
    const trainingRole = new SageMakerTrainingRole(stack, 'TrainingRole', props);
    const task = new tasks.SageMakerCreateTrainingJob(stack, 'Train', {
      trainingJobName: sfn.JsonPath.stringAt('$.jobName'),
      role: trainingRole,
      algorithmSpecification: { algorithmName: 'example' },
      outputDataConfig: { s3OutputLocation: tasks.S3Location.fromBucket(props.outputBucket.bucket, 'models/') },
    });
    new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
    expect(() => templateOf(stack)).toThrow(/TestStack\/Train\.vpcConfig: the Step Functions task runs training jobs with the role TestStack\/TrainingRole, which has a vpc, but without VpcConfig: .* Got: undefined\./);
  });

  test('passes with the role\'s VPC and the task\'s security group given to the role', () => {
    const stack = newStack();
    const { render } = withTrainingTask(stack, fullProps(stack));
    render();
    expect(() => templateOf(stack)).not.toThrow();
  });

  test('does not concern a role without a VPC', () => {
    const stack = newStack();
    const { render } = withTrainingTask(stack, minimalProps(stack));
    render();
    expect(() => templateOf(stack)).not.toThrow();
  });
});

describe('the README\'s wiring: the task\'s defaults within grantLaunch on its state machine (simulated)', () => {
  const stack = newStack();
  const { trainingRole, render } = withTrainingTask(stack, minimalProps(stack));
  const machine = render();
  // As the README: the task's defaults are ml.m4.xlarge and one hour.
  trainingRole.grantLaunch(machine, { instanceTypes: ['ml.m4.xlarge'], maxRuntime: Duration.hours(1) });
  const template = templateOf(stack);
  const definition = JSON.parse(resolveIntrinsics(template, Object.values<any>(template.Resources)
    .find((r) => r.Type === 'AWS::StepFunctions::StateMachine').Properties.DefinitionString));
  const parameters = (Object.values(definition.States)[0] as any).Parameters;
  const statements = resolveIntrinsics(template, stateMachineStatements(stack, machine));
  const job = `arn:aws:sagemaker:${TEST_ENV.region}:${TEST_ENV.account}:training-job/run-1`;
  const context = {
    'sagemaker:InstanceTypes': [parameters.ResourceConfig.InstanceType],
    'sagemaker:MaxRuntimeInSeconds': String(parameters.StoppingCondition.MaxRuntimeInSeconds),
  };

  test('the state asks for the task\'s defaults', () => {
    expect(context).toEqual({ 'sagemaker:InstanceTypes': ['ml.m4.xlarge'], 'sagemaker:MaxRuntimeInSeconds': '3600' });
  });

  simulationTable(() => [{ name: 'StateMachineRolePolicy', policy: { Version: '2012-10-17', Statement: statements } }], [
    allows('the state\'s own launch', { action: 'sagemaker:CreateTrainingJob', resource: job, context }),
    deniesExplicitly('a launch on another instance type, despite the task\'s unconditioned allow', {
      action: 'sagemaker:CreateTrainingJob', resource: job, context: { ...context, 'sagemaker:InstanceTypes': ['ml.p5.48xlarge'] },
    }),
    deniesExplicitly('a launch over the maximum run time, despite the task\'s unconditioned allow', {
      action: 'sagemaker:CreateTrainingJob', resource: job, context: { ...context, 'sagemaker:MaxRuntimeInSeconds': '3601' },
    }),
  ]);
});
