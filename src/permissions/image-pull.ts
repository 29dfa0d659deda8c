import { Purpose } from './purpose';
import { WILDCARD_ONLY_ACTIONS } from './wildcard-exemptions';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';

/** The three actions that pull an image's layers and manifest from a repository. */
export const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];

/**
 * Pulling the training image from Amazon ECR (`AlgorithmSpecification.TrainingImage`).
 *
 * The three layer and manifest actions are scoped to the given repositories; pushing is not
 * granted. `ecr:GetAuthorizationToken` supports no resource-level permissions (Service
 * Authorization Reference: resource `*` only), so it stands alone on `*`.
 */
export function imagePullGrants(repositoryArns: string[]): PlannedStatement[] {
  if (repositoryArns.length === 0) {
    return [];
  }
  return [
    {
      sid: 'ImagePull',
      actions: ECR_PULL_ACTIONS,
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

export const IMAGE_PULL: Purpose = {
  props: ['ecrRepositories', 'trainingImages'],
  statements: [
    { sid: 'ImagePull', why: 'SageMaker pulls the training image from these repositories; pull only.' },
    { sid: 'ImageRegistryAuth', why: 'ECR needs an authorization token first; the action has no resource-level permissions.', wildcard: WILDCARD_ONLY_ACTIONS },
  ],
  plan: (_ctx, role) => imagePullGrants(role.repositoryArns),
};
