/**
 * In-container tracking, opt-in: SageMaker Experiments from the script (the PyTorch fixture's
 * ExperimentConfig: experiment "exp", run "rn"; the SDK names the run group
 * "Default-Run-Group-<experiment>" and the run's trial component "<experiment>-<run>",
 * src/sagemaker/experiments/run.py:69, 674) and SageMaker managed MLflow.
 */
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRoleProps } from '../../src';
import { MLFLOW_ACTIONS } from '../../src/permissions/mlflow';
import { allows, denies } from '../util/cases';
import { launcherRequest } from '../util/launchers';
import { OTHER_ACCOUNT, OTHER_REGION, s3BucketArn, s3ObjectArn, simulationTable, synthesize } from '../util/requests';
import { TEST_ENV } from '../util/resolve';

const { partition, region, account } = TEST_ENV;
const sm = (resource: string, owner = account, inRegion = region) => `arn:${partition}:sagemaker:${inRegion}:${owner}:${resource}`;
const config = launcherRequest('sdk-v2-pytorch').ExperimentConfig;
const experiment = sm(`experiment/${config.ExperimentName}`);
const trial = sm(`experiment-trial/Default-Run-Group-${config.ExperimentName}`);
const component = sm(`experiment-trial-component/${config.ExperimentName}-${config.RunName}`);
const job = sm('training-job/churn-2026-12-02-10-00-00-000');

const SERVER = sm('mlflow-tracking-server/team-tracking');
const OTHER_SERVER = sm('mlflow-tracking-server/other-team');
const STORE = 'example-mlflow';

function props(extra: (stack: Stack) => Partial<SageMakerTrainingRoleProps>) {
  return (stack: Stack): SageMakerTrainingRoleProps => ({
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'models/' },
    trainingJobNamePrefix: 'churn-',
    ...extra(stack),
  });
}

describe('SageMaker Experiments from the script', () => {
  const syn = synthesize(props(() => ({ sageMakerExperiments: true })), { env: true });
  simulationTable(() => syn.policies, [
    allows('load_run reading its own job\'s ExperimentConfig', { action: 'sagemaker:DescribeTrainingJob', resource: job }),
    allows('creating the experiment', { action: 'sagemaker:CreateExperiment', resource: experiment }),
    allows('loading the run group', { action: 'sagemaker:DescribeTrial', resource: trial }),
    allows('creating the run', { action: 'sagemaker:CreateTrialComponent', resource: component }),
    allows('tagging the run it creates', { action: 'sagemaker:AddTags', resource: component }),
    allows('associating the run with its group (the run)', { action: 'sagemaker:AssociateTrialComponent', resource: component }),
    allows('associating the run with its group (the group)', { action: 'sagemaker:AssociateTrialComponent', resource: trial }),
    allows('searching its run', { action: 'sagemaker:Search', resource: '*' }),
    allows('logging a metric', { action: 'sagemaker:BatchPutMetrics', resource: component }),
    allows('saving the run on close', { action: 'sagemaker:UpdateTrialComponent', resource: component }),
    denies('deleting the experiment', { action: 'sagemaker:DeleteExperiment', resource: experiment }),
    denies('deleting a run', { action: 'sagemaker:DeleteTrialComponent', resource: component }),
    denies('describing another team\'s job', { action: 'sagemaker:DescribeTrainingJob', resource: sm('training-job/fraud-2026-12-02') }),
    denies('creating a run in another account', { action: 'sagemaker:CreateTrialComponent', resource: sm('experiment-trial-component/exp-rn', OTHER_ACCOUNT), resourceAccount: OTHER_ACCOUNT }),
    denies('creating a run in another region', { action: 'sagemaker:CreateTrialComponent', resource: sm('experiment-trial-component/exp-rn', account, OTHER_REGION) }),
    denies('tagging a training job', { action: 'sagemaker:AddTags', resource: job }),
    denies('starting a training job', { action: 'sagemaker:CreateTrainingJob', resource: job }),
  ]);
});

describe('no Experiments without the prop', () => {
  const syn = synthesize(props(() => ({})), { env: true });
  simulationTable(() => syn.policies, [
    denies('logging a metric', { action: 'sagemaker:BatchPutMetrics', resource: component }),
    denies('searching', { action: 'sagemaker:Search', resource: '*' }),
  ]);
});

describe('SageMaker managed MLflow from the script', () => {
  const syn = synthesize(props((stack) => ({
    mlflowTracking: { trackingServerArn: SERVER, artifactStore: { bucket: s3.Bucket.fromBucketName(stack, 'Store', STORE), prefix: 'artifacts/' } },
  })), { env: true });
  simulationTable(() => syn.policies, [
    ...MLFLOW_ACTIONS.filter((a) => /:(CreateRun|LogMetric|LogBatch|LogParam|UpdateRun|SearchRuns|GetRun|LogModel)$/.test(a))
      .map((action) => allows(`MLflow ${action.split(':')[1]} on the tracking server`, { action, resource: SERVER })),
    allows('the plugin describing the tracking server', { action: 'sagemaker:DescribeMlflowTrackingServer', resource: SERVER }),
    allows('uploading a run artifact', { action: 's3:PutObject', resource: s3ObjectArn(STORE, 'artifacts/1/abc/artifacts/model/model.pkl') }),
    allows('downloading a run artifact', { action: 's3:GetObject', resource: s3ObjectArn(STORE, 'artifacts/1/abc/artifacts/model/model.pkl') }),
    allows('listing run artifacts', { action: 's3:ListBucket', resource: s3BucketArn(STORE), context: { 's3:prefix': 'artifacts/1/abc/artifacts/' } }),
    denies('logging to another tracking server', { action: 'sagemaker-mlflow:LogMetric', resource: OTHER_SERVER }),
    denies('deleting an experiment', { action: 'sagemaker-mlflow:DeleteExperiment', resource: SERVER }),
    denies('deleting a registered model', { action: 'sagemaker-mlflow:DeleteRegisteredModel', resource: SERVER }),
    denies('opening the MLflow UI', { action: 'sagemaker-mlflow:AccessUI', resource: '*' }),
    denies('stopping the tracking server', { action: 'sagemaker:StopMlflowTrackingServer', resource: SERVER }),
    denies('deleting a run artifact', { action: 's3:DeleteObject', resource: s3ObjectArn(STORE, 'artifacts/1/abc/artifacts/model/model.pkl') }),
    denies('writing outside the artifact store', { action: 's3:PutObject', resource: s3ObjectArn(STORE, 'other/x') }),
  ]);
});
