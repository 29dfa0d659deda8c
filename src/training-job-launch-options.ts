import { Duration } from 'aws-cdk-lib';

/**
 * Options of `SageMakerTrainingRole.grantLaunch`: the guardrails a launched job must respect.
 *
 * Each guardrail is a condition on `sagemaker:CreateTrainingJob`, so a request that breaks one
 * is denied. The guardrails that follow the role (VPC, output key, volume key) are on by default
 * when the role has what they require.
 */
export interface TrainingJobLaunchOptions {
  /**
   * The prefix the names of the launched jobs start with (`TrainingJobName`).
   *
   * `CreateTrainingJob`, `DescribeTrainingJob`, `StopTrainingJob` (and `AddTags`) are granted on
   * `training-job/<prefix>*` only. When the role has a `trainingJobNamePrefix`, this prefix must
   * start with it: the role's trust policy admits only jobs named that way.
   *
   * @default - the role's `trainingJobNamePrefix`, else any job name (`training-job/*`)
   */
  readonly jobNamePrefix?: string;

  /**
   * Whether the principal may tag the jobs it launches (`Tags` in the request).
   *
   * SageMaker authorizes tags passed to `CreateTrainingJob` as `sagemaker:AddTags` on the job.
   * Grants `sagemaker:AddTags` on the same job ARNs.
   *
   * @default false - a launch with tags is denied
   */
  readonly allowTags?: boolean;

  /**
   * Whether the job must run in this role's VPC, with only this role's subnets and security
   * groups (`VpcConfig`).
   *
   * Adds `ForAllValues:StringEquals` on `sagemaker:VpcSubnets` and `sagemaker:VpcSecurityGroupIds`
   * with this role's subnet and security group ids, and `Null` false on both keys, so a request
   * without `VpcConfig` is denied too. Requires a role with `vpc`.
   *
   * @default - true when the role has a `vpc`, false otherwise
   */
  readonly requireVpcConfig?: boolean;

  /**
   * Whether the job must encrypt its model artifacts with this role's output key
   * (`OutputDataConfig.KmsKeyId`, given as the key ARN).
   *
   * Adds `ArnEquals` on `sagemaker:OutputKmsKeyArn`; a request without the key is denied.
   * Requires a role with an output key (`outputKmsKey`, or the output location's key).
   *
   * @default - true when the role has an output key, false otherwise
   */
  readonly requireOutputKmsKey?: boolean;

  /**
   * Whether the job must encrypt its storage volumes with this role's volume key
   * (`ResourceConfig.VolumeKmsKeyId`, given as the key ARN).
   *
   * Adds `ArnEquals` on `sagemaker:VolumeKmsKeyArn`; a request without the key is denied.
   * Requires a role with `volumeKmsKey`.
   *
   * @default - true when the role has a `volumeKmsKey`, false otherwise
   */
  readonly requireVolumeKmsKey?: boolean;

  /**
   * Whether the job must run with network isolation (`EnableNetworkIsolation: true`).
   *
   * Adds `Bool` true on `sagemaker:NetworkIsolation`; a request that leaves it out is denied.
   *
   * @default false - any network isolation setting
   */
  readonly requireNetworkIsolation?: boolean;

  /**
   * Whether the job must encrypt the traffic between its instances
   * (`EnableInterContainerTrafficEncryption: true`).
   *
   * Adds `Bool` true on `sagemaker:InterContainerTrafficEncryption`; a request that leaves it out
   * is denied.
   *
   * @default false - any inter-container traffic setting
   */
  readonly requireInterContainerTrafficEncryption?: boolean;

  /**
   * The instance types the job may use (`ResourceConfig.InstanceType` and the instance groups'
   * types), for example `ml.g5.2xlarge`; IAM wildcards are allowed (`ml.g5.*`).
   *
   * Adds `ForAllValues:StringLike` on `sagemaker:InstanceTypes` and `Null` false on it, so every
   * instance type of the request must match one of these.
   *
   * @default - any instance type
   */
  readonly instanceTypes?: string[];

  /**
   * The longest run time the job may ask for (`StoppingCondition.MaxRuntimeInSeconds`), from 1
   * second to 28 days.
   *
   * Adds `NumericLessThanEquals` on `sagemaker:MaxRuntimeInSeconds`; a request that does not
   * give a maximum run time is denied.
   *
   * @default - any maximum run time
   */
  readonly maxRuntime?: Duration;
}
