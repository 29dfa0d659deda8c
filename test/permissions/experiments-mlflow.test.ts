import * as s3 from 'aws-cdk-lib/aws-s3';
import { MLFLOW_ACTIONS } from '../../src/permissions/mlflow';
import { arn, build, expectStatement, roleWith, statementsOf } from '../util/statements';

const SERVER = 'arn:aws:sagemaker:us-east-1:111122223333:mlflow-tracking-server/team-tracking';

describe('sageMakerExperiments (SDK v2 load_run, log_metric from the script)', () => {
  test('records experiments, run groups and runs of this account and region', () => {
    const { template } = roleWith(() => ({ sageMakerExperiments: true }), { env: true });
    expectStatement(template, {
      Sid: /^ExperimentsRecord\d$/,
      Action: ['sagemaker:CreateExperiment', 'sagemaker:DescribeExperiment', 'sagemaker:CreateTrial', 'sagemaker:AddTags'],
      Resource: arn(':sagemaker:us-east-1:111122223333:experiment/*'),
    });
    expectStatement(template, {
      Sid: /^ExperimentsRecord\d$/,
      Action: ['sagemaker:CreateTrial', 'sagemaker:DescribeTrial', 'sagemaker:AssociateTrialComponent', 'sagemaker:AddTags'],
      Resource: arn(':sagemaker:us-east-1:111122223333:experiment-trial/*'),
    });
    expectStatement(template, {
      Sid: /^ExperimentsRecord\d$/,
      Action: ['sagemaker:CreateTrialComponent', 'sagemaker:DescribeTrialComponent', 'sagemaker:UpdateTrialComponent', 'sagemaker:AssociateTrialComponent', 'sagemaker:AddTags'],
      Resource: arn(':sagemaker:us-east-1:111122223333:experiment-trial-component/*'),
    });
    expect(statementsOf(template, 'ExperimentsRecord')).toHaveLength(3);
  });

  test('logs metrics to runs and to the role\'s jobs, narrowed by trainingJobNamePrefix', () => {
    const { template } = roleWith(() => ({ sageMakerExperiments: true, trainingJobNamePrefix: 'churn-' }), { env: true });
    expectStatement(template, {
      Sid: 'ExperimentsMetrics',
      Action: 'sagemaker:BatchPutMetrics',
      Resource: [arn(':sagemaker:us-east-1:111122223333:experiment-trial-component/*'), arn(':sagemaker:us-east-1:111122223333:training-job/churn-*')],
    });
    expectStatement(template, { Sid: 'ExperimentsJobDescribe', Action: 'sagemaker:DescribeTrainingJob', Resource: arn(':sagemaker:us-east-1:111122223333:training-job/churn-*') });
  });

  test('searches on * (no resource-level permissions), and only with the prop', () => {
    expectStatement(roleWith(() => ({ sageMakerExperiments: true })).template, { Sid: 'ExperimentsSearch', Action: 'sagemaker:Search', Resource: '*' });
    expect(JSON.stringify(roleWith().template.toJSON())).not.toMatch(/sagemaker:(Search|BatchPutMetrics|CreateTrial)/);
  });
});

describe('mlflowTracking (SageMaker managed MLflow from the script)', () => {
  test('grants the MLflow actions on the one tracking server, and its description', () => {
    const { template } = roleWith(() => ({ mlflowTracking: { trackingServerArn: SERVER } }), { env: true });
    expectStatement(template, { Sid: 'MlflowTracking', Action: MLFLOW_ACTIONS, Resource: SERVER });
    expectStatement(template, { Sid: 'MlflowServerDescribe', Action: 'sagemaker:DescribeMlflowTrackingServer', Resource: SERVER });
    expect(statementsOf(template, 'MlflowArtifacts')).toEqual([]);
  });

  test('names every action exactly: no wildcard', () => {
    expect(MLFLOW_ACTIONS.filter((a) => a.includes('*'))).toEqual([]);
    expect(MLFLOW_ACTIONS).toContain('sagemaker-mlflow:UpdateRun');
    expect(MLFLOW_ACTIONS).not.toContain('sagemaker-mlflow:AccessUI');
  });

  test('reads and writes artifacts in the artifact store, listing narrowed to it', () => {
    const { template } = roleWith((stack) => ({
      mlflowTracking: { trackingServerArn: SERVER, artifactStore: { bucket: s3.Bucket.fromBucketName(stack, 'Store', 'example-mlflow'), prefix: 'artifacts/' } },
    }), { env: true });
    expectStatement(template, { Sid: 'MlflowArtifacts', Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], Resource: arn(':s3:::example-mlflow/artifacts/*') });
    expectStatement(template, { Sid: 'MlflowArtifactsList', Action: 's3:ListBucket', Resource: arn(':s3:::example-mlflow'), Condition: { StringLike: { 's3:prefix': ['artifacts/*'] } } });
  });

  test.each([
    ['an HTTP URL', 'https://t-abc123.us-east-1.experiments.sagemaker.aws', /not the ARN of a SageMaker MLflow tracking server/],
    ['an MLflow app', 'arn:aws:sagemaker:us-east-1:111122223333:mlflow-app/app-abc123', /an MLflow app: the Service Authorization Reference lists only tracking servers/],
    ['a wildcard', 'arn:aws:sagemaker:us-east-1:111122223333:mlflow-tracking-server/*', /not the ARN of a SageMaker MLflow tracking server/],
    ['a server in another region', 'arn:aws:sagemaker:eu-west-1:111122223333:mlflow-tracking-server/team-tracking', /the tracking server is in region eu-west-1, the role's stack in us-east-1/],
    ['a server in another account', 'arn:aws:sagemaker:us-east-1:444455556666:mlflow-tracking-server/team-tracking', /the tracking server is in account 444455556666/],
  ])('refuses %s, naming the prop and the value', (_what, value, message) => {
    let error: Error | undefined;
    try {
      build(() => ({ mlflowTracking: { trackingServerArn: value } }), { env: true });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/^mlflowTracking\.trackingServerArn: /);
    expect(error?.message).toMatch(message);
    expect(error?.message).toContain(`Got: ${JSON.stringify(value)}.`);
  });
});
