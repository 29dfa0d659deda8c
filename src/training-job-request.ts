import * as iam from 'aws-cdk-lib/aws-iam';
import { TrainingConfig } from './private/training-config';

/** The CreateTrainingJob request fields that must match the role (being written). */
export function renderTrainingJobRequest(role: iam.IRole, _config: TrainingConfig): { [key: string]: any } {
  return { RoleArn: role.roleArn };
}
