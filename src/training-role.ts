import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, DependencyGroup } from 'constructs';
import { planStatements } from './permissions';
import { SAGEMAKER_SERVICE_PRINCIPAL, trustConditions } from './permissions/trust';
import { ArnContext, arnContext, regionalArn } from './private/arns';
import { reportAddedManagedPolicy, reportAttachedPolicies } from './private/attached-policies';
import { checkResolvedProps, checkRoleProps } from './private/checks';
import { checkIdentifier } from './private/checks/identifiers';
import { warnAboutOtherAccounts } from './private/cross-account';
import { TrainingRoleError, withConstructPath } from './private/errors';
import { ExternalGrants } from './private/external-grants';
import { grantLaunchPermissions } from './private/launch-guardrails';
import { acknowledgeNagFindings } from './private/nag-acknowledgements';
import { BUCKET_NAME_PARAMETER_PATTERN, guardParameters, JOB_NAME_PREFIX_PARAMETER_PATTERN, PREFIX_PARAMETER_PATTERN } from './private/parameter-guards';
import { BudgetExceeded, CUT_WINDOW, placeGrants } from './private/placement';
import { PlannedStatement, TOKEN_BOUND } from './private/planned-statement';
import { MANAGED_POLICY_CHAR_LIMIT, SizeMeter } from './private/policy-size';
import { renderStatements } from './private/render';
import { resolveRoleProps } from './private/resolve-props';
import { ResolvedRoleProps } from './private/resolved-role-props';
import { tasksWithoutVpc } from './private/task-network';
import { renderTrainingJobFields, trainingJobRequestJson } from './private/training-job-request';
import { warnRole } from './private/warnings';
import { TrainingJobLaunchOptions } from './training-job-launch-options';
import { TrainingJobFields } from './training-job-request';
import { SageMakerTrainingRoleProps } from './training-role-props';

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
   * The customer managed policies that hold the role's permissions, in order (`Policy1`, ...).
   */
  public readonly permissionPolicies: iam.IManagedPolicy[];

  /**
   * The prefix the names of this role's jobs start with (the trust policy admits only those).
   *
   * @default - any job name
   */
  public readonly trainingJobNamePrefix?: string;

  private readonly acceptExternalGrants: boolean;

  /** Statements offered from outside and left out, reported once at synthesis. */
  private readonly externalGrants: ExternalGrants;

  /** The props, resolved and checked: what every permission, guardrail and request field derives from. */
  private readonly resolved: ResolvedRoleProps;

  /** Worst-case characters used in the first policy (which holds the network statements) by placement. */
  private baseUsed = 0;

  /** Security groups added after construction (`addSecurityGroups`), and the statements holding them. */
  private readonly lateSecurityGroupIds: string[] = [];
  private lateStatements = 0;

  constructor(scope: Construct, id: string, props: SageMakerTrainingRoleProps) {
    // The steps run in one direction: check the role's own props, resolve the rest, check the
    // resolved values, plan the statements, warn where another account must allow them, place
    // them into managed policies, acknowledge the cdk-nag findings AWS makes unavoidable.
    withConstructPath(scope.node.path ? `${scope.node.path}/${id}` : id, () => checkRoleProps(props));
    const ctx = arnContext(Stack.of(scope));
    super(scope, id, {
      assumedBy: new iam.ServicePrincipal(SAGEMAKER_SERVICE_PRINCIPAL).withConditions(trustConditions(ctx, props.trainingJobNamePrefix)),
      roleName: props.roleName,
      description: props.description,
      path: props.path,
      permissionsBoundary: props.permissionsBoundary,
      maxSessionDuration: props.maxSessionDuration,
    });
    this.acceptExternalGrants = props.acceptExternalGrants ?? false;

    const { resolved, policies, externalGrants } = withConstructPath(this.node.path, () => {
      const role = resolveRoleProps(this, ctx, props);
      checkResolvedProps(this, ctx, role);
      guardParameters(this, [
        ...role.locations.flatMap((l) => [
          { prop: `${l.prop}.prefix`, value: l.prefix, pattern: PREFIX_PARAMETER_PATTERN, what: 'prefix' },
          { prop: `${l.prop}.bucket`, value: l.bucketName, pattern: BUCKET_NAME_PARAMETER_PATTERN, what: 'bucket name' },
        ]),
        ...(role.jobNamePrefix !== undefined
          ? [{ prop: 'trainingJobNamePrefix', value: role.jobNamePrefix, pattern: JOB_NAME_PREFIX_PARAMETER_PATTERN, what: 'training job name prefix' }] : []),
      ]);
      if (role.jobNamePrefix !== undefined && role.debugOutputs.rules) {
        warnRole(this, 'DebuggerRulesWithJobNamePrefix', role.jobNamePrefix);
      }
      const planned = planStatements(ctx, role);
      warnAboutOtherAccounts(this, ctx, role, planned);
      const wildcardActions = new Set(planned.filter((s) => s.resources.includes('*')).flatMap((s) => s.actions));
      return {
        resolved: role,
        policies: this.attachPolicies(ctx, planned, props.maxManagedPolicies ?? 10, props.reservedManagedPolicies ?? 0, role.inputs.length),
        externalGrants: new ExternalGrants(this, ctx, role, wildcardActions),
      };
    });
    this.resolved = resolved;
    this.externalGrants = externalGrants;
    this.trainingJobNamePrefix = props.trainingJobNamePrefix;
    if (resolved.network) {
      this.node.addValidation({ validate: () => tasksWithoutVpc(this) });
    }
    this.permissionPolicies = policies;
    this.node.addValidation({
      validate: () => {
        reportAttachedPolicies(this, this.permissionPolicies);
        return [];
      },
    });
    acknowledgeNagFindings(this, props.nagAcknowledgements ?? true);
  }

  /**
   * Grants a principal what it needs to start training jobs with this role, and nothing else.
   *
   * `iam:PassRole` on this role only (to SageMaker only); `sagemaker:CreateTrainingJob`,
   * `DescribeTrainingJob` and `StopTrainingJob` on jobs named with the job-name prefix; and the
   * guardrails in `options`, as conditions on `CreateTrainingJob`, so that a job that breaks one
   * is denied.
   *
   * Each guardrail is also an explicit `Deny` of `CreateTrainingJob` with the negated condition,
   * so that no other allow of the principal (such as the unconditioned one of aws-cdk-lib's
   * `SageMakerCreateTrainingJob` task) voids it. The denies cover every job name this role's
   * trust policy admits (`trainingJobNamePrefix`, else every name), whatever role a launch
   * passes: granting two roles with different guardrails to one principal requires
   * `trainingJobNamePrefix`es that do not overlap.
   */
  public grantLaunch(grantee: iam.IGrantable, options: TrainingJobLaunchOptions = {}): iam.Grant {
    return withConstructPath(this.node.path, () => grantLaunchPermissions(this, this.resolved, grantee, options));
  }

  /**
   * The fields of a CreateTrainingJob request that must match this role, rendered from the same
   * props, typed: `RoleArn`, the channels of `InputDataConfig` (named by each input's
   * `channelName`), `OutputDataConfig`, `CheckpointConfig`, `VpcConfig` and
   * `ResourceConfig.VolumeKmsKeyId`. Values may be tokens; they resolve in CloudFormation.
   */
  public renderTrainingJobFields(): TrainingJobFields {
    return renderTrainingJobFields(this, this.resolved);
  }

  /**
   * The same fields as `renderTrainingJobFields`, in the CreateTrainingJob API's JSON shape
   * (`RoleArn`, `InputDataConfig`, `OutputDataConfig`, `CheckpointConfig`, `VpcConfig`,
   * `ResourceConfig.VolumeKmsKeyId`), for a state machine definition, a pipeline step or a stack
   * output. Values may be tokens; they resolve in CloudFormation.
   */
  public renderTrainingJobRequest(): { [key: string]: any } {
    return trainingJobRequestJson(renderTrainingJobFields(this, this.resolved));
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
    withConstructPath(this.node.path, () => this.addLateSecurityGroups(securityGroups));
  }

  private addLateSecurityGroups(securityGroups: ec2.ISecurityGroup[]): void {
    const network = this.resolved.network;
    if (!network) {
      throw new TrainingRoleError('addSecurityGroups', securityGroups.map((g) => g.securityGroupId),
        'security groups apply to a job in a VPC; give the role a `vpc` (with its securityGroups) first.');
    }
    // The network config holds the late groups too, so the rendered request and grantLaunch see them.
    const ctx = arnContext(Stack.of(this));
    securityGroups.forEach((g, i) => checkIdentifier(ctx, { prop: `addSecurityGroups[${i}]`, kind: 'securityGroupId', value: g.securityGroupId }));
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
   * policy (a bucket or key policy naming this role), and left out. At synthesis one warning
   * (`cdk-sagemaker-training-role:ExternalGrantsIgnored`) lists the statements left out whose
   * resources are not the role's own locations, keys or repositories; statements on those are
   * left out silently, since the role grants there what a training job does.
   */
  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (this.acceptExternalGrants) {
      return super.addToPrincipalPolicy(statement);
    }
    this.externalGrants.ignore(statement);
    return { statementAdded: true, policyDependable: new DependencyGroup() };
  }

  /**
   * Attaches a managed policy from outside the construct, and names it in a warning
   * (`ExternalPolicyAttached`): its permissions are not checked by the construct.
   *
   * @param policy the managed policy to attach
   */
  public addManagedPolicy(policy: iam.IManagedPolicy): void {
    reportAddedManagedPolicy(this, policy);
    super.addManagedPolicy(policy);
  }

  private attachPolicies(ctx: ArnContext, planned: PlannedStatement[], maxPolicies: number, reserved: number,
    inputCount: number): iam.IManagedPolicy[] {
    const meter = new SizeMeter(Stack.of(this));
    const available = maxPolicies - reserved;
    let placement;
    try {
      placement = placeGrants(planned, { maxPolicies: available, charLimit: MANAGED_POLICY_CHAR_LIMIT, meter });
    } catch (e) {
      if (e instanceof BudgetExceeded) {
        throw new TrainingRoleError('inputBuckets', `${inputCount} input locations`, budgetText(e, maxPolicies, reserved));
      }
      throw e;
    }

    this.baseUsed = placement.used[0] ?? 0;
    const usedTotal = placement.used.reduce((a, b) => a + b, 0);
    const capacity = available * MANAGED_POLICY_CHAR_LIMIT;
    if (usedTotal > 0.9 * capacity) {
      warnRole(this, 'PolicyBudgetNearlyFull', usedTotal, capacity, reserved);
    }
    if (placement.policies.length > 1) {
      warnRole(this, 'PolicyPlacementShifted', placement.policies.length, placement.minimum, placement.window < CUT_WINDOW);
    }

    return placement.policies.map((statements, i) => {
      // minimize is fixed, so the output does not depend on `@aws-cdk/aws-iam:minimizePolicies`.
      const document = new iam.PolicyDocument({
        statements: renderStatements(statements, ctx.stableKey).map((s) => iam.PolicyStatement.fromJson(s)),
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
