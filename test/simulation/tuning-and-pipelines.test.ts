/**
 * Training jobs a hyperparameter tuning job or a pipeline starts: SageMaker names them, the role is
 * the same. With the default trust any name works; with trainingJobNamePrefix the prefix must be a
 * prefix of the names SageMaker gives them:
 * - tuning: `<tuning job name>-<3 digits>-<8 hex digits>` (aws/sagemaker-python-sdk v2.257.6
 *   tests/unit/tuner_visualize_test_utils.py:110, 120: random-240712-1545-019-4ac17a84 of
 *   random-240712-1545; the SDK names tuning jobs <base>-<yymmdd-HHMM>, at most 32 characters,
 *   src/sagemaker/tuner.py:585, 834-856), so a prefix of the tuning job's name, not the estimator's;
 * - Pipelines: `pipelines-<execution id>-<step name>-<suffix>` (tests/unit/sagemaker/lineage/
 *   test_lineage_trial_component.py:130), so `pipelines-`, which every pipeline's jobs share.
 */
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRoleProps } from '../../src';
import { allows, denies } from '../util/cases';
import { logStreamArn, simulationTable, synthesize } from '../util/requests';
import { TEST_ENV } from '../util/resolve';
import { simulateTrust } from '../util/simulate';

const TUNING_JOB = 'random-240712-1545';
const TUNED_TRAINING_JOB = 'random-240712-1545-019-4ac17a84';
const PIPELINE_TRAINING_JOB = 'pipelines-bs6gaeln463r-AbaloneTrain-A0QiDGuY6z';
const LOG_GROUP = '/aws/sagemaker/TrainingJobs';
const { partition, region, account } = TEST_ENV;
const source = (resource: string) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': `arn:${partition}:sagemaker:${region}:${account}:${resource}` });

function props(trainingJobNamePrefix?: string) {
  return (stack: Stack): SageMakerTrainingRoleProps => ({
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'models/' },
    trainingJobNamePrefix,
  });
}

test('the names fit the rule of the tuning job name and its training jobs', () => {
  expect(TUNED_TRAINING_JOB).toMatch(new RegExp(`^${TUNING_JOB}-\\d{3}-[0-9a-f]{8}$`));
  expect(TUNING_JOB.length).toBeLessThanOrEqual(32);
});

describe('default trust: jobs of tuning jobs and pipelines', () => {
  const syn = synthesize(props());
  simulationTable(() => syn.policies, [
    allows('a tuning job\'s training job writing its log stream', { action: 'logs:PutLogEvents', resource: logStreamArn(LOG_GROUP, `${TUNED_TRAINING_JOB}/algo-1-1720799759`) }),
    allows('a pipeline\'s training job writing its log stream', { action: 'logs:PutLogEvents', resource: logStreamArn(LOG_GROUP, `${PIPELINE_TRAINING_JOB}/algo-1-1720799759`) }),
  ]);
  test.each([
    ['the training job', `training-job/${TUNED_TRAINING_JOB}`],
    ['the tuning job', `hyper-parameter-tuning-job/${TUNING_JOB}`],
    ['the pipeline\'s training job', `training-job/${PIPELINE_TRAINING_JOB.toLowerCase()}`],
  ])('SageMaker may assume the role with the source ARN of %s', async (_what, resource) => {
    expect(await simulateTrust(syn.trust, { principal: 'sagemaker.amazonaws.com', context: source(resource) })).toBe('Allowed');
  });
});

describe('trainingJobNamePrefix: a prefix of the tuning job\'s name', () => {
  const syn = synthesize(props('random-'));
  simulationTable(() => syn.policies, [
    allows('each training job of the tuning job writing its log stream', { action: 'logs:PutLogEvents', resource: logStreamArn(LOG_GROUP, `${TUNED_TRAINING_JOB}/algo-1-1720799759`) }),
    denies('a job named otherwise', { action: 'logs:PutLogEvents', resource: logStreamArn(LOG_GROUP, 'xgboost-2024-07-12-15-45-00-000/algo-1-1720799759') }),
  ]);
  test('SageMaker may assume the role for each training job of the tuning job', async () => {
    expect(await simulateTrust(syn.trust, { principal: 'sagemaker.amazonaws.com', context: source(`training-job/${TUNED_TRAINING_JOB}`) })).toBe('Allowed');
  });
  test('not when it presents the tuning job\'s own ARN (unconfirmed; why the default trust is account-wide)', async () => {
    expect(await simulateTrust(syn.trust, { principal: 'sagemaker.amazonaws.com', context: source(`hyper-parameter-tuning-job/${TUNING_JOB}`) })).toBe('ImplicitlyDenied');
  });
});

describe('trainingJobNamePrefix: the estimator\'s base job name does not cover the tuning job\'s training jobs', () => {
  const syn = synthesize(props('xgboost-'));
  simulationTable(() => syn.policies, [
    denies('a training job named after the tuning job', { action: 'logs:PutLogEvents', resource: logStreamArn(LOG_GROUP, `${TUNED_TRAINING_JOB}/algo-1-1720799759`) }),
  ]);
});

describe('trainingJobNamePrefix pipelines-: every pipeline\'s training jobs', () => {
  const syn = synthesize(props('pipelines-'));
  simulationTable(() => syn.policies, [
    allows('a pipeline\'s training job writing its log stream', { action: 'logs:PutLogEvents', resource: logStreamArn(LOG_GROUP, `${PIPELINE_TRAINING_JOB}/algo-1-1720799759`) }),
  ]);
  test('SageMaker may assume the role for a pipeline\'s training job', async () => {
    expect(await simulateTrust(syn.trust, { principal: 'sagemaker.amazonaws.com', context: source(`training-job/${PIPELINE_TRAINING_JOB.toLowerCase()}`) })).toBe('Allowed');
  });
});
