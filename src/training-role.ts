import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, DependencyGroup } from 'constructs';
import { TrainingJobLaunchOptions, grantLaunchPermissions } from './launch-guardrails';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import { JOB_NAME_PREFIX, JOB_NAME_PREFIX_RULE, SAGEMAKER_SERVICE_PRINCIPAL, trustConditions } from './permissions/trust';
import { ArnContext, arnContext, regionalArn } from './private/arns';
import { TrainingRoleError } from './private/errors';
import { Grant, TOKEN_BOUND } from './private/grant';
import { checkRoleProps } from './private/input-checks';
import { BudgetExceeded, CUT_WINDOW, placeGrants } from './private/placement';
import { MANAGED_POLICY_CHAR_LIMIT, SizeMeter } from './private/policy-size';
import { renderStatements } from './private/render';
import { TrainingConfig, resolveTrainingConfig, trainingGrants } from './private/training-config';
import { TrainingImage } from './training-image';
import { renderTrainingJobRequest } from './training-job-request';
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
   *
   * Grants reading it like an input (`s3:GetObject`, listing narrowed to the prefix, the key
   * through S3).
   *
   * @default - no source code location
   */
  readonly sourceCodeLocation?: TrainingS3Location;

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
   * to `<prefix>*` (SageMaker names them `<job-name>/algo-<n>-<time>`). Leave it out for roles
   * used by hyperparameter tuning jobs or SageMaker Pipelines: they name the training jobs they
   * start themselves.
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
   * permissions come from its props instead, so those statements are not added; each one is named
   * in a warning (`cdk-sagemaker-training-role:ExternalGrantIgnored`) so nothing is dropped unseen.
   *
   * @default false - statements from outside are not added, and a warning names each one
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
 * The least-privilege execution role of a SageMaker training job.
 *
 * From the job's inputs, output, keys, images and VPC it synthesizes exactly the permissions the
 * job needs, each statement with a `Sid` that says why it exists, in customer managed policies
 * that stay within IAM's size quotas. SageMaker may assume it only on behalf of this account.
 *
 * @example
 * declare const data: s3.IBucket;
 * declare const models: s3.IBucket;
 * declare const repository: ecr.IRepository;
 *
 * const role = new SageMakerTrainingRole(this, 'TrainingRole', {
 *   inputBuckets: [{ bucket: data, prefix: 'datasets/train/' }],
 *   outputBucket: { bucket: models, prefix: 'models/' },
 *   ecrRepositories: [repository],
 * });
 */
export class SageMakerTrainingRole extends iam.Role {
  /**
   * The customer managed policies that hold the role's permissions, in slot order.
   */
  public readonly permissionPolicies: iam.IManagedPolicy[];

  private readonly acceptExternalGrants: boolean;

  /** The props, checked and with their defaults applied: what every permission derives from. */
  private readonly config: TrainingConfig;

  /** Worst-case characters used in the base policy (slot 0) by placement. */
  private baseUsed = 0;

  /** Security groups added after construction (`addSecurityGroups`), and the statements holding them. */
  private readonly lateSecurityGroupIds: string[] = [];
  private lateStatements = 0;

  constructor(scope: Construct, id: string, props: SageMakerTrainingRoleProps) {
    checkRoleProps(props);
    const ctx = arnContext(Stack.of(scope));
    const prefix = props.trainingJobNamePrefix;
    if (prefix !== undefined && !Token.isUnresolved(prefix) && !JOB_NAME_PREFIX.test(prefix)) {
      throw new TrainingRoleError('trainingJobNamePrefix', prefix,
        JOB_NAME_PREFIX_RULE);
    }
    super(scope, id, {
      assumedBy: new iam.ServicePrincipal(SAGEMAKER_SERVICE_PRINCIPAL).withConditions(trustConditions(ctx, prefix)),
      roleName: props.roleName,
      description: props.description,
      path: props.path,
      permissionsBoundary: props.permissionsBoundary,
      maxSessionDuration: props.maxSessionDuration,
    });

    this.acceptExternalGrants = props.acceptExternalGrants ?? false;
    const maxPolicies = props.maxManagedPolicies ?? 10;
    if (!Number.isInteger(maxPolicies) || maxPolicies < 1 || maxPolicies > 20) {
      throw new TrainingRoleError('maxManagedPolicies', maxPolicies,
        'IAM attaches 10 managed policies to a role by default and at most 20 with a raised quota; give a whole number from 1 to 20.');
    }
    const reserved = props.reservedManagedPolicies ?? 0;
    if (!Number.isInteger(reserved) || reserved < 0 || reserved > 19) {
      throw new TrainingRoleError('reservedManagedPolicies', reserved,
        'give a whole number from 0 to 19: the role needs at least one of its at most 20 managed policies.');
    }
    if (reserved >= maxPolicies) {
      throw new TrainingRoleError('reservedManagedPolicies', reserved,
        `reserving ${reserved} of maxManagedPolicies ${maxPolicies} leaves no managed policy for the role's own permissions; reserve at most ${maxPolicies - 1}, or raise maxManagedPolicies (up to 20, with a raised quota).`);
    }

    this.config = resolveTrainingConfig(this, ctx, props);
    if (prefix !== undefined && props.debuggerRules) {
      Annotations.of(this).addWarningV2('cdk-sagemaker-training-role:DebuggerRulesWithJobNamePrefix',
        `Debugger and Profiler rules run as processing jobs with this role, but trainingJobNamePrefix ("${prefix}") lets SageMaker assume the role only for training jobs named with it; rule jobs may be refused. Leave the prefix out if rules fail to start.`);
    }
    const grants = trainingGrants(ctx, this.config);
    this.permissionPolicies = this.attachPolicies(ctx, grants, maxPolicies, reserved);
    acknowledgeNagFindings(this, props.nagAcknowledgements ?? true);
  }

