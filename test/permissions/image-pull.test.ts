import { CfnParameter } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { TEST_ENV } from '../util/resolve';
import {
  allActions, expectStatement, logicalIdOf, roleWith, statementsOf,
} from '../util/statements';

const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
const REPO_ARN = `arn:aws:ecr:${TEST_ENV.region}:${TEST_ENV.account}:repository/training-image`;

describe('image pull (SPEC: each ECR repository)', () => {
  test('grants the three pull actions on a created repository by its ARN', () => {
    const { template } = roleWith((stack) => ({ ecrRepositories: [new ecr.Repository(stack, 'Repo')] }));
    expectStatement(template, {
      Sid: 'ImagePull',
      Action: PULL_ACTIONS,
      Resource: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::ECR::Repository', 'Repo'), 'Arn'] },
    });
  });

  test('names an imported repository by its literal ARN', () => {
    const { template } = roleWith((stack) => ({
      ecrRepositories: [ecr.Repository.fromRepositoryArn(stack, 'Repo', REPO_ARN)],
    }), { env: true });
    expectStatement(template, { Sid: 'ImagePull', Action: PULL_ACTIONS, Resource: REPO_ARN });
  });

  test('grants ecr:GetAuthorizationToken alone on * (wildcard-only action)', () => {
    const { template } = roleWith((stack) => ({ ecrRepositories: [new ecr.Repository(stack, 'Repo')] }));
    expectStatement(template, { Sid: 'ImageRegistryAuth', Action: 'ecr:GetAuthorizationToken', Resource: '*' });
  });

  test('two repositories share one pull statement', () => {
    const { template } = roleWith((stack) => ({
      ecrRepositories: [new ecr.Repository(stack, 'RepoA'), new ecr.Repository(stack, 'RepoB')],
    }));
    expectStatement(template, {
      Sid: 'ImagePull',
      Action: PULL_ACTIONS,
      Resource: [
        { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::ECR::Repository', 'RepoA'), 'Arn'] },
        { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::ECR::Repository', 'RepoB'), 'Arn'] },
      ],
    });
  });

  test('a repository given twice is named once', () => {
    const { template } = roleWith((stack) => {
      const repo = ecr.Repository.fromRepositoryArn(stack, 'Repo', REPO_ARN);
      return { ecrRepositories: [repo, repo] };
    }, { env: true });
    expect(statementsOf(template, 'ImagePull').map((s) => s.Resource)).toEqual([REPO_ARN]);
  });

  test('a repository named by a parameter is accepted', () => {
    const { template } = roleWith((stack) => ({
      ecrRepositories: [ecr.Repository.fromRepositoryName(stack, 'Repo', new CfnParameter(stack, 'RepoName').valueAsString)],
    }));
    expect(JSON.stringify(statementsOf(template, 'ImagePull')[0].Resource)).toContain('{"Ref":"RepoName"}');
  });

  test('without repositories, no ECR statement exists', () => {
    const { template } = roleWith();
    expect(statementsOf(template, 'ImagePull')).toEqual([]);
    expect(statementsOf(template, 'ImageRegistryAuth')).toEqual([]);
    expect(allActions(template).filter((a) => a.startsWith('ecr:'))).toEqual([]);
  });

  test('an empty repository list grants no ECR action', () => {
    const { template } = roleWith(() => ({ ecrRepositories: [] }));
    expect(allActions(template).filter((a) => a.startsWith('ecr:'))).toEqual([]);
  });
});
