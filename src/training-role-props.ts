import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { TensorFlowModelDir } from './tensorflow-model-dir';
import { TrainingCode } from './training-code';
import { TrainingImage } from './training-image';
import { TrainingS3Location } from './training-s3-location';

/**
 * Properties of a `SageMakerTrainingRole`.
 */
export interface SageMakerTrainingRoleProps {
  /**
   * The S3 data the training job reads (`InputDataConfig` S3 channels).
   *
   * Grants `s3:GetObject` on every object under each prefix, `s3:ListBucket` narrowed to the
   * prefixes, and `kms:Decrypt` through S3 on each location's key.
   *
   * @default - no S3 input (data from FSx, EFS or inside the image)
   */
  readonly inputBuckets?: TrainingS3Location[];

  /**
   * Where the job writes its model artifacts (`OutputDataConfig.S3OutputPath`).
   *
   * Grants `s3:PutObject` and `s3:AbortMultipartUpload` under the prefix; no read, list or delete.
   */
  readonly outputBucket: TrainingS3Location;

  /**
   * Where the job syncs checkpoints (`CheckpointConfig.S3Uri`, for managed spot training).
   *
   * Grants read, write, delete and abort under the prefix, listing narrowed to it, and the
   * location's key through S3.
   *
   * @default - no checkpoint permissions
   */
  readonly checkpointBucket?: TrainingS3Location;

  /**
   * The key SageMaker encrypts the model artifacts with (`OutputDataConfig.KmsKeyId`).
   *
   * Grants `kms:Encrypt`, `kms:GenerateDataKey` and `kms:Decrypt` through S3 and SageMaker.
   *
   * @default - the output location's `encryptionKey` (or its bucket's key), if any
   */
  readonly outputKmsKey?: kms.IKey;

  /**
   * The key of the training instances' storage volumes (`ResourceConfig.VolumeKmsKeyId`).
   *
   * Grants `kms:CreateGrant` for AWS resources only (`kms:GrantIsForAWSResource`).
   *
   * @default - no volume key permission (volumes use an AWS managed key)
   */
  readonly volumeKmsKey?: kms.IKey;

  /**
   * The ECR repositories the training image(s) come from (`AlgorithmSpecification.TrainingImage`).
   *
   * Grants the three pull actions on these repositories and `ecr:GetAuthorizationToken`.
   *
   * @default - no ECR permissions
   */
  readonly ecrRepositories?: ecr.IRepository[];

  /**
   * Training images given as images rather than repositories: your ECR repositories, images CDK
   * builds (`DockerImageAsset`) and AWS Deep Learning Containers.
   *
   * Grants the same pull actions as `ecrRepositories` on each image's repository.
   *
   * @default - only the images of `ecrRepositories`
   */
  readonly trainingImages?: TrainingImage[];

  /**
   * A private Docker registry's credentials provider, a Lambda function
   * (`TrainingImageConfig.TrainingRepositoryAuthConfig`). Requires `vpc`: the registry is reached
   * through the job's network interfaces.
   *
   * Grants `lambda:InvokeFunction` on this function only.
   *
   * @default - no private registry
   */
  readonly registryCredentialsProvider?: lambda.IFunction;

  /**
   * Where the SageMaker Python SDK's script mode uploaded the training code (`sourcedir.tar.gz`).
   * The same as `trainingCode: TrainingCode.fromLocation(...)`; `trainingCode` also knows the
   * SDK's layouts.
   *
   * Grants reading it like an input (`s3:GetObject`, listing narrowed to the prefix, the key
   * through S3), and denies writing it when the role writes elsewhere in its bucket.
   *
   * @default - no source code location
   */
  readonly sourceCodeLocation?: TrainingS3Location;

  /**
   * The training code of a script-mode job, in the layout its launcher stages it:
   * `TrainingCode.fromSdkEstimator()` (SDK v2 estimators' `sourcedir.tar.gz`),
   * `TrainingCode.fromModelTrainer(...)` (SDK v3 `code` and `sm_drivers` channels) or
   * `TrainingCode.fromLocation(...)`.
   *
   * Grants reading the code objects only (and listing the `ModelTrainer` channels), and the
   * location's key through S3. When the code shares a bucket with a location the role writes (the
   * SDK's default stages it in the output bucket), a `Deny` of `s3:PutObject` and
   * `s3:DeleteObject` on the code keeps the job from replacing its own code or another job's.
   * The SDK uploads the code with the caller's credentials, so do not use this role as the
   * caller's (a notebook's) role.
   *
   * @default - no training code location (the code is inside the image)
   */
  readonly trainingCode?: TrainingCode;

