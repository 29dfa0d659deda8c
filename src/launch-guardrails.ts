import * as iam from 'aws-cdk-lib/aws-iam';
import { TrainingConfig } from './private/training-config';

/**
 * Options of `SageMakerTrainingRole.grantLaunch`: the guardrails a launched job must respect.
 */
export interface TrainingJobLaunchOptions {}

/** The statements of `grantLaunch` (being written). */
export function grantLaunchPermissions(role: iam.IRole, _config: TrainingConfig, grantee: iam.IGrantable,
  _options: TrainingJobLaunchOptions): iam.Grant {
  return role.grantPassRole(grantee.grantPrincipal);
}
