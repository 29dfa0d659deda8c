/**
 * The guardrails of `SageMakerTrainingRole.grantLaunch`, as a cause of a refused launch.
 *
 * Each guardrail is a condition on the caller's `sagemaker:CreateTrainingJob` Allow, and also an
 * explicit Deny with the negated condition (src/private/launch-guardrails.ts). This rule reads the
 * implicit form, `because no identity-based policy allows the sagemaker:CreateTrainingJob action`,
 * which principals granted before the denies existed still produce. The way out is
 * a request that complies, or other grantLaunch options; never a second Allow without the
 * conditions, which would void them all.
 */
import { Cause, Facts } from './diagnosis';
import { IamDenial } from './iam-message';

interface Guardrail {
  /** The option of grantLaunch, as its documentation names it. */
  readonly option: string;
  /** How a request complies, or the option that lifts the guardrail. */
  readonly comply: string;
}

/** Every guardrail of grantLaunch, in the order of its options (src/training-job-launch-options.ts, TrainingJobLaunchOptions). */
const GUARDRAILS: Guardrail[] = [
  { option: 'jobNamePrefix', comply: 'the job name (TrainingJobName) must start with the prefix (by default the role\'s trainingJobNamePrefix); the grant covers training-job/<prefix>* only' },
  { option: 'allowTags', comply: 'a request with Tags needs allowTags: true; else leave Tags out' },
  { option: 'requireVpcConfig', comply: 'on by default for a role with a vpc: VpcConfig must be given, with only the role\'s subnets and security groups' },
  { option: 'requireOutputKmsKey', comply: 'on by default for a role with an output key: OutputDataConfig.KmsKeyId must be that key, given as its key ARN (not an alias or a key id)' },
  { option: 'requireVolumeKmsKey', comply: 'on by default for a role with a volumeKmsKey: ResourceConfig.VolumeKmsKeyId must be that key, given as its key ARN' },
  { option: 'requireNetworkIsolation', comply: 'EnableNetworkIsolation must be true' },
  { option: 'requireInterContainerTrafficEncryption', comply: 'EnableInterContainerTrafficEncryption must be true' },
  { option: 'instanceTypes', comply: 'every instance type of the request must match one of the listed types' },
  { option: 'maxRuntime', comply: 'StoppingCondition.MaxRuntimeInSeconds must be given, and no longer than the maximum' },
  { option: 'remote debugging', comply: 'a role that does not allow remote debugging refuses a launch with RemoteDebugConfig.EnableRemoteDebug true' },
];

/**
 * The guardrail cause of a refused launch, or `undefined` when the refusal is not one a guardrail
 * makes (an explicit Deny, another policy type, another action).
 */
export function guardrailCause(d: IamDenial, f: Facts): { cause: Cause; options: string[] } | undefined {
  const identity = d.policyType === undefined || d.policyType === 'identity-based policy';
  const tags = /^sagemaker:AddTags$/i.test(d.action);
  const launch = /^sagemaker:CreateTrainingJob$/i.test(d.action);
  // grantLaunch also writes each guardrail of CreateTrainingJob as an explicit Deny (LaunchDeny*).
  const explicit = d.deny === 'explicit';
  if (!identity || !(tags || launch) || (explicit && !launch)) {
    return undefined;
  }
  const job = d.resource ? /:training-job\/(.+)$/.exec(d.resource)?.[1] : f.jobName;
  const rails = tags ? GUARDRAILS.filter((g) => g.option === 'allowTags' || g.option === 'jobNamePrefix') : GUARDRAILS;
  const list = rails.map((g) => `${g.option}: ${g.comply}`).join('; ');
  return {
    options: rails.map((g) => g.option),
    cause: {
      category: 'caller side',
      explanation: 'If the caller\'s permissions come from SageMakerTrainingRole.grantLaunch, the request broke one of its guardrails, each a condition on the Allow '
        + (explicit
          ? 'and an explicit Deny with the negated condition (Sids LaunchDeny...)'
          : '(a request that breaks one is refused as if nothing allowed it)')
        + `${job ? `; the job is ${job}` : ''}. ${list}.`,
      fix: explicit
        ? 'Change the request so that it complies, or grant the caller again with the grantLaunch options it needs. Do not narrow or remove a LaunchDeny statement: it is the guardrail.'
        : 'Change the request so that it complies, or grant the caller again with the grantLaunch options it needs. Do not add an Allow without these conditions: it would void every guardrail.',
      changes: [],
    },
  };
}