  /**
   * Whether the job trains a SageMaker JumpStart model (`JumpStartEstimator`, SDK v3
   * `ModelTrainer.from_jumpstart_config`): its pre-trained model, training script and sample
   * datasets come from AWS-owned buckets of the job's region.
   *
   * Grants `s3:GetObject` and `s3:ListBucket` on `jumpstart-cache-prod-<region>` (and
   * `jumpstart-private-cache-prod-<region>` with `gatedModels`); the region is the stack's, a
   * token in an environment-agnostic stack. The training image is a Deep Learning Container: give
   * it as `TrainingImage.fromDeepLearningContainer(...)`.
   *
   * @default - no JumpStart buckets
   */
  readonly jumpStart?: JumpStartOptions;

  /**
   * Whether the training script records to SageMaker Experiments (SDK v2 `load_run()`,
   * `log_metric`, `log_parameter`).
   *
   * Grants creating, describing and updating experiments, run groups (trials) and runs (trial
   * components) of this account and region, associating and tagging them, `sagemaker:BatchPutMetrics`
   * on runs and the role's training jobs, `sagemaker:DescribeTrainingJob` on the role's training
   * jobs (to read `ExperimentConfig`), and `sagemaker:Search` (no resource-level permissions).
   * SageMaker itself records a job launched with `ExperimentConfig` without any of these.
   *
   * @default false - the script cannot call SageMaker Experiments
   */
  readonly sageMakerExperiments?: boolean;

  /**
   * A SageMaker managed MLflow tracking server the training script logs to.
   *
   * Grants the `sagemaker-mlflow:` actions a script uses (create and log runs, experiments,
   * models; get and search them) on that server only, `sagemaker:DescribeMlflowTrackingServer` on
   * it, and, with `artifactStore`, reading and writing artifacts there.
   *
   * @default - no MLflow tracking
   */
  readonly mlflowTracking?: MlflowTrackingOptions;

  /**
   * Where TensorFlow keeps its checkpoints and models (`model_dir`), as the SageMaker Python SDK's
   * TensorFlow estimator passes it to the training script.
   *
   * The AWS TensorFlow training container calls `s3:GetBucketLocation` on the bucket before the
   * script starts, and TensorFlow lists, reads, writes and deletes there (a checkpoint is written
   * under a temporary name, copied and deleted). A script-mode TensorFlow job whose role lacks
   * these fails at start. Use `TensorFlowModelDir.underOutput()` for the SDK's default
   * (`<output path>/<job name>/model`), or `TensorFlowModelDir.fromLocation(...)` for a
   * `model_dir` you give the estimator.
   *
   * Grants `s3:GetBucketLocation` on the bucket, `s3:ListBucket` narrowed to the model
   * directories, `s3:GetObject`, `s3:PutObject`, `s3:DeleteObject` and `s3:AbortMultipartUpload`
   * in them, and the location's key through S3. Nothing else of the output location becomes
   * readable or deletable.
   *
   * @default - no model directory (the estimator's `model_dir=False`, or an S3-free `model_dir`)
   */
  readonly tensorFlowModelDir?: TensorFlowModelDir;

  /**
   * Where TensorBoard summaries go (`TensorBoardOutputConfig.S3OutputPath`).
   *
   * Grants writing only (`s3:PutObject`, `s3:AbortMultipartUpload`), and the key through S3.
   *
   * @default - no TensorBoard output
   */
  readonly tensorBoardOutput?: TrainingS3Location;

  /**
   * Where the SageMaker Debugger hook writes tensors (`DebugHookConfig.S3OutputPath`).
   *
   * Grants writing only, and the key through S3.
   *
   * @default - no Debugger output
   */
  readonly debugHookOutput?: TrainingS3Location;

  /**
   * Where SageMaker Profiler writes (`ProfilerConfig.S3OutputPath`).
   *
   * Grants writing only, and the key through S3.
   *
   * @default - no Profiler output
   */
  readonly profilerOutput?: TrainingS3Location;

  /**
   * Whether Debugger or Profiler rules run (`DebugRuleConfigurations`,
   * `ProfilerRuleConfigurations`). Rules run with the training job's role and read what the hook
   * and the profiler wrote.
   *
   * Grants reading and listing `debugHookOutput` and `profilerOutput`.
   *
   * @default false - the Debugger and Profiler outputs are write-only
   */
  readonly debuggerRules?: boolean;

