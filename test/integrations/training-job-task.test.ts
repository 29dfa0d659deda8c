/**
 * `SageMakerTrainingJobTask`: managed Spot training with checkpoints from a state machine. The
 * state's request is rendered from the role; the state machine's role, simulated, may run the
 * `.sync` integration (its EventBridge rule), and with `grantLaunch` may launch the state's own
 * request and nothing that breaks a guardrail.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { SageMakerTrainingJobTask, SageMakerTrainingJobTaskProps, SageMakerTrainingRole } from '../../src';
import { allows, denies, deniesExplicitly } from '../util/cases';
import { fullProps, minimalProps, newStack, templateOf } from '../util/fixtures';
import { simulationTable } from '../util/requests';
import { resolveIntrinsics, TEST_ENV } from '../util/resolve';
import { sarViolations } from '../util/sar';

const { partition, region, account } = TEST_ENV;
const IMAGE = `${account}.dkr.ecr.${region}.amazonaws.com/train:latest`;
const SYNC_RULE = `arn:${partition}:events:${region}:${account}:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule`;

type TaskOptions = Partial<SageMakerTrainingJobTaskProps>;

const SPOT: TaskOptions = {
  managedSpotTraining: true,
  maxRuntime: Duration.hours(4),
  maxWait: Duration.hours(8),
  maxRetryAttempts: 2,
  checkpointLocalPath: '/opt/ml/checkpoints',
  enableNetworkIsolation: true,
};

/** The role from the full props (VPC, keys, checkpoints), the task, a state machine, and grantLaunch on it. */
function build(options: TaskOptions = SPOT) {
  const stack = newStack({ env: true });
  const role = new SageMakerTrainingRole(stack, 'TrainingRole', fullProps(stack));
  const task = new SageMakerTrainingJobTask(stack, 'Train', {
    trainingRole: role,
    trainingJobName: sfn.JsonPath.stringAt('$.jobName'),
    trainingImage: IMAGE,
    instanceType: 'ml.g5.2xlarge',
    maxRuntime: Duration.hours(4),
    ...options,
  });
  const machine = new sfn.StateMachine(stack, 'Training', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
  role.grantLaunch(machine, { instanceTypes: ['ml.g5.*'], maxRuntime: Duration.hours(4), requireNetworkIsolation: true });
  const template = templateOf(stack);
  const definition = JSON.parse(resolveIntrinsics(template, Object.values<any>(template.Resources)
    .find((r) => r.Type === 'AWS::StepFunctions::StateMachine').Properties.DefinitionString));
  const state = definition.States.Train;
  const machineRoleId = stack.getLogicalId(machine.role.node.defaultChild as iam.CfnRole);
  const policies = Object.entries<any>(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === machineRoleId))
    .map(([name, r]) => ({ name, policy: resolveIntrinsics(template, r.Properties.PolicyDocument) }));
  const request = resolveIntrinsics(template, stack.resolve(role.renderTrainingJobRequest()));
  return { stack, role, state, policies, request, template };
}

describe('a Spot training state built from the role', () => {
  const { state, request } = build();

  test('uses the .sync integration of CreateTrainingJob', () => {
    expect(state.Type).toBe('Task');
    expect(state.Resource).toBe(`arn:${partition}:states:::sagemaker:createTrainingJob.sync`);
  });

  test('asks for managed Spot training with a wait time, retries and the role\'s checkpoint location', () => {
    const p = state.Parameters;
    expect(p.EnableManagedSpotTraining).toBe(true);
    expect(p.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 14400, MaxWaitTimeInSeconds: 28800 });
    expect(p.RetryStrategy).toEqual({ MaximumRetryAttempts: 2 });
    expect(p.CheckpointConfig).toEqual({ S3Uri: request.CheckpointConfig.S3Uri, LocalPath: '/opt/ml/checkpoints' });
  });

  test('carries the role\'s request fields unchanged', () => {
    const p = state.Parameters;
    expect(p.RoleArn).toBe(request.RoleArn);
    expect(p.InputDataConfig).toEqual(request.InputDataConfig);
    expect(p.OutputDataConfig).toEqual(request.OutputDataConfig);
    expect(p.VpcConfig).toEqual(request.VpcConfig);
    expect(p.ResourceConfig).toEqual({ InstanceType: 'ml.g5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 30, ...request.ResourceConfig });
    expect(p['TrainingJobName.$']).toBe('$.jobName');
  });
});

describe('the state machine\'s role, simulated', () => {
  const { state, policies, request } = build();
  const p = state.Parameters;
  const job = `arn:${partition}:sagemaker:${region}:${account}:training-job/spot-run-1`;
  // The condition keys SageMaker sets for the state's own request.
  const context = {
    'sagemaker:VpcSubnets': p.VpcConfig.Subnets,
    'sagemaker:VpcSecurityGroupIds': p.VpcConfig.SecurityGroupIds,
    'sagemaker:OutputKmsKeyArn': p.OutputDataConfig.KmsKeyId,
    'sagemaker:VolumeKmsKeyArn': p.ResourceConfig.VolumeKmsKeyId,
    'sagemaker:InstanceTypes': [p.ResourceConfig.InstanceType],
    'sagemaker:MaxRuntimeInSeconds': String(p.StoppingCondition.MaxRuntimeInSeconds),
    'sagemaker:NetworkIsolation': String(p.EnableNetworkIsolation),
  };
  simulationTable(() => policies, [
    allows('launching the state\'s own request', { action: 'sagemaker:CreateTrainingJob', resource: job, context }),
    allows('passing the training role to SageMaker', { action: 'iam:PassRole', resource: request.RoleArn, context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } }),
    allows('describing the job (.sync polls it)', { action: 'sagemaker:DescribeTrainingJob', resource: job }),
    allows('stopping the job (an aborted execution stops it)', { action: 'sagemaker:StopTrainingJob', resource: job }),
    allows('listing the job\'s tags', { action: 'sagemaker:ListTags', resource: job }),
    ...['events:PutTargets', 'events:PutRule', 'events:DescribeRule'].map((action) =>
      allows(`${action} on the rule Step Functions manages for .sync`, { action, resource: SYNC_RULE })),
    denies('PutRule on another rule', { action: 'events:PutRule', resource: `arn:${partition}:events:${region}:${account}:rule/other` }),
    deniesExplicitly('launching on another instance type', {
      action: 'sagemaker:CreateTrainingJob', resource: job, context: { ...context, 'sagemaker:InstanceTypes': ['ml.p5.48xlarge'] },
    }),
    deniesExplicitly('launching without network isolation', {
      action: 'sagemaker:CreateTrainingJob', resource: job, context: { ...context, 'sagemaker:NetworkIsolation': 'false' },
    }),
  ]);

  test('has no action, resource or condition key the Service Authorization Reference rejects', async () => {
    expect(await sarViolations(policies)).toEqual([]);
  });
});

