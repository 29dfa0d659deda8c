import { Purpose } from './purpose';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';

/**
 * Pulling the training image from a private Docker registry in the VPC
 * (`TrainingImageConfig.TrainingRepositoryAccessMode = Vpc`) whose credentials come from a Lambda
 * function (`TrainingRepositoryAuthConfig.TrainingRepositoryCredentialsProviderArn`): the role
 * invokes that function only.
 */
export function privateRegistryGrants(functionArn: string | undefined): PlannedStatement[] {
  if (!functionArn) {
    return [];
  }
  return [{
    sid: 'RegistryCredentialsInvoke',
    actions: ['lambda:InvokeFunction'],
    resources: [functionArn],
    tokenBound: TOKEN_BOUND.repositoryArn,
    placementKey: 'registry',
  }];
}

export const PRIVATE_REGISTRY: Purpose = {
  props: ['registryCredentialsProvider'],
  statements: [
    { sid: 'RegistryCredentialsInvoke', why: 'SageMaker invokes this function for the private registry\'s credentials.' },
  ],
  plan: (_ctx, role) => privateRegistryGrants(role.registryCredentialsProviderArn),
};