  /**
   * FSx for Lustre file systems used as training channels (`FileSystemDataSource`). Requires
   * `vpc`.
   *
   * Grants `fsx:DescribeFileSystems` (an action without resource-level permissions).
   *
   * @default - no FSx channels
   */
  readonly fsxFileSystems?: fsx.IFileSystem[];

  /**
   * Amazon EFS file systems used as training channels (`FileSystemDataSource`). Requires `vpc`.
   *
   * Grants `elasticfilesystem:DescribeFileSystems` and `DescribeMountTargets` on these file
   * systems.
   *
   * @default - no EFS channels
   */
  readonly efsFileSystems?: efs.IFileSystem[];

  /**
   * Make the role pass the SageMaker Python SDK v3 pre-flight role check.
   *
   * When the caller may call `iam:SimulatePrincipalPolicy`, SDK v3 simulates
   * `ecr:GetAuthorizationToken`, `cloudwatch:PutMetricData` and the nine network interface actions
   * with no resource and no context, and refuses the role unless all are allowed. A
   * least-privilege role fails that check. This adds exactly those eleven actions on `*` without
   * conditions, and nothing else: network interfaces anywhere in the account and metrics in any
   * namespace. Prefer launching without the check (callers without `iam:SimulatePrincipalPolicy`
   * skip it) and keep this off.
   *
   * @default false - the role stays least-privilege and the SDK v3 check refuses it
   */
  readonly sdkPreflightCompatibility?: boolean;

  /**
   * Whether the output key may also be used through SageMaker (`kms:ViaService`
   * `sagemaker.<region>.amazonaws.com`), not only through S3.
   *
   * The API reference has the role call `kms:Encrypt` for the artifacts, an operation S3 never
   * calls on its behalf, so SageMaker's own use is allowed by default. No AWS document confirms
   * either way; set `false` to allow the key through S3 only.
   *
   * @default true
   */
  readonly outputKeyThroughSageMaker?: boolean;

  /**
   * Whether `ec2:DeleteNetworkInterfacePermission` is granted on `*` instead of on this VPC's
   * network interfaces.
   *
   * The Service Authorization Reference lists the network interface as an optional resource of
   * this action (its API takes only a permission id). If EC2 authorizes the call without the
   * interface, the scoped grant cannot match and SageMaker cannot remove the permissions it gave
   * itself; AWS's managed policies grant it on `*`. Turn this on if a job's network interfaces are
   * left behind. cdk-nag reports the `*` (it is not acknowledged: it is a choice, not a constraint).
   *
   * @default false - scoped to network interfaces in `vpc` (`ec2:Vpc`)
   */
  readonly networkInterfacePermissionDeletionOnAnyResource?: boolean;

  /**
   * The VPC the job runs in (`VpcConfig`).
   *
   * Grants creating network interfaces in the selected subnets with the given security groups,
   * managing interfaces of this VPC only, and the EC2 `Describe*` calls SageMaker makes.
   *
   * @default - the job runs outside a VPC; no EC2 permissions
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of `vpc` the job uses (`VpcConfig.Subnets`, 1 to 16).
   *
   * @default - CDK's default subnet selection: the VPC's private subnets, else its isolated ones,
   * else its public ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security groups of the job's network interfaces (`VpcConfig.SecurityGroupIds`, 1 to 5).
   * Required with `vpc`.
   *
   * @default - none; only valid without `vpc`
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The prefix every training job name starts with, when jobs are named by convention.
   *
   * Tightens the trust policy's `aws:SourceArn` to `training-job/<prefix>*`, and the log streams
   * to `<prefix>*` (SageMaker names them `<job-name>/algo-<n>-<time>`), and the job folders of
   * `trainingCode` and `tensorFlowModelDir` to `<prefix>*`.
   *
   * Hyperparameter tuning jobs and SageMaker Pipelines name the training jobs they start: a tuning
   * job names them `<tuning job name>-<3 digits>-<8 hex digits>`, so the prefix must be a prefix of
   * the tuning job's name (the SDK's `base_tuning_job_name`), not of the estimator's; Pipelines
   * name them `pipelines-<execution id>-<step name>-<suffix>`. Whether SageMaker presents such a
   * job's own ARN or its tuning job's or pipeline's when it assumes the role is not documented:
   * leave the prefix out if they fail with "SageMaker was unable to assume the role".
   *
   * @default - any job name: the trust policy allows this account's SageMaker
   * (`arn:<partition>:sagemaker:<region>:<account>:*`), and any stream of the training log group
   */
  readonly trainingJobNamePrefix?: string;

