/**
 * Bad ECR repositories: an image URI or an invalid name where a repository is expected, and a
 * repository in another region (errors); a repository in another account (a warning with the
 * exact repository policy statements).
 */
import { Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole } from '../../src';
import { newStack } from '../util/fixtures';
import { ecrRepositoryArn, OTHER_ACCOUNT, OTHER_REGION, simulateRequest, synthesize } from '../util/requests';
import { TEST_ENV } from '../util/resolve';
import { ROLE_ARN } from '../util/simulate';
import { build } from '../util/statements';
import { warningMessages } from '../util/warnings';

const { account, region } = TEST_ENV;

describe('an image URI given as a repository', () => {
  const message = (value: string, which: string) =>
    `ecrRepositories[0]: an image URI is not a repository: give the repository${which} (ecr.Repository.fromRepositoryArn with its repository ARN, or fromRepositoryName in the role's own account and region). The role may pull every tag and digest of the repositories it is given. Got: "${value}".`;

  test.each([
    [`${account}.dkr.ecr.${region}.amazonaws.com/team/trainer:2024-05`, ` "team/trainer" of account ${account} in ${region}`],
    [`${account}.dkr.ecr.${region}.amazonaws.com/trainer@sha256:${'0f'.repeat(32)}`, ` "trainer" of account ${account} in ${region}`],
    [`${account}.dkr.ecr.${region}.amazonaws.com/trainer`, ` "trainer" of account ${account} in ${region}`],
    [`${OTHER_ACCOUNT}.dkr.ecr-fips.${region}.amazonaws.com/trainer:1`, ` "trainer" of account ${OTHER_ACCOUNT} in ${region}`],
    ['trainer:latest', ''],
  ])('fails for %p, naming the repository it points to', (value, which) => {
    expect(() => build((stack) => ({ ecrRepositories: [ecr.Repository.fromRepositoryName(stack, 'Repo', value)] })))
      .toThrow(message(value, which));
  });
});

describe('an invalid repository name', () => {
  test.each(['Trainer', 'trainer_', 'a', '-trainer', 'team//trainer', 'x'.repeat(257)])('fails for %p', (name) => {
    expect(() => build((stack) => ({ ecrRepositories: [ecr.Repository.fromRepositoryName(stack, 'Repo', name)] })))
      .toThrow(`ecrRepositories[0]: ECR repository names are 2 to 256 lower case letters, digits and "._-/" separators, for example "training/pytorch". Got: "${name}".`);
  });

  test.each(['trainer', 'team/trainer', 'a.b-c_d/e', 'ab'])('accepts %p', (name) => {
    expect(() => build((stack) => ({ ecrRepositories: [ecr.Repository.fromRepositoryName(stack, 'Repo', name)] }))).not.toThrow();
  });
});

describe('a repository in another region', () => {
  test('fails, saying SageMaker refuses cross-region pulls', () => {
    const arn = `arn:aws:ecr:${OTHER_REGION}:${account}:repository/trainer`;
    expect(() => build((stack) => ({ ecrRepositories: [ecr.Repository.fromRepositoryArn(stack, 'Repo', arn)] }), { env: true }))
      .toThrow(`ecrRepositories[0]: SageMaker pulls training images only from ECR in the training job's region (CreateTrainingJob refuses the image: "Cross region ECR image pulls are not allowed"); this repository is in ${OTHER_REGION}, the role's stack in ${region}. Replicate the repository to ${region} (ECR replication) and give that one. Got: "${arn}".`);
  });

  test('is accepted in an environment-agnostic stack', () => {
    const arn = `arn:aws:ecr:${OTHER_REGION}:${account}:repository/trainer`;
    expect(() => build((stack) => ({ ecrRepositories: [ecr.Repository.fromRepositoryArn(stack, 'Repo', arn)] }))).not.toThrow();
  });
});

describe('a repository in another account: a warning with the repository policy', () => {
  const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
  const STATEMENTS = [
    { Sid: 'AllowSageMakerPull', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: PULL },
    { Sid: 'AllowTrainingRolePull', Effect: 'Allow', Principal: { AWS: '${TestStack/TrainingRole.Arn}' }, Action: PULL },
  ];
  const arn = ecrRepositoryArn('shared/trainer', OTHER_ACCOUNT);
  let synthesized: ReturnType<typeof synthesize> | undefined;
  const syn = () => (synthesized ??= synthesize((stack) => ({
    ...minimalOutput(stack),
    ecrRepositories: [ecr.Repository.fromRepositoryArn(stack, 'Shared', arn)],
  }), { env: true }));

  test('names the account, both principals and the exact statements', () => {
    expect(warningMessages(syn().stack, 'CrossAccountRepository')).toEqual([
      `ecrRepositories[0]: the repository belongs to account ${OTHER_ACCOUNT}, not the role's (${account}), so its repository policy must allow the pull too: by SageMaker (which otherwise fails the job with "does not grant ... permission to sagemaker.amazonaws.com service principal") and by the role. Add to the repository policy of shared/trainer: ${JSON.stringify(STATEMENTS)} Got: "${arn}".`,
    ]);
  });

  test('the role\'s statement, as a repository policy, lets the role pull across accounts; without it the pull is denied', async () => {
    const repositoryPolicy = {
      Version: '2012-10-17',
      Statement: [{ ...STATEMENTS[1], Principal: { AWS: ROLE_ARN }, Resource: arn }],
    };
    const pull = { action: 'ecr:BatchGetImage', resource: arn, resourceAccount: OTHER_ACCOUNT };
    expect([
      await simulateRequest(syn().policies, { ...pull, resourcePolicy: repositoryPolicy }),
      await simulateRequest(syn().policies, pull),
    ]).toEqual(['Allowed', 'ImplicitlyDenied']);
  });

  test('does not warn for the AWS Deep Learning Containers account, whose repositories admit every account', () => {
    const stack = newStack({ env: true });
    new SageMakerTrainingRole(stack, 'Role', {
      ...minimalOutput(stack),
      ecrRepositories: [ecr.Repository.fromRepositoryArn(stack, 'Dlc', `arn:aws:ecr:${region}:763104351884:repository/pytorch-training`)],
    });
    expect(warningMessages(stack, 'CrossAccountRepository')).toEqual([]);
  });

  test('does not warn for a repository of the role\'s account', () => {
    const stack = newStack({ env: true });
    new SageMakerTrainingRole(stack, 'Role', { ...minimalOutput(stack), ecrRepositories: [ecr.Repository.fromRepositoryName(stack, 'Own', 'trainer')] });
    expect(warningMessages(stack, 'CrossAccountRepository')).toEqual([]);
  });
});

function minimalOutput(stack: Stack) {
  return { outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'm/' } };
}
