import { Grant, TOKEN_BOUND } from '../private/grant';

/**
 * Pulling the training image from a private Docker registry in the VPC
 * (`TrainingImageConfig.TrainingRepositoryAccessMode = Vpc`) whose credentials come from a Lambda
 * function (`TrainingRepositoryAuthConfig.TrainingRepositoryCredentialsProviderArn`): the role
 * invokes that function only.
 */
export function privateRegistryGrants(functionArn: string | undefined): Grant[] {
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
