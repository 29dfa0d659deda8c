import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { arnContext, regionalArn } from './private/arns';
import { TrainingRoleError, withConstructPath } from './private/errors';
import { SageMakerTrainingRole } from './training-role';

/** SageMaker's upper bound of `StoppingCondition.MaxRuntimeInSeconds`: 28 days. */
const MAX_RUNTIME_SECONDS = 28 * 24 * 60 * 60;

/**
 * Properties of `SageMakerTrainingJobTask`.
 */
export interface SageMakerTrainingJobTaskProps extends sfn.TaskStateBaseProps {
  /**
   * The role the job runs with: `RoleArn`, the channels, the output, checkpoint, VPC, volume key
   * and the TensorBoard, Debugger and Profiler outputs of the request are rendered from it.
   */
  readonly trainingRole: SageMakerTrainingRole;

  /**
   * `TrainingJobName`: a literal or a JSONPath (`sfn.JsonPath.stringAt('$.jobName')`). It must
   * start with the role's `trainingJobNamePrefix`, if any.
   */
  readonly trainingJobName: string;

  /** `AlgorithmSpecification.TrainingImage`: the image URI. */
  readonly trainingImage: string;

  /**
   * `AlgorithmSpecification.TrainingInputMode`.
   *
   * @default 'File'
   */
  readonly trainingInputMode?: string;

  /** `ResourceConfig.InstanceType`, for example `ml.g5.2xlarge`. */
  readonly instanceType: string;

  /**
   * `ResourceConfig.InstanceCount`.
   *
   * @default 1
   */
  readonly instanceCount?: number;

  /**
   * `ResourceConfig.VolumeSizeInGB`.
   *
   * @default 30
   */
  readonly volumeSizeInGb?: number;

  /** `StoppingCondition.MaxRuntimeInSeconds`, from 1 second to 28 days. */
  readonly maxRuntime: Duration;

  /**
   * `EnableManagedSpotTraining`: run on Spot capacity. Give `maxWait` too; give the role a
   * `checkpointBucket` so that an interrupted job resumes from its checkpoints.
   *
   * @default false
   */
  readonly managedSpotTraining?: boolean;

  /**
   * `StoppingCondition.MaxWaitTimeInSeconds`: how long a Spot job may take in all, waiting
   * included; at least `maxRuntime`. Only with `managedSpotTraining`.
   *
   * @default - required with `managedSpotTraining`
   */
  readonly maxWait?: Duration;

  /**
   * `CheckpointConfig.LocalPath`, where the container writes checkpoints. Only with a role that
   * has a `checkpointBucket`.
   *
   * @default - SageMaker's default, `/opt/ml/checkpoints`
   */
  readonly checkpointLocalPath?: string;

  /**
   * `RetryStrategy.MaximumRetryAttempts`: how many times SageMaker retries the job after an
   * internal server error, from 1 to 30.
   *
   * @default - no retry strategy
   */
  readonly maxRetryAttempts?: number;

  /**
   * `EnableNetworkIsolation`.
   *
   * @default false
   */
  readonly enableNetworkIsolation?: boolean;

  /**
   * `EnableInterContainerTrafficEncryption`.
   *
   * @default false
   */
  readonly enableInterContainerTrafficEncryption?: boolean;

  /**
   * `HyperParameters`.
   *
   * @default - none
   */
  readonly hyperParameters?: { [name: string]: string };

  /**
   * `Environment`.
   *
   * @default - none
   */
  readonly environment?: { [name: string]: string };

  /**
   * `Tags`: keys and values. The launching principal needs `sagemaker:AddTags` for them
   * (`grantLaunch` with `allowTags`).
   *
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/**
 * A Step Functions task that starts a SageMaker training job with a `SageMakerTrainingRole`,
 * with the fields aws-cdk-lib's `SageMakerCreateTrainingJob` does not expose: managed Spot
 * training (`EnableManagedSpotTraining`, `StoppingCondition.MaxWaitTimeInSeconds`),
 * `CheckpointConfig`, `RetryStrategy`, and the TensorBoard, Debugger and Profiler outputs. Every
 * field the role knows is rendered from the role, so the request and the role agree.
 *
 * The state machine gets what the integration needs: with `.sync` (`RUN_JOB`, the default) the
 * EventBridge rule Step Functions manages (`events:PutTargets`, `events:PutRule`,
 * `events:DescribeRule` on `rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule`), and
 * `sagemaker:DescribeTrainingJob`, `sagemaker:StopTrainingJob` and `sagemaker:ListTags` on the
 * jobs. It does not get `iam:PassRole` or `sagemaker:CreateTrainingJob`: give them with the role's
 * `grantLaunch` on the state machine, with the guardrails the jobs must respect.
 *
 * @example
 * import { Duration } from 'aws-cdk-lib';
 * import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
 * import { SageMakerTrainingJobTask } from 'cdk-sagemaker-training-role';
 *
 * declare const trainingRole: SageMakerTrainingRole;
 *
 * const train = new SageMakerTrainingJobTask(this, 'Train', {
 *   trainingRole,
 *   trainingJobName: sfn.JsonPath.stringAt('$.jobName'),
 *   trainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/train:latest',
 *   instanceType: 'ml.g5.2xlarge',
 *   maxRuntime: Duration.hours(4),
 *   managedSpotTraining: true,
 *   maxWait: Duration.hours(8),
 * });
 * const machine = new sfn.StateMachine(this, 'Training', { definitionBody: sfn.DefinitionBody.fromChainable(train) });
 * trainingRole.grantLaunch(machine, { instanceTypes: ['ml.g5.2xlarge'], maxRuntime: Duration.hours(4) });
 */
export class SageMakerTrainingJobTask extends sfn.TaskStateBase {
  private static readonly SUPPORTED_PATTERNS = [sfn.IntegrationPattern.REQUEST_RESPONSE, sfn.IntegrationPattern.RUN_JOB];