  /**
   * Grants a principal what it needs to start training jobs with this role, and nothing else.
   *
   * `iam:PassRole` on this role only (to SageMaker only); `sagemaker:CreateTrainingJob`,
   * `DescribeTrainingJob` and `StopTrainingJob` on jobs named with the job-name prefix; and the
   * guardrails in `options`, as conditions on `CreateTrainingJob`, so that a job that breaks one
   * is denied.
   */
  public grantLaunch(grantee: iam.IGrantable, options: TrainingJobLaunchOptions = {}): iam.Grant {
    return grantLaunchPermissions(this, this.config, grantee, options);
  }

  /**
   * The fields of a CreateTrainingJob request that must match this role, rendered from the same
   * props: `RoleArn`, the S3 URIs of `InputDataConfig`, `OutputDataConfig`, `CheckpointConfig`,
   * `VpcConfig` and `ResourceConfig.VolumeKmsKeyId`. Values may be tokens; they resolve in
   * CloudFormation (for example in a state machine definition or a stack output).
   */
  public renderTrainingJobRequest(): { [key: string]: any } {
    return renderTrainingJobRequest(this, this.config);
  }

  /**
   * Lets the job's network interfaces use more security groups of the role's VPC.
   *
   * For security groups that exist only after the role: the Step Functions task
   * `SageMakerCreateTrainingJob` with a `vpcConfig` creates its own group, so pass
   * `task.connections.securityGroups` here. The groups are added to `ec2:CreateNetworkInterface`
   * in their own statement (`NetworkInterfaceLateSecurityGroups`), and to what `grantLaunch` and
   * `renderTrainingJobRequest` use: call this before them.
   */
  public addSecurityGroups(...securityGroups: ec2.ISecurityGroup[]): void {
    const network = this.config.network;
    if (!network) {
      throw new TrainingRoleError('addSecurityGroups', securityGroups.map((g) => g.securityGroupId),
        'security groups apply to a job in a VPC; give the role a `vpc` (with its securityGroups) first.');
    }
    // The network config holds the late groups too, so the rendered request and grantLaunch see them.
    const known = new Set(network.securityGroupIds);
    const added = securityGroups.map((g) => g.securityGroupId).filter((id) => !known.has(id));
    if (known.size + added.length > 5) {
      throw new TrainingRoleError('addSecurityGroups', added,
        `a training job uses at most 5 security groups (VpcConfig.SecurityGroupIds); the role already has ${known.size}.`);
    }
    if (added.length === 0) {
      return;
    }
    const first = this.lateSecurityGroupIds.length === 0;
    this.lateSecurityGroupIds.push(...added);
    network.securityGroupIds.push(...added);
    const ctx = arnContext(Stack.of(this));
    const calls = this.lateStatements++;
    (this.permissionPolicies[0] as iam.ManagedPolicy).addStatements(new iam.PolicyStatement({
      sid: calls === 0 ? 'NetworkInterfaceLateSecurityGroups' : `NetworkInterfaceLateSecurityGroups${calls + 1}`,
      actions: ['ec2:CreateNetworkInterface'],
      resources: added.map((id) => regionalArn(ctx, 'ec2', `security-group/${id}`)),
    }));
    if (first) {
      this.node.addValidation({ validate: () => this.validateLateSecurityGroups(ctx) });
    }
  }

  private validateLateSecurityGroups(ctx: ArnContext): string[] {
    const meter = new SizeMeter(Stack.of(this));
    // A statement of its own per call: its skeleton, then each ARN and a comma.
    const extra = this.lateStatements * 130 + this.lateSecurityGroupIds.reduce(
      (n, id) => n + meter.jsonLength(regionalArn(ctx, 'ec2', `security-group/${id}`), TOKEN_BOUND.ec2Arn) + 1, 0);
    return this.baseUsed + extra <= MANAGED_POLICY_CHAR_LIMIT ? [] : [
      `addSecurityGroups: the base policy would need about ${this.baseUsed + extra} characters, over IAM's limit of ${MANAGED_POLICY_CHAR_LIMIT}. Give the groups in the securityGroups prop instead.`,
    ];
  }

