import { Grant, TOKEN_BOUND } from '../private/grant';

/**
 * Pulling the training image from Amazon ECR (`AlgorithmSpecification.TrainingImage`).
 *
 * The three layer and manifest actions are scoped to the given repositories; pushing is not
 * granted. `ecr:GetAuthorizationToken` supports no resource-level permissions (Service
 * Authorization Reference: resource `*` only), so it stands alone on `*`.
 */
export function imagePullGrants(repositoryArns: string[]): Grant[] {
  if (repositoryArns.length === 0) {
    return [];
  }
  return [
    {
      sid: 'ImagePull',
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      resources: repositoryArns,
      tokenBound: TOKEN_BOUND.repositoryArn,
      placementKey: 'image',
    },
    {
      sid: 'ImageRegistryAuth',
      actions: ['ecr:GetAuthorizationToken'],
      resources: ['*'],
      tokenBound: TOKEN_BOUND.none,
      placementKey: 'image',
    },
  ];
}
