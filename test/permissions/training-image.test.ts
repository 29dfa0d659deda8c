import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import { TrainingImage } from '../../src';
import { DOCKER_ASSET_DIRECTORY } from '../util/job-surface-fixture';
import {
  arn, expectStatement, logicalIdOf, ref, roleWith, statementsOf,
} from '../util/statements';

const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
const REPO_ARN = 'arn:aws:ecr:us-east-1:111122223333:repository/training-image';

describe('training images (SPEC: each ECR repository; Deep Learning Containers)', () => {
  test('fromEcrRepository pulls from that repository by its ARN, and gets an ECR token', () => {
    const { template } = roleWith((stack) => ({ trainingImages: [TrainingImage.fromEcrRepository(new ecr.Repository(stack, 'Repo'))] }));
    expectStatement(template, {
      Sid: 'ImagePull',
      Action: PULL_ACTIONS,
      Resource: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::ECR::Repository', 'Repo'), 'Arn'] },
    });
    expectStatement(template, { Sid: 'ImageRegistryAuth', Action: 'ecr:GetAuthorizationToken', Resource: '*' });
  });

  test('fromAsset pulls from the CDK assets repository of the stack\'s account and region', () => {
    const { template } = roleWith((stack) => ({
      trainingImages: [TrainingImage.fromAsset(new ecrAssets.DockerImageAsset(stack, 'Image', { directory: DOCKER_ASSET_DIRECTORY }))],
    }));
    expectStatement(template, {
      Sid: 'ImagePull',
      Action: PULL_ACTIONS,
      Resource: arn(':ecr:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':repository/',
        { 'Fn::Sub': 'cdk-hnb659fds-container-assets-${AWS::AccountId}-${AWS::Region}' }),
    });
  });

  test('fromDeepLearningContainer pulls from the named repository of the given account and region', () => {
    const { template } = roleWith(() => ({
      trainingImages: [TrainingImage.fromDeepLearningContainer('pytorch-training', { account: '763104351884', region: 'us-west-2' })],
    }), { env: true });
    expectStatement(template, { Sid: 'ImagePull', Action: PULL_ACTIONS, Resource: arn(':ecr:us-west-2:763104351884:repository/pytorch-training') });
  });

  test('fromDeepLearningContainer defaults to account 763104351884 in the stack\'s region', () => {
    const { template } = roleWith(() => ({ trainingImages: [TrainingImage.fromDeepLearningContainer('huggingface-pytorch-training')] }));
    expectStatement(template, {
      Sid: 'ImagePull',
      Action: PULL_ACTIONS,
      Resource: arn(':ecr:', ref('AWS::Region'), ':763104351884:repository/huggingface-pytorch-training'),
    });
  });

  test('fromDeepLearningContainer accepts a repository name with a namespace (a/b)', () => {
    const { template } = roleWith(() => ({ trainingImages: [TrainingImage.fromDeepLearningContainer('sagemaker/pytorch-training')] }), { env: true });
    expect(statementsOf(template, 'ImagePull').map((s) => s.Resource))
      .toEqual([arn(':ecr:us-east-1:763104351884:repository/sagemaker/pytorch-training')]);
  });

  test('images and ecrRepositories share one pull statement; a repository given both ways is named once', () => {
    const { template } = roleWith((stack) => {
      const repo = ecr.Repository.fromRepositoryArn(stack, 'Repo', REPO_ARN);
      return {
        ecrRepositories: [repo],
        trainingImages: [TrainingImage.fromEcrRepository(repo), TrainingImage.fromDeepLearningContainer('pytorch-training')],
      };
    }, { env: true });
    expect(statementsOf(template, 'ImagePull').map((s) => s.Resource)).toEqual([[
      REPO_ARN,
      arn(':ecr:us-east-1:763104351884:repository/pytorch-training'),
    ]]);
    expect(statementsOf(template, 'ImageRegistryAuth')).toHaveLength(1);
  });

  test('grants no ECR permission with an empty trainingImages list', () => {
    const { template } = roleWith(() => ({ trainingImages: [] }));
    expect(statementsOf(template, 'Image(Pull|RegistryAuth)')).toEqual([]);
  });

  test('fails when a Deep Learning Container is given by its image URI', () => {
    const uri = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311';
    expect(() => TrainingImage.fromDeepLearningContainer(uri)).toThrow(
      `TrainingImage.fromDeepLearningContainer(repositoryName): give the repository name only, such as "pytorch-training" (lower-case letters, digits, and . _ - / between them), not an image URI or tag. Got: "${uri}".`);
  });

  test.each([
    ['a tag', 'pytorch-training:2.3.0'],
    ['upper-case letters', 'PyTorch-Training'],
    ['a leading hyphen', '-pytorch-training'],
    ['an empty name', ''],
  ])('fails when a Deep Learning Container repository name has %s', (_what, name) => {
    expect(() => TrainingImage.fromDeepLearningContainer(name))
      .toThrow(/^TrainingImage\.fromDeepLearningContainer\(repositoryName\): give the repository name only/);
  });
});
