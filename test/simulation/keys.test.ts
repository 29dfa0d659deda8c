/**
 * KMS keys: each key is usable only for its purpose, only through the service that needs it
 * (`kms:ViaService`), never directly. Requests carry the key's own key policy, so IAM's rule that
 * a key policy must delegate to the account applies as it does in AWS.
 */
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRoleProps } from '../../src';
import { allows, denies } from '../util/cases';
import { fullProps, importedProps } from '../util/fixtures';
import { Case, defaultKeyPolicy, kmsKeyArn, OTHER_REGION, SimRequest, simulationTable, synthesize, Synthesized, via } from '../util/requests';
import { TEST_ENV } from '../util/resolve';

/** A KMS request on `key`, evaluated with the key's own key policy. */
function onKey(syn: Synthesized, key: kms.IKey, action: string, context: Record<string, string> = {}): SimRequest {
  return { action, resource: syn.value(key.keyArn), context, resourcePolicy: syn.keyPolicy(key) };
}

/** The same request on a key the role was never given, in the same account. */
function onOtherKey(action: string, context: Record<string, string>): SimRequest {
  return {
    action,
    resource: kmsKeyArn('0000aaaa-00aa-00aa-00aa-000000000000'),
    context,
    resourcePolicy: defaultKeyPolicy(TEST_ENV.account),
  };
}

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('keys of the full props, $setting', ({ options }) => {
  const syn = synthesize(fullProps, options);
  const dataKey = syn.props.inputBuckets![0].bucket.encryptionKey!;
  const outputKey = syn.props.outputKmsKey!;
  const volumeKey = syn.props.volumeKmsKey!;
  const checkpointKey = syn.props.checkpointBucket!.bucket.encryptionKey!;

  const cases: Case[] = [
    // Training data key: decrypt through S3 only.
    allows('S3 decrypting training data', onKey(syn, dataKey, 'kms:Decrypt', via('s3'))),
    denies('decrypting with the data key directly', onKey(syn, dataKey, 'kms:Decrypt')),
    denies('decrypting with the data key through SageMaker', onKey(syn, dataKey, 'kms:Decrypt', via('sagemaker'))),
    denies('decrypting with the data key through EC2', onKey(syn, dataKey, 'kms:Decrypt', via('ec2'))),
    denies('decrypting with the data key through S3 of another region', onKey(syn, dataKey, 'kms:Decrypt', via('s3', OTHER_REGION))),
    denies('S3 generating data keys with the read-only data key', onKey(syn, dataKey, 'kms:GenerateDataKey', via('s3'))),
    denies('S3 encrypting with the read-only data key', onKey(syn, dataKey, 'kms:Encrypt', via('s3'))),
    denies('re-encrypting with the data key', onKey(syn, dataKey, 'kms:ReEncryptFrom', via('s3'))),

    // Output key: S3 (uploads, multipart) and SageMaker.
    allows('S3 generating a data key for an artifact upload', onKey(syn, outputKey, 'kms:GenerateDataKey', via('s3'))),
    allows('S3 decrypting to complete a multipart upload', onKey(syn, outputKey, 'kms:Decrypt', via('s3'))),
    allows('S3 encrypting the artifact', onKey(syn, outputKey, 'kms:Encrypt', via('s3'))),
    allows('SageMaker encrypting the artifact', onKey(syn, outputKey, 'kms:Encrypt', via('sagemaker'))),
    allows('SageMaker generating a data key for the artifact', onKey(syn, outputKey, 'kms:GenerateDataKey', via('sagemaker'))),
    denies('generating data keys with the output key directly', onKey(syn, outputKey, 'kms:GenerateDataKey')),
    denies('encrypting with the output key directly', onKey(syn, outputKey, 'kms:Encrypt')),
    denies('using the output key through EC2', onKey(syn, outputKey, 'kms:GenerateDataKey', via('ec2'))),
    denies('using the output key through SageMaker of another region', onKey(syn, outputKey, 'kms:Encrypt', via('sagemaker', OTHER_REGION))),
    denies('generating data keys without plaintext (no GenerateDataKey* wildcard)', onKey(syn, outputKey, 'kms:GenerateDataKeyWithoutPlaintext', via('s3'))),
    denies('re-encrypting to the output key', onKey(syn, outputKey, 'kms:ReEncryptTo', via('s3'))),
    denies('creating grants on the output key', onKey(syn, outputKey, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' })),

    // Volume key: grants for AWS resources only.
    allows('SageMaker creating a grant for the volumes', onKey(syn, volumeKey, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' })),
    denies('creating a grant for a principal that is not an AWS resource', onKey(syn, volumeKey, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'false' })),
    denies('creating a grant without kms:GrantIsForAWSResource', onKey(syn, volumeKey, 'kms:CreateGrant')),
    denies('decrypting with the volume key', onKey(syn, volumeKey, 'kms:Decrypt', via('s3'))),
    denies('generating data keys with the volume key', onKey(syn, volumeKey, 'kms:GenerateDataKey', via('s3'))),

    // Checkpoint key: read and write through S3.
    allows('S3 decrypting a checkpoint', onKey(syn, checkpointKey, 'kms:Decrypt', via('s3'))),
    allows('S3 generating a data key for a checkpoint', onKey(syn, checkpointKey, 'kms:GenerateDataKey', via('s3'))),
    denies('decrypting with the checkpoint key directly', onKey(syn, checkpointKey, 'kms:Decrypt')),
    denies('using the checkpoint key through SageMaker', onKey(syn, checkpointKey, 'kms:GenerateDataKey', via('sagemaker'))),
    denies('creating grants on the checkpoint key', onKey(syn, checkpointKey, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' })),

    // A key the role was never given.
    denies('S3 decrypting with another key', onOtherKey('kms:Decrypt', via('s3'))),
    denies('S3 generating data keys with another key', onOtherKey('kms:GenerateDataKey', via('s3'))),
    denies('creating grants on another key', onOtherKey('kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' })),
  ];
  simulationTable(() => syn.policies, cases);
});

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('an imported key on the input and the output, $setting', ({ options }) => {
  const syn = synthesize(importedProps, options);
  const key = syn.props.outputKmsKey!;

  simulationTable(() => syn.policies, [
    allows('S3 decrypting training data', onKey(syn, key, 'kms:Decrypt', via('s3'))),
    allows('S3 generating a data key for an artifact upload', onKey(syn, key, 'kms:GenerateDataKey', via('s3'))),
    allows('SageMaker encrypting the artifact', onKey(syn, key, 'kms:Encrypt', via('sagemaker'))),
    denies('decrypting with the key directly', onKey(syn, key, 'kms:Decrypt')),
    denies('using the key through EC2', onKey(syn, key, 'kms:GenerateDataKey', via('ec2'))),
    denies('creating grants on the key (no volume key given)', onKey(syn, key, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' })),
    denies('S3 decrypting with another key', onOtherKey('kms:Decrypt', via('s3'))),
  ]);
});

/** The output key is the output bucket's own key when `outputKmsKey` is not given. */
function outputBucketKeyProps(stack: Stack): SageMakerTrainingRoleProps {
  const bucketKey = new kms.Key(stack, 'ModelBucketKey');
  return {
    outputBucket: { bucket: new s3.Bucket(stack, 'ModelBucket', { encryptionKey: bucketKey }), prefix: 'models/' },
  };
}

describe('the output bucket\'s key when no outputKmsKey is given', () => {
  const syn = synthesize(outputBucketKeyProps, { env: true });
  const key = syn.props.outputBucket.bucket.encryptionKey!;

  simulationTable(() => syn.policies, [
    allows('S3 generating a data key for an artifact upload', onKey(syn, key, 'kms:GenerateDataKey', via('s3'))),
    allows('S3 decrypting to complete a multipart upload', onKey(syn, key, 'kms:Decrypt', via('s3'))),
    denies('generating data keys with the bucket key directly', onKey(syn, key, 'kms:GenerateDataKey')),
    denies('S3 generating data keys with another key', onOtherKey('kms:GenerateDataKey', via('s3'))),
  ]);
});