  /**
   * Adds a statement from outside the construct only when `acceptExternalGrants` is set.
   *
   * Otherwise the statement is reported as added, so that no grant falls back to a resource
   * policy (a bucket or key policy naming this role), and a warning names it.
   */
  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (this.acceptExternalGrants) {
      return super.addToPrincipalPolicy(statement);
    }
    const resources = statement.resources.map((r) => (Token.isUnresolved(r) ? JSON.stringify(Stack.of(this).resolve(r)) : r));
    Annotations.of(this).addWarningV2('cdk-sagemaker-training-role:ExternalGrantIgnored',
      `A statement added from outside the construct was not added to this least-privilege role: ${statement.actions.join(', ')} on ${resources.join(', ') || '*'}. `
      + 'Give the job\'s locations, keys and repositories as props instead, or set acceptExternalGrants: true to add such statements.');
    return { statementAdded: true, policyDependable: new DependencyGroup() };
  }

  private attachPolicies(ctx: ArnContext, grants: Grant[], maxPolicies: number, reserved: number): iam.IManagedPolicy[] {
    const meter = new SizeMeter(Stack.of(this));
    const available = maxPolicies - reserved;
    let placement;
    try {
      placement = placeGrants(grants, { maxPolicies: available, charLimit: MANAGED_POLICY_CHAR_LIMIT, meter });
    } catch (e) {
      if (e instanceof BudgetExceeded) {
        throw new TrainingRoleError('inputBuckets', `${this.config.inputs.length} input locations`, budgetText(e, maxPolicies, reserved));
      }
      throw e;
    }

    this.baseUsed = placement.used[0] ?? 0;
    const usedTotal = placement.used.reduce((a, b) => a + b, 0);
    const capacity = available * MANAGED_POLICY_CHAR_LIMIT;
    if (usedTotal > 0.9 * capacity) {
      Annotations.of(this).addWarningV2('cdk-sagemaker-training-role:PolicyBudgetNearlyFull',
        `The role's permissions use about ${usedTotal} of ${capacity} policy characters (${Math.round(100 * usedTotal / capacity)}%). A few more inputs will not fit: merge prefixes${reserved > 0 ? ', reserve fewer policies' : ''} or raise maxManagedPolicies.`);
    }
    if (placement.policies.length > 1) {
      const tight = placement.window < CUT_WINDOW ? ' The policies are filled close to their limit, which makes such moves more likely.' : '';
      Annotations.of(this).addWarningV2('cdk-sagemaker-training-role:PolicyPlacementShifted',
        `The role's permissions take ${placement.policies.length} managed policies (${placement.minimum} at the least). Adding or removing a location usually leaves the other locations' statements in their policies, but may move some to the next or previous policy; a deployment then updates both, and a job running meanwhile may briefly miss a moved permission.${tight} Merge prefixes to need fewer policies.`);
    }

    return placement.policies.map((policyGrants, i) => {
      const statements = renderStatements(policyGrants, ctx.stableKey);
      // minimize is fixed, so the output does not depend on `@aws-cdk/aws-iam:minimizePolicies`.
      const document = new iam.PolicyDocument({
        statements: statements.map((s) => iam.PolicyStatement.fromJson(s)),
        minimize: false,
      });
      // A description change replaces the policy ("Update requires: Replacement",
      // docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html),
      // so it names only the position, not the content.
      return new iam.ManagedPolicy(this, `Policy${i + 1}`, {
        description: `SageMaker training job permissions (policy ${i + 1})`,
        document,
        roles: [this],
      });
    });
  }
}

/** The budget error's text: what the permissions need, and what the props allow. */
function budgetText(e: BudgetExceeded, maxPolicies: number, reserved: number): string {
  const allowed = reserved > 0
    ? `maxManagedPolicies ${maxPolicies} less reservedManagedPolicies ${reserved} leaves ${maxPolicies - reserved}`
    : `maxManagedPolicies allows ${maxPolicies}`;
  const need = Number.isFinite(e.neededPolicies)
    ? `the role's permissions need ${e.neededPolicies} managed policies of ${MANAGED_POLICY_CHAR_LIMIT} characters (counting unresolved values at their longest), and ${allowed}.`
    : `one location's permissions alone exceed a managed policy of ${MANAGED_POLICY_CHAR_LIMIT} characters (counting unresolved values at their longest).`;
  return `${need} Merge prefixes (a shorter common prefix covers longer ones)${reserved > 0 ? ', reserve fewer policies' : ''}, or raise the account's managed-policies-per-role quota (up to 20) and set maxManagedPolicies to match.`;
}
