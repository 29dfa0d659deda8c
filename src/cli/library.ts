/**
 * The command line's one way into the library. No other file under `src/cli/` imports from
 * outside it (an ESLint `import/no-restricted-paths` zone enforces this), so a change inside the
 * library that the command line depends on shows up here, in one file.
 */

// `policy` builds the role with the construct itself, from imported buckets and keys.
export { SageMakerTrainingRole, TensorFlowModelDir, TrainingCode } from '../index';
export type { SageMakerTrainingRoleProps, TrainingS3Location } from '../index';

// `diagnose` writes its fixes with the construct's own permission functions, so a fix reads
// exactly as the construct's statement for the same purpose.
export { checkpointGrants, checkpointKeyGrants } from '../permissions/checkpoints';
export { ECR_PULL_ACTIONS, imagePullGrants } from '../permissions/image-pull';
export { modelOutputGrants, modelOutputKeyGrants } from '../permissions/model-output';
export { trainingDataGrants, trainingDataKeyGrants } from '../permissions/training-data';

// The trust policy: `diagnose` restates it as a fix; the role check asks SageMaker's principal.
export { SAGEMAKER_SERVICE_PRINCIPAL, trustConditions } from '../permissions/trust';

// The role check writes out the job's log and metric requests with the names the statements use.
export { TRAINING_LOG_GROUP } from '../permissions/logs';
export { TRAINING_METRICS_NAMESPACE } from '../permissions/metrics';

// ARNs, planned statements and their rendering, for the statements above with plain values.
export { regionalArn, s3BucketArn, viaService } from '../private/arns';
export type { ArnContext } from '../private/arns';
export type { PlannedStatement } from '../private/planned-statement';
export type { ResolvedLocation } from '../private/locations';
export { renderStatements } from '../private/render';

// What the construct refuses in a key prefix, to name the flag that gave it.
export { prefixProblem } from '../private/s3-prefix';
// `review` gives each statement the one-line reason the purpose registry holds for its Sid.
export { statementPurpose } from '../permissions';

// IAM's size quota, as the construct counts it.
export { MANAGED_POLICY_CHAR_LIMIT } from '../private/policy-size';
