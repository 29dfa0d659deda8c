/**
 * Checkpoints (CheckpointConfig.S3Uri): the job syncs its checkpoint prefix both ways and mirrors
 * deletions, so it reads, writes, deletes and lists there, and nowhere else.
 */
import { allows, denies } from '../util/cases';
import { fullProps, minimalProps } from '../util/fixtures';
import { s3BucketArn, s3ObjectArn, simulationTable, synthesize } from '../util/requests';

const FOREIGN_BUCKET = 'example-unrelated-bucket';

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
  { setting: 'minimizePolicies on', options: { minimizePolicies: true } },
  { setting: 'minimizePolicies off', options: { minimizePolicies: false } },
])('checkpoints of the full props, $setting', ({ options }) => {
  const syn = synthesize(fullProps, options);
  const location = syn.props.checkpointBucket!;
  const bucket = syn.value(location.bucket.bucketName);
  const prefix = location.prefix!;
  const checkpoint = `${prefix}checkpoint-epoch-3.pt`;
  const models = syn.value(syn.props.outputBucket.bucket.bucketName);

  simulationTable(() => syn.policies, [
    allows('restoring a checkpoint', { action: 's3:GetObject', resource: s3ObjectArn(bucket, checkpoint) }),
    allows('saving a checkpoint', { action: 's3:PutObject', resource: s3ObjectArn(bucket, checkpoint) }),
    allows('mirroring the deletion of a checkpoint', { action: 's3:DeleteObject', resource: s3ObjectArn(bucket, checkpoint) }),
    allows('aborting a multipart checkpoint upload', { action: 's3:AbortMultipartUpload', resource: s3ObjectArn(bucket, checkpoint) }),
    allows('listing the checkpoints', { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': prefix } }),
    allows('listing a sub-folder of the checkpoints', { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': `${prefix}rank-0/` } }),

    denies('reading the checkpoints of a sibling run', { action: 's3:GetObject', resource: s3ObjectArn(bucket, 'checkpoints/run-10/checkpoint-epoch-3.pt') }),
    denies('deleting the checkpoints of another run', { action: 's3:DeleteObject', resource: s3ObjectArn(bucket, 'checkpoints/run-2/checkpoint-epoch-3.pt') }),
    denies('writing outside the checkpoint prefix', { action: 's3:PutObject', resource: s3ObjectArn(bucket, 'checkpoint-epoch-3.pt') }),
    denies('listing the parent of the checkpoint prefix', { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': 'checkpoints/' } }),
    denies('listing a sibling run', { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': 'checkpoints/run-10/' } }),
    denies('listing the checkpoint bucket without a prefix', { action: 's3:ListBucket', resource: s3BucketArn(bucket) }),
    denies('reading the checkpoint prefix in another bucket', { action: 's3:GetObject', resource: s3ObjectArn(FOREIGN_BUCKET, checkpoint) }),
    denies('deleting the checkpoint prefix in another bucket', { action: 's3:DeleteObject', resource: s3ObjectArn(FOREIGN_BUCKET, checkpoint) }),
    denies('deleting old versions of a checkpoint', { action: 's3:DeleteObjectVersion', resource: s3ObjectArn(bucket, checkpoint) }),
    denies('deleting the model output (deletes exist only for checkpoints)', { action: 's3:DeleteObject', resource: s3ObjectArn(models, 'models/model.tar.gz') }),
  ]);
});

describe('no checkpoint location (minimal props)', () => {
  const syn = synthesize(minimalProps);
  const models = syn.value(syn.props.outputBucket.bucket.bucketName);
  const data = syn.value(syn.props.inputBuckets![0].bucket.bucketName);

  simulationTable(() => syn.policies, [
    denies('deleting in the output bucket', { action: 's3:DeleteObject', resource: s3ObjectArn(models, 'models/checkpoints/checkpoint-epoch-3.pt') }),
    denies('deleting in the input bucket', { action: 's3:DeleteObject', resource: s3ObjectArn(data, 'datasets/train/checkpoint-epoch-3.pt') }),
    denies('reading a checkpoint from the output prefix', { action: 's3:GetObject', resource: s3ObjectArn(models, 'models/checkpoints/checkpoint-epoch-3.pt') }),
  ]);
});
