/**
 * Training data (InputDataConfig S3 channels): the job lists and reads every object under each
 * input prefix, and nothing else; it never writes or deletes an input.
 */
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRoleProps } from '../../src';
import { allows, denies } from '../util/cases';
import { fullProps, importedProps, minimalProps } from '../util/fixtures';
import { Case, s3BucketArn, s3ObjectArn, simulationTable, synthesize } from '../util/requests';

const FOREIGN_BUCKET = 'example-unrelated-bucket';

/** The requests around one input location `s3://bucket/prefix` (prefix ending in `/`). */
function inputLocationCases(bucket: string, prefix: string): Case[] {
  const at = `s3://${bucket}/${prefix}`;
  const sibling = `${prefix.slice(0, -1)}ing-extra/`;
  const parent = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
  return [
    allows(`reading an object of ${at}`, { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${prefix}part-0001.csv`) }),
    allows(`reading a nested object of ${at}`, { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${prefix}shard=3/day=1/part-0001.parquet`) }),
    allows(`listing ${at}`, { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': prefix } }),
    allows(`listing a sub-folder of ${at}`, { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': `${prefix}shard=3/` } }),

    denies(`reading a sibling prefix of ${at}`, { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${sibling}part-0001.csv`) }),
    denies(`reading another prefix of the bucket of ${at}`, { action: 's3:GetObject', resource: s3ObjectArn(bucket, 'secrets/credentials.json') }),
    denies(`reading the bucket root of ${at}`, { action: 's3:GetObject', resource: s3ObjectArn(bucket, 'manifest.json') }),
    denies(`reading the same key in another bucket than ${at}`, { action: 's3:GetObject', resource: s3ObjectArn(FOREIGN_BUCKET, `${prefix}part-0001.csv`) }),
    denies(`reading an old version under ${at}`, { action: 's3:GetObjectVersion', resource: s3ObjectArn(bucket, `${prefix}part-0001.csv`) }),
    denies(`writing into input ${at}`, { action: 's3:PutObject', resource: s3ObjectArn(bucket, `${prefix}part-0001.csv`) }),
    denies(`deleting from input ${at}`, { action: 's3:DeleteObject', resource: s3ObjectArn(bucket, `${prefix}part-0001.csv`) }),
    denies(`listing a sibling prefix of ${at}`, { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': sibling } }),
    denies(`listing the parent prefix of ${at}`, { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': parent } }),
    denies(`listing the bucket of ${at} without a prefix`, { action: 's3:ListBucket', resource: s3BucketArn(bucket) }),
    denies(`listing another bucket with the prefix of ${at}`, { action: 's3:ListBucket', resource: s3BucketArn(FOREIGN_BUCKET), context: { 's3:prefix': prefix } }),
  ];
}

// The full props under every setting that could change the rendered policies: environment-agnostic
// or not, and both values of `@aws-cdk/aws-iam:minimizePolicies`.
describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
  { setting: 'minimizePolicies on', options: { minimizePolicies: true } },
  { setting: 'minimizePolicies off', options: { minimizePolicies: false } },
])('training data of the full props, $setting', ({ options }) => {
  const syn = synthesize(fullProps, options);
  const [train, validation, features] = syn.props.inputBuckets!;
  const data = syn.value(train.bucket.bucketName);
  const featureBucket = syn.value(features.bucket.bucketName);
  const models = syn.value(syn.props.outputBucket.bucket.bucketName);

  simulationTable(() => syn.policies, [
    ...inputLocationCases(data, train.prefix!),
    ...inputLocationCases(data, validation.prefix!),
    ...inputLocationCases(featureBucket, features.prefix!),
    denies('reading the input prefix in the output bucket', { action: 's3:GetObject', resource: s3ObjectArn(models, 'datasets/train/part-0001.csv') }),
    denies('reading another version prefix of the feature bucket', { action: 's3:GetObject', resource: s3ObjectArn(featureBucket, 'features/v2/part-0001.parquet') }),
    denies('listing the input prefix in the output bucket', { action: 's3:ListBucket', resource: s3BucketArn(models), context: { 's3:prefix': 'datasets/train/' } }),
  ]);
});

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('training data of the imported props, $setting', ({ options }) => {
  const syn = synthesize(importedProps, options);
  const [input] = syn.props.inputBuckets!;
  simulationTable(() => syn.policies, inputLocationCases(syn.value(input.bucket.bucketName), input.prefix!));
});

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('training data of the minimal props, $setting', ({ options }) => {
  const syn = synthesize(minimalProps, options);
  const [input] = syn.props.inputBuckets!;
  simulationTable(() => syn.policies, inputLocationCases(syn.value(input.bucket.bucketName), input.prefix!));
});

/** Minimal props whose one input has another prefix. */
function withInputPrefix(prefix: string | undefined): (stack: Stack) => SageMakerTrainingRoleProps {
  return (stack) => ({
    inputBuckets: [{ bucket: new s3.Bucket(stack, 'DataBucket'), prefix }],
    outputBucket: { bucket: new s3.Bucket(stack, 'ModelBucket'), prefix: 'models/' },
  });
}

describe('an input prefix without a trailing slash (SageMaker S3Prefix semantics)', () => {
  const syn = synthesize(withInputPrefix('datasets/train'));
  const data = syn.value(syn.props.inputBuckets![0].bucket.bucketName);

  simulationTable(() => syn.policies, [
    allows('reading the folder named by the prefix', { action: 's3:GetObject', resource: s3ObjectArn(data, 'datasets/train/part-0001.csv') }),
    allows('reading a folder the prefix string also starts', { action: 's3:GetObject', resource: s3ObjectArn(data, 'datasets/training/part-0001.csv') }),
    allows('listing with the prefix as given', { action: 's3:ListBucket', resource: s3BucketArn(data), context: { 's3:prefix': 'datasets/train' } }),
    allows('listing a folder the prefix string also starts', { action: 's3:ListBucket', resource: s3BucketArn(data), context: { 's3:prefix': 'datasets/training/' } }),
    denies('reading a key the prefix string does not start', { action: 's3:GetObject', resource: s3ObjectArn(data, 'datasets/test/part-0001.csv') }),
    denies('listing a shorter prefix', { action: 's3:ListBucket', resource: s3BucketArn(data), context: { 's3:prefix': 'datasets/tra' } }),
  ]);
});

describe('an input covering the whole bucket (no prefix)', () => {
  const syn = synthesize(withInputPrefix(undefined));
  const data = syn.value(syn.props.inputBuckets![0].bucket.bucketName);

  simulationTable(() => syn.policies, [
    allows('reading any object of the bucket', { action: 's3:GetObject', resource: s3ObjectArn(data, 'anything/at/all.csv') }),
    allows('listing the bucket without a prefix', { action: 's3:ListBucket', resource: s3BucketArn(data) }),
    allows('listing the bucket with any prefix', { action: 's3:ListBucket', resource: s3BucketArn(data), context: { 's3:prefix': 'anything/' } }),
    denies('writing into the input bucket', { action: 's3:PutObject', resource: s3ObjectArn(data, 'anything/at/all.csv') }),
    denies('deleting from the input bucket', { action: 's3:DeleteObject', resource: s3ObjectArn(data, 'anything/at/all.csv') }),
    denies('reading another bucket', { action: 's3:GetObject', resource: s3ObjectArn(FOREIGN_BUCKET, 'anything/at/all.csv') }),
    denies('listing another bucket', { action: 's3:ListBucket', resource: s3BucketArn(FOREIGN_BUCKET) }),
  ]);
});