  protected readonly taskMetrics?: sfn.TaskMetricsConfig;
  protected readonly taskPolicies?: iam.PolicyStatement[];

  private readonly props: SageMakerTrainingJobTaskProps;
  private readonly integrationPattern: sfn.IntegrationPattern;
  private readonly requestParameters: { [key: string]: any };

  constructor(scope: Construct, id: string, props: SageMakerTrainingJobTaskProps) {
    super(scope, id, props);
    this.props = props;
    this.integrationPattern = props.integrationPattern ?? sfn.IntegrationPattern.RUN_JOB;
    this.requestParameters = withConstructPath(this.node.path, () => {
      if (!SageMakerTrainingJobTask.SUPPORTED_PATTERNS.includes(this.integrationPattern)) {
        throw new TrainingRoleError('integrationPattern', this.integrationPattern,
          'SageMaker training jobs support REQUEST_RESPONSE and RUN_JOB (.sync).');
      }
      if ((props.queryLanguage ?? sfn.QueryLanguage.JSON_PATH) !== sfn.QueryLanguage.JSON_PATH) {
        throw new TrainingRoleError('queryLanguage', props.queryLanguage, 'this task renders JSONPath parameters; leave queryLanguage out.');
      }
      return this.renderParameters();
    });
    this.taskPolicies = this.policies();
  }

