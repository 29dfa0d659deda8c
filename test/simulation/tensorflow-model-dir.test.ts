/**
 * TensorFlow's model_dir, as the SDK v2 TensorFlow estimator sets it (the request of
 * `test/fixtures/launchers/sdk-v2-tensorflow-script-mode.json`): the container asks for the
 * bucket's region, TensorFlow lists, reads, writes and deletes in `<output>/<job>/model`, and in
 * nothing else of the output bucket.
 */
import { allows, denies, deniesExplicitly } from '../util/cases';
import { tensorFlowScriptModeProps } from '../util/launcher-props';
import { channelUri, hyperparameter, launcherRequest, parseS3 } from '../util/launchers';
import { s3BucketArn, s3ObjectArn, simulationTable, synthesize } from '../util/requests';

const request = launcherRequest('sdk-v2-tensorflow-script-mode');
const job: string = request.TrainingJobName;
const input = parseS3(channelUri(request, 'training'));
const modelDir = parseS3(hyperparameter(request, 'model_dir')!);

const props = tensorFlowScriptModeProps;

test('the fixture\'s model_dir is <output path>/<job name>/model, as the SDK builds it', () => {
  expect(`s3://${modelDir.bucket}/${modelDir.key}`).toBe(`${request.OutputDataConfig.S3OutputPath}${job}/model`);
});

describe.each([
  { setting: 'any job name', jobNamePrefix: undefined },
  { setting: 'trainingJobNamePrefix sagemaker-tensorflow-', jobNamePrefix: 'sagemaker-tensorflow-' },
])('the SDK default model_dir, $setting', ({ jobNamePrefix }) => {
  const syn = synthesize(props(jobNamePrefix), { env: true });
  const bucket = modelDir.bucket;
  const dir = modelDir.key;

  simulationTable(() => syn.policies, [
    allows('the container asking for the model_dir bucket\'s region', { action: 's3:GetBucketLocation', resource: s3BucketArn(bucket) }),
    allows('TensorFlow checking the model directory (listing <dir>/)', { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': `${dir}/` } }),
    allows('TensorFlow listing a temporary checkpoint to rename it', { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': `${dir}/model.ckpt-100_temp/part-00000-of-00001` } }),
    allows('TensorFlow reading the checkpoint index', { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${dir}/checkpoint`) }),
    allows('TensorFlow writing a temporary checkpoint', { action: 's3:PutObject', resource: s3ObjectArn(bucket, `${dir}/model.ckpt-100_temp/part-00000-of-00001.index`) }),
    allows('TensorFlow copying it to its name (PutObject of the copy)', { action: 's3:PutObject', resource: s3ObjectArn(bucket, `${dir}/model.ckpt-100.index`) }),
    allows('TensorFlow deleting the temporary checkpoint', { action: 's3:DeleteObject', resource: s3ObjectArn(bucket, `${dir}/model.ckpt-100_temp/part-00000-of-00001.index`) }),
    allows('aborting a multipart upload of a large checkpoint', { action: 's3:AbortMultipartUpload', resource: s3ObjectArn(bucket, `${dir}/model.ckpt-100.data-00000-of-00001`) }),
    allows('TensorFlow writing the SavedModel', { action: 's3:PutObject', resource: s3ObjectArn(bucket, `${dir}/1/saved_model.pb`) }),

    denies('reading the model artifacts of the output location', { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${job}/output/model.tar.gz`) }),
    denies('reading the Debugger output of the output location', { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${job}/debug-output/training_job_end.ts`) }),
    denies('deleting the model artifacts (deletes exist only in the model directory)', { action: 's3:DeleteObject', resource: s3ObjectArn(bucket, `${job}/output/model.tar.gz`) }),
    denies('deleting the training data', { action: 's3:DeleteObject', resource: s3ObjectArn(input.bucket, `${input.key}/part-00000`) }),
    deniesExplicitly('deleting the training code', { action: 's3:DeleteObject', resource: s3ObjectArn(bucket, `${job}/source/sourcedir.tar.gz`) }),
    denies('deleting a file named like the model folder but outside it', { action: 's3:DeleteObject', resource: s3ObjectArn(bucket, `${job}/model.tar.gz`) }),
    denies('listing the whole output bucket', { action: 's3:ListBucket', resource: s3BucketArn(bucket) }),
    denies('listing the job\'s output folder', { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': `${job}/output/` } }),
    denies('asking for the region of another bucket', { action: 's3:GetBucketLocation', resource: s3BucketArn('example-unrelated-bucket') }),
    denies('writing a model directory in another bucket', { action: 's3:PutObject', resource: s3ObjectArn('example-unrelated-bucket', `${job}/model/checkpoint`) }),
    denies('deleting object versions in the model directory', { action: 's3:DeleteObjectVersion', resource: s3ObjectArn(bucket, `${dir}/checkpoint`) }),
  ]);
});

describe('trainingJobNamePrefix narrows the model directories to the named jobs', () => {
  const syn = synthesize(props('sagemaker-tensorflow-'), { env: true });
  simulationTable(() => syn.policies, [
    denies('reading the model directory of another team\'s job', { action: 's3:GetObject', resource: s3ObjectArn(modelDir.bucket, 'other-team-job-1/model/checkpoint') }),
    denies('deleting in the model directory of another team\'s job', { action: 's3:DeleteObject', resource: s3ObjectArn(modelDir.bucket, 'other-team-job-1/model/checkpoint') }),
    denies('listing the model directory of another team\'s job', { action: 's3:ListBucket', resource: s3BucketArn(modelDir.bucket), context: { 's3:prefix': 'other-team-job-1/model/' } }),
  ]);
});

describe('in a tuning job the container appends <training job>/model to model_dir: still inside', () => {
  const syn = synthesize(props(), { env: true });
  // aws/sagemaker-tensorflow-training-toolkit training.py:259-278; job name as SageMaker names tuning jobs' (tuner fixture).
  const tuned = `${modelDir.key}/random-240712-1545-019-4ac17a84/model`;
  simulationTable(() => syn.policies, [
    allows('writing a checkpoint of a tuning trial', { action: 's3:PutObject', resource: s3ObjectArn(modelDir.bucket, `${tuned}/model.ckpt-1.index`) }),
    allows('listing a tuning trial\'s model directory', { action: 's3:ListBucket', resource: s3BucketArn(modelDir.bucket), context: { 's3:prefix': `${tuned}/` } }),
  ]);
});
