/**
 * The training image (AlgorithmSpecification.TrainingImage): the job authenticates to ECR and
 * pulls from the given repositories; it cannot pull from others, push, or change a repository.
 */
import { allows, denies } from '../util/cases';
import { fullProps, importedProps, minimalProps } from '../util/fixtures';
import { Case, ecrRepositoryArn, simulationTable, synthesize } from '../util/requests';

const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
const WRITE_ACTIONS = [
  'ecr:PutImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:BatchDeleteImage',
  'ecr:SetRepositoryPolicy',
  'ecr:DeleteRepository',
];

/** The requests around one repository the job pulls from. */
function repositoryCases(repositoryArn: string): Case[] {
  return [
    ...PULL_ACTIONS.map((action) => allows('pulling the training image', { action, resource: repositoryArn })),
    ...WRITE_ACTIONS.map((action) => denies('changing the training image repository', { action, resource: repositoryArn })),
    denies('reading the repository policy', { action: 'ecr:GetRepositoryPolicy', resource: repositoryArn }),
  ];
}

/** The requests against a repository the role was never given. */
const otherRepositoryCases: Case[] = PULL_ACTIONS.map((action) =>
  denies('pulling from another repository', { action, resource: ecrRepositoryArn('unrelated-image') }));

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('image pull of the full props, $setting', ({ options }) => {
  const syn = synthesize(fullProps, options);
  const repositories = syn.props.ecrRepositories!.map((r) => syn.value(r.repositoryArn));

  simulationTable(() => syn.policies, [
    ...repositories.flatMap(repositoryCases),
    ...otherRepositoryCases,
    allows('getting an ECR authorization token', { action: 'ecr:GetAuthorizationToken', resource: '*' }),
  ]);
});

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('image pull of the imported props, $setting', ({ options }) => {
  const syn = synthesize(importedProps, options);
  const [repository] = syn.props.ecrRepositories!.map((r) => syn.value(r.repositoryArn));

  simulationTable(() => syn.policies, [
    ...repositoryCases(repository),
    ...otherRepositoryCases,
    allows('getting an ECR authorization token', { action: 'ecr:GetAuthorizationToken', resource: '*' }),
  ]);
});

describe('no ECR repository (minimal props)', () => {
  const syn = synthesize(minimalProps);

  simulationTable(() => syn.policies, [
    ...otherRepositoryCases,
    denies('getting an ECR authorization token without a repository', { action: 'ecr:GetAuthorizationToken', resource: '*' }),
  ]);
});