  /** The CreateTrainingJob request, as the state's `Parameters` before JSONPath rendering. */
  private renderParameters(): { [key: string]: any } {
    const props = this.props;
    const role = props.trainingRole;
    const request = role.renderTrainingJobRequest();
    const fields = role.renderTrainingJobFields();
    const runtime = seconds('maxRuntime', props.maxRuntime, MAX_RUNTIME_SECONDS);

    const spot = props.managedSpotTraining ?? false;
    if (props.maxWait !== undefined && !spot) {
      throw new TrainingRoleError('maxWait', props.maxWait.toHumanString(),
        'MaxWaitTimeInSeconds applies to managed Spot training only; set managedSpotTraining: true, or leave maxWait out.');
    }
    let maxWait: number | undefined;
    if (spot) {
      if (props.maxWait === undefined) {
        throw new TrainingRoleError('maxWait', undefined,
          'managed Spot training needs StoppingCondition.MaxWaitTimeInSeconds (the time for waiting and running in all, at least maxRuntime); give maxWait.');
      }
      maxWait = seconds('maxWait', props.maxWait, Number.MAX_SAFE_INTEGER);
      // "It must be equal to or greater than MaxRuntimeInSeconds" (SageMaker API Reference, StoppingCondition).
      if (!Token.isUnresolved(maxWait) && !Token.isUnresolved(runtime) && maxWait < runtime) {
        throw new TrainingRoleError('maxWait', props.maxWait.toHumanString(),
          `SageMaker requires MaxWaitTimeInSeconds to be at least MaxRuntimeInSeconds (${runtime} seconds, from maxRuntime).`);
      }
    }
    if (props.checkpointLocalPath !== undefined && !fields.checkpointConfig) {
      throw new TrainingRoleError('checkpointLocalPath', props.checkpointLocalPath,
        'the role has no checkpointBucket, so there is no CheckpointConfig to give a local path; give the role a checkpointBucket.');
    }
    const retries = props.maxRetryAttempts;
    // RetryStrategy.MaximumRetryAttempts: 1 to 30 (SageMaker API Reference, RetryStrategy).
    if (retries !== undefined && !Token.isUnresolved(retries) && (!Number.isInteger(retries) || retries < 1 || retries > 30)) {
      throw new TrainingRoleError('maxRetryAttempts', retries, 'SageMaker retries a training job 1 to 30 times (RetryStrategy.MaximumRetryAttempts).');
    }

    return {
      TrainingJobName: props.trainingJobName,
      RoleArn: request.RoleArn,
      AlgorithmSpecification: { TrainingImage: props.trainingImage, TrainingInputMode: props.trainingInputMode ?? 'File' },
      ...(request.InputDataConfig ? { InputDataConfig: request.InputDataConfig } : {}),
      OutputDataConfig: request.OutputDataConfig,
      ResourceConfig: {
        InstanceType: props.instanceType,
        InstanceCount: props.instanceCount ?? 1,
        VolumeSizeInGB: props.volumeSizeInGb ?? 30,
        ...(fields.volumeKmsKeyId ? { VolumeKmsKeyId: fields.volumeKmsKeyId } : {}),
      },
      StoppingCondition: { MaxRuntimeInSeconds: runtime, ...(maxWait !== undefined ? { MaxWaitTimeInSeconds: maxWait } : {}) },
      ...(spot ? { EnableManagedSpotTraining: true } : {}),
      ...(fields.checkpointConfig ? {
        CheckpointConfig: { S3Uri: fields.checkpointConfig.s3Uri, ...(props.checkpointLocalPath ? { LocalPath: props.checkpointLocalPath } : {}) },
      } : {}),
      ...(retries !== undefined ? { RetryStrategy: { MaximumRetryAttempts: retries } } : {}),
      ...(request.VpcConfig ? { VpcConfig: request.VpcConfig } : {}),
      ...(props.enableNetworkIsolation ? { EnableNetworkIsolation: true } : {}),
      ...(props.enableInterContainerTrafficEncryption ? { EnableInterContainerTrafficEncryption: true } : {}),
      ...(fields.tensorBoardOutputPath ? { TensorBoardOutputConfig: { S3OutputPath: fields.tensorBoardOutputPath } } : {}),
      ...(fields.debugHookOutputPath ? { DebugHookConfig: { S3OutputPath: fields.debugHookOutputPath } } : {}),
      ...(fields.profilerOutputPath ? { ProfilerConfig: { S3OutputPath: fields.profilerOutputPath } } : {}),
      ...(props.hyperParameters ? { HyperParameters: props.hyperParameters } : {}),
      ...(props.environment ? { Environment: props.environment } : {}),
      ...(props.tags ? { Tags: Object.entries(props.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
    };
  }

  /**
   * The state machine's own statements, from the Step Functions Developer Guide's policy for
   * `CreateTrainingJob` (https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html):
   * with `.sync`, `events:PutTargets`, `events:PutRule` and `events:DescribeRule` on
   * `rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule`, `DescribeTrainingJob` and
   * `StopTrainingJob` on the jobs, and `sagemaker:ListTags` (on `*` there; here on the jobs, a
   * resource type the Service Authorization Reference lists for it). aws-cdk-lib's task grants
   * the same (aws/aws-cdk@8258693, packages/aws-cdk-lib/aws-stepfunctions-tasks/lib/sagemaker/
   * create-training-job.ts, `makePolicyStatements`). `CreateTrainingJob` and `iam:PassRole` come
   * from `grantLaunch`, with the guardrails.
   */
  private policies(): iam.PolicyStatement[] {
    const stack = Stack.of(this);
    const ctx = arnContext(stack);
    const name = this.props.trainingJobName;
    const prefix = sfn.JsonPath.isEncodedJsonPath(name) || Token.isUnresolved(name)
      ? (this.props.trainingRole.trainingJobNamePrefix ?? '') : name;
    const statements = [new iam.PolicyStatement({
      sid: 'TrainingJobTaskManage',
      actions: ['sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob', 'sagemaker:ListTags'],
      resources: [regionalArn(ctx, 'sagemaker', `training-job/${prefix}*`)],
    })];
    if (this.integrationPattern === sfn.IntegrationPattern.RUN_JOB) {
      statements.push(new iam.PolicyStatement({
        sid: 'TrainingJobTaskSyncRule',
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: [regionalArn(ctx, 'events', 'rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule')],
      }));
    }
    return statements;
  }

  /** @internal */
  protected _renderTask(_topLevelQueryLanguage?: sfn.QueryLanguage): any {
    const partition = Stack.of(this).partition;
    const suffix = this.integrationPattern === sfn.IntegrationPattern.RUN_JOB ? '.sync' : '';
    return {
      Resource: `arn:${partition}:states:::sagemaker:createTrainingJob${suffix}`,
      ...this._renderParametersOrArguments(this.requestParameters, sfn.QueryLanguage.JSON_PATH),
    };
  }
}

function seconds(prop: string, duration: Duration, max: number): number {
  let value: number;
  try {
    value = duration.toSeconds({ integral: false });
  } catch {
    throw new TrainingRoleError(prop, duration.toHumanString(), 'a duration whose value is a token must be given in seconds (Duration.seconds(...)).');
  }
  if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < 1 || value > max)) {
    throw new TrainingRoleError(prop, duration.toHumanString(),
      `a whole number of seconds from 1${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}.`);
  }
  return value;
}