describe('integration patterns', () => {
  test('REQUEST_RESPONSE uses the plain integration and needs no EventBridge rule', () => {
    const { state, policies } = build({ integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE });
    expect(state.Resource).toBe(`arn:${partition}:states:::sagemaker:createTrainingJob`);
    expect(JSON.stringify(policies)).not.toContain('events:');
  });

  test('a role without checkpoints and outputs renders no CheckpointConfig, TensorBoard or Debugger config', () => {
    const stack = newStack({ env: true });
    const role = new SageMakerTrainingRole(stack, 'Role', minimalProps(stack));
    const task = new SageMakerTrainingJobTask(stack, 'Train', {
      trainingRole: role, trainingJobName: 'nightly', trainingImage: IMAGE, instanceType: 'ml.m5.xlarge', maxRuntime: Duration.hours(1),
    });
    const rendered = stack.resolve((task as any).requestParameters);
    expect(Object.keys(rendered).sort()).toEqual([
      'AlgorithmSpecification', 'InputDataConfig', 'OutputDataConfig', 'ResourceConfig', 'RoleArn', 'StoppingCondition', 'TrainingJobName',
    ]);
  });

  test('renders the role\'s TensorBoard, Debugger hook and Profiler outputs', () => {
    const stack = newStack({ env: true });
    const debug = new s3.Bucket(stack, 'Debug');
    const role = new SageMakerTrainingRole(stack, 'Role', {
      ...minimalProps(stack),
      tensorBoardOutput: { bucket: debug, prefix: 'tb/' },
      debugHookOutput: { bucket: debug, prefix: 'hook/' },
      profilerOutput: { bucket: debug, prefix: 'profiler/' },
    });
    const task = new SageMakerTrainingJobTask(stack, 'Train', {
      trainingRole: role, trainingJobName: 'nightly', trainingImage: IMAGE, instanceType: 'ml.m5.xlarge', maxRuntime: Duration.hours(1),
    });
    const rendered = stack.resolve((task as any).requestParameters);
    const uri = (prefix: string) => ({ 'Fn::Join': ['', ['s3://', { Ref: stack.getLogicalId(debug.node.defaultChild as s3.CfnBucket) }, `/${prefix}`]] });
    expect(rendered.TensorBoardOutputConfig).toEqual({ S3OutputPath: uri('tb/') });
    expect(rendered.DebugHookConfig).toEqual({ S3OutputPath: uri('hook/') });
    expect(rendered.ProfilerConfig).toEqual({ S3OutputPath: uri('profiler/') });
  });
});

describe('bad input', () => {
  function task(options: TaskOptions, props = minimalProps) {
    const stack: Stack = newStack({ env: true });
    const role = new SageMakerTrainingRole(stack, 'Role', props(stack));
    return () => new SageMakerTrainingJobTask(stack, 'Train', {
      trainingRole: role, trainingJobName: 'nightly', trainingImage: IMAGE, instanceType: 'ml.m5.xlarge', maxRuntime: Duration.hours(2), ...options,
    });
  }

  test('Spot training without maxWait', () => {
    expect(task({ managedSpotTraining: true })).toThrow(/^maxWait: managed Spot training needs StoppingCondition\.MaxWaitTimeInSeconds .* Got: undefined\.$/);
  });

  test('maxWait shorter than maxRuntime', () => {
    expect(task({ managedSpotTraining: true, maxWait: Duration.hours(1) })).toThrow(
      'maxWait: SageMaker requires MaxWaitTimeInSeconds to be at least MaxRuntimeInSeconds (7200 seconds, from maxRuntime). Got: "1 hour".');
  });

  test('maxWait without Spot training', () => {
    expect(task({ maxWait: Duration.hours(3) })).toThrow(/^maxWait: MaxWaitTimeInSeconds applies to managed Spot training only/);
  });

  test.each([0, 31, 1.5])('maxRetryAttempts %p', (n) => {
    expect(task({ maxRetryAttempts: n })).toThrow(`maxRetryAttempts: SageMaker retries a training job 1 to 30 times (RetryStrategy.MaximumRetryAttempts). Got: ${n}.`);
  });

  test('checkpointLocalPath on a role without checkpoints', () => {
    expect(task({ checkpointLocalPath: '/opt/ml/checkpoints' })).toThrow(/^checkpointLocalPath: the role has no checkpointBucket/);
  });

  test('maxRuntime over 28 days', () => {
    expect(task({ maxRuntime: Duration.days(29) })).toThrow(/^maxRuntime: a whole number of seconds from 1 to 2419200\. Got: "29 days"\.$/);
  });
});