  /**
   * Whether the job may be debugged remotely (`RemoteDebugConfig.EnableRemoteDebug`).
   *
   * Grants the four `ssmmessages` channel actions SageMaker's remote debugging uses; they support
   * no resource-level permissions (resource `*`).
   *
   * @default false - no remote debugging permissions
   */
  readonly remoteDebugging?: boolean;

  /**
   * How many managed policies the role may have attached: your account's quota of managed
   * policies per role.
   *
   * IAM allows 10 managed policies per role by default and up to 20 with a raised quota. The
   * role's statements go in as few customer managed policies as IAM's 6,144-character limit
   * allows (one for a typical role), and at most this many less `reservedManagedPolicies`;
   * synthesis fails when they do not fit.
   *
   * @default 10
   */
  readonly maxManagedPolicies?: number;

  /**
   * How many of the role's managed policies to leave for policies you attach yourself.
   *
   * The role's own permissions may then use at most `maxManagedPolicies` less this many
   * policies, and synthesis fails (naming both numbers) when they need more.
   *
   * @default 0 - the role's permissions may use all `maxManagedPolicies`
   */
  readonly reservedManagedPolicies?: number;

  /**
   * Whether statements that other constructs add to the role (`grant*` calls, `addToPolicy`) are
   * added.
   *
   * Integrations such as the Step Functions task `SageMakerCreateTrainingJob` grant their role
   * broad S3 and KMS access (`s3:GetObject*`, `s3:List*`, `s3:DeleteObject*`, ...). This role's
   * permissions come from its props instead, so those statements are not added. Those on the
   * role's own locations, keys and repositories are dropped silently; the others are listed in one
   * warning (`cdk-sagemaker-training-role:ExternalGrantsIgnored`), so nothing else is dropped
   * unseen.
   *
   * @default false - statements from outside are not added; one warning lists those on resources
   * that are not among the props
   */
  readonly acceptExternalGrants?: boolean;

  /**
   * Whether the construct acknowledges the cdk-nag findings AWS makes unavoidable.
   *
   * Wildcard-only actions (`ecr:GetAuthorizationToken`, `cloudwatch:PutMetricData`, the EC2
   * `Describe*` calls, ...), object ARNs under a prefix, and the log streams of the training log
   * group can only be written with `*`. Each such finding is acknowledged by its exact id, with the
   * reason, for cdk-nag 3 (`Validations`) and cdk-nag 2 (`cdk_nag` metadata); nothing else is.
   *
   * @default true
   */
  readonly nagAcknowledgements?: boolean;

  /**
   * A name for the role.
   *
   * @default - AWS CloudFormation generates a unique name
   */
  readonly roleName?: string;

  /**
   * A description of the role.
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * The path of the role.
   *
   * @default /
   */
  readonly path?: string;

  /**
   * A permissions boundary for the role.
   *
   * @default - no permissions boundary
   */
  readonly permissionsBoundary?: iam.IManagedPolicy;

  /**
   * The maximum session duration of the role (1 to 12 hours).
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
}

/**
 * Options for `SageMakerTrainingRoleProps.jumpStart`.
 */
export interface JumpStartOptions {
  /**
   * Whether the job trains a gated model (one whose end-user license the caller accepts with
   * `accept_eula`): its artifacts are in `jumpstart-private-cache-prod-<region>`.
   *
   * @default false - the public bucket `jumpstart-cache-prod-<region>` only
   */
  readonly gatedModels?: boolean;
}

/**
 * Options for `SageMakerTrainingRoleProps.mlflowTracking`.
 */
export interface MlflowTrackingOptions {
  /**
   * The ARN of the tracking server:
   * `arn:<partition>:sagemaker:<region>:<account>:mlflow-tracking-server/<name>`, in the role's
   * region.
   */
  readonly trackingServerArn: string;

  /**
   * The tracking server's artifact store (its `ArtifactStoreUri`), when the script logs artifacts
   * or models: MLflow clients read and write them in S3 with the role.
   *
   * @default - no artifacts: the script logs metrics, parameters and tags only
   */
  readonly artifactStore?: TrainingS3Location;
}
