/**
 * JumpStart training (the request of `test/fixtures/launchers/sdk-v2-jumpstart.json`, which the
 * SDK builds for us-west-2; here in the test environment's region): the job reads the dataset, the
 * pre-trained model and the training script from AWS's JumpStart bucket of its region, and writes
 * nothing there.
 */
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRoleProps } from '../../src';
import { allows, denies } from '../util/cases';
import { channelUri, hyperparameter, launcherRequest, parseS3 } from '../util/launchers';
import { s3BucketArn, s3ObjectArn, simulationTable, synthesize } from '../util/requests';
import { TEST_ENV } from '../util/resolve';

const request = launcherRequest('sdk-v2-jumpstart');
const dataset = parseS3(channelUri(request, 'training'));
const model = parseS3(channelUri(request, 'model'));
const script = parseS3(hyperparameter(request, 'sagemaker_submit_directory')!);
const output = parseS3(request.OutputDataConfig.S3OutputPath);
const PUBLIC = `jumpstart-cache-prod-${TEST_ENV.region}`;
const PRIVATE = `jumpstart-private-cache-prod-${TEST_ENV.region}`;

function props(gatedModels?: boolean) {
  return (stack: Stack): SageMakerTrainingRoleProps => ({
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Output', output.bucket), prefix: output.key },
    jumpStart: { gatedModels },
  });
}

test('the fixture reads all three from the JumpStart bucket of its region', () => {
  expect([dataset.bucket, model.bucket, script.bucket]).toEqual(Array(3).fill('jumpstart-cache-prod-us-west-2'));
});

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('a JumpStart role in $setting', ({ options }) => {
  const syn = synthesize(props(), options);
  simulationTable(() => syn.policies, [
    allows('SageMaker listing the dataset channel', { action: 's3:ListBucket', resource: s3BucketArn(PUBLIC), context: { 's3:prefix': dataset.key } }),
    allows('SageMaker downloading the dataset', { action: 's3:GetObject', resource: s3ObjectArn(PUBLIC, `${dataset.key}train.csv`) }),
    allows('SageMaker downloading the pre-trained model', { action: 's3:GetObject', resource: s3ObjectArn(PUBLIC, model.key) }),
    allows('the container downloading the training script', { action: 's3:GetObject', resource: s3ObjectArn(PUBLIC, script.key) }),
    denies('writing to the JumpStart bucket', { action: 's3:PutObject', resource: s3ObjectArn(PUBLIC, model.key) }),
    denies('deleting from the JumpStart bucket', { action: 's3:DeleteObject', resource: s3ObjectArn(PUBLIC, model.key) }),
    denies('reading the JumpStart bucket of another region', { action: 's3:GetObject', resource: s3ObjectArn('jumpstart-cache-prod-eu-west-1', model.key) }),
    denies('reading a look-alike bucket', { action: 's3:GetObject', resource: s3ObjectArn(`${PUBLIC}-copy`, model.key) }),
    denies('reading gated models without gatedModels', { action: 's3:GetObject', resource: s3ObjectArn(PRIVATE, 'meta-textgeneration/model.tar.gz') }),
    denies('reading the bucket\'s policy', { action: 's3:GetBucketPolicy', resource: s3BucketArn(PUBLIC) }),
  ]);
});

describe('a JumpStart role for gated models', () => {
  const syn = synthesize(props(true), { env: true });
  simulationTable(() => syn.policies, [
    allows('reading a gated model (SageMakerGatedModelS3Uri)', { action: 's3:GetObject', resource: s3ObjectArn(PRIVATE, 'meta-textgeneration/model.tar.gz') }),
    allows('listing the gated model bucket', { action: 's3:ListBucket', resource: s3BucketArn(PRIVATE), context: { 's3:prefix': 'meta-textgeneration/' } }),
    denies('writing a gated model', { action: 's3:PutObject', resource: s3ObjectArn(PRIVATE, 'meta-textgeneration/model.tar.gz') }),
  ]);
});
