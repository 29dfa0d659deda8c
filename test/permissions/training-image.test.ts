import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole, TrainingImage } from '../../src';
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

  test('fromDeepLearningContainer pulls from the named repository of the given account, in the stack\'s region', () => {
    const { template } = roleWith(() => ({
      trainingImages: [TrainingImage.fromDeepLearningContainer('pytorch-training', { account: '123456789012' })],
    }), { env: true });
    expectStatement(template, { Sid: 'ImagePull', Action: PULL_ACTIONS, Resource: arn(':ecr:us-east-1:123456789012:repository/pytorch-training') });
  });

  test.each([
    ['us-east-1', '763104351884'],
    ['ap-east-1', '871362719292'],
    ['cn-north-1', '727897471807'],
    ['me-south-1', '217643126080'],
    ['ap-southeast-7', '590183813437'],
    ['us-gov-east-1', '446045086412'],
  ])('fromDeepLearningContainer in %s pulls from the region\'s publishing account %s', (region, account) => {
    const stack = new Stack(new App(), 'Regional', { env: { account: '111122223333', region } });
    const role = new SageMakerTrainingRole(stack, 'Role', {
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'm/' },
      trainingImages: [TrainingImage.fromDeepLearningContainer('pytorch-training')],
    });
    const pull = Object.values<any>(Template.fromStack(role.stack).findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement).find((st) => st.Sid === 'ImagePull');
    expect(JSON.stringify(pull.Resource)).toContain(`:ecr:${region}:${account}:repository/pytorch-training`);
  });

  test('fromDeepLearningContainer fails in a region without a known publishing account, naming the option', () => {
    const stack = new Stack(new App(), 'Unknown', { env: { account: '111122223333', region: 'xx-nowhere-1' } });
    expect(() => new SageMakerTrainingRole(stack, 'Role', {
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'm/' },
      trainingImages: [TrainingImage.fromDeepLearningContainer('pytorch-training')],
    })).toThrow(/^TrainingImage\.fromDeepLearningContainer\(options\.account\): no publishing account of AWS Deep Learning Containers is known for this region; give options\.account .* Got: "xx-nowhere-1"\.$/);
  });

  test('fromDeepLearningContainer in an environment-agnostic stack looks the account up by region at deployment', () => {
    const { template } = roleWith(() => ({ trainingImages: [TrainingImage.fromDeepLearningContainer('huggingface-pytorch-training')] }));
    expectStatement(template, {
      Sid: 'ImagePull',
      Action: PULL_ACTIONS,
      Resource: arn(':ecr:', ref('AWS::Region'), ':', { 'Fn::FindInMap': ['DeepLearningContainerAccounts', ref('AWS::Region'), 'account'] },
        ':repository/huggingface-pytorch-training'),
    });
    const mapping = (template.toJSON().Mappings ?? {}).DeepLearningContainerAccounts;
    expect(mapping['us-east-1']).toEqual({ account: '763104351884' });
    expect(mapping['ap-east-1']).toEqual({ account: '871362719292' });
  });

  test('an image from a repository in another region is refused like ecrRepositories', () => {
    expect(() => roleWith((stack) => ({
      trainingImages: [TrainingImage.fromEcrRepository(ecr.Repository.fromRepositoryArn(stack, 'Far', 'arn:aws:ecr:eu-west-1:111122223333:repository/trainer'))],
    }), { env: true })).toThrow(/^trainingImages\[0\]: SageMaker pulls training images only from ECR in the training job's region/);
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
