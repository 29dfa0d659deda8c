/**
 * Model output (OutputDataConfig.S3OutputPath): the job uploads its artifacts under the output
 * prefix, in one or several parts, and does nothing else there: no read, no listing, no delete.
 */
import { allows, denies } from '../util/cases';
import { fullProps, importedProps, minimalProps } from '../util/fixtures';
import { Case, s3BucketArn, s3ObjectArn, simulationTable, synthesize } from '../util/requests';

const FOREIGN_BUCKET = 'example-unrelated-bucket';

/** The requests around the output location `s3://bucket/prefix` (prefix ending in `/`). */
function outputLocationCases(bucket: string, prefix: string): Case[] {
  const artifact = `${prefix}job-2024-01-01/output/model.tar.gz`;
  const at = `s3://${bucket}/${prefix}`;
  return [
    allows(`uploading the model artifact to ${at}`, { action: 's3:PutObject', resource: s3ObjectArn(bucket, artifact) }),
    allows(`aborting a multipart upload to ${at}`, { action: 's3:AbortMultipartUpload', resource: s3ObjectArn(bucket, artifact) }),
    allows(`uploading the debugger output to ${at}`, { action: 's3:PutObject', resource: s3ObjectArn(bucket, `${prefix}job-2024-01-01/debug-output/index.json`) }),

    denies(`reading back the output of ${at}`, { action: 's3:GetObject', resource: s3ObjectArn(bucket, artifact) }),
    denies(`deleting the output of ${at}`, { action: 's3:DeleteObject', resource: s3ObjectArn(bucket, artifact) }),
    denies(`changing the ACL of the output of ${at}`, { action: 's3:PutObjectAcl', resource: s3ObjectArn(bucket, artifact) }),
    denies(`listing the output prefix of ${at}`, { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': prefix } }),
    denies(`listing the output bucket of ${at} without a prefix`, { action: 's3:ListBucket', resource: s3BucketArn(bucket) }),
    denies(`uploading to a sibling prefix of ${at}`, { action: 's3:PutObject', resource: s3ObjectArn(bucket, `${prefix.slice(0, -1)}-archive/model.tar.gz`) }),
    denies(`uploading to another prefix of the bucket of ${at}`, { action: 's3:PutObject', resource: s3ObjectArn(bucket, 'releases/model.tar.gz') }),
    denies(`uploading to the bucket root of ${at}`, { action: 's3:PutObject', resource: s3ObjectArn(bucket, 'model.tar.gz') }),
    denies(`uploading to another bucket than ${at}`, { action: 's3:PutObject', resource: s3ObjectArn(FOREIGN_BUCKET, artifact) }),
  ];
}

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
  { setting: 'minimizePolicies on', options: { minimizePolicies: true } },
  { setting: 'minimizePolicies off', options: { minimizePolicies: false } },
])('model output of the full props, $setting', ({ options }) => {
  const syn = synthesize(fullProps, options);
  const output = syn.props.outputBucket;
  const models = syn.value(output.bucket.bucketName);
  const data = syn.value(syn.props.inputBuckets![0].bucket.bucketName);

  simulationTable(() => syn.policies, [
    ...outputLocationCases(models, output.prefix!),
    denies('uploading the artifact into an input location', { action: 's3:PutObject', resource: s3ObjectArn(data, 'datasets/train/model.tar.gz') }),
  ]);
});

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('model output of the imported props, $setting', ({ options }) => {
  const syn = synthesize(importedProps, options);
  const output = syn.props.outputBucket;
  simulationTable(() => syn.policies, outputLocationCases(syn.value(output.bucket.bucketName), output.prefix!));
});

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('model output of the minimal props, $setting', ({ options }) => {
  const syn = synthesize(minimalProps, options);
  const output = syn.props.outputBucket;
  const data = syn.value(syn.props.inputBuckets![0].bucket.bucketName);
  simulationTable(() => syn.policies, [
    ...outputLocationCases(syn.value(output.bucket.bucketName), output.prefix!),
    denies('deleting training data', { action: 's3:DeleteObject', resource: s3ObjectArn(data, 'datasets/train/part-0001.csv') }),
  ]);
});
