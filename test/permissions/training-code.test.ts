import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TrainingCode } from '../../src';
import { arn, build, DEFAULT_OUTPUT_BUCKET, expectStatement, roleWith, statementsOf } from '../util/statements';

const OUTPUT = `:s3:::${DEFAULT_OUTPUT_BUCKET}`;
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-0000000000aa';

/** The one SourceCodeWriteDeny statement, in CloudFormation form. */
function denyOf(template: any): any {
  const statements = statementsOf(template, 'SourceCodeWriteDeny');
  expect(statements).toHaveLength(1);
  return statements[0];
}

describe('trainingCode: TrainingCode.fromSdkEstimator() (SDK v2 script mode)', () => {
  test('reads <output bucket>/<job>/source/sourcedir.tar.gz only: the SDK stages the code at the output bucket\'s root', () => {
    const { template } = roleWith(() => ({ trainingCode: TrainingCode.fromSdkEstimator() }), { env: true });
    expectStatement(template, { Sid: 'SourceCodeRead', Action: 's3:GetObject', Resource: arn(`${OUTPUT}/*/source/sourcedir.tar.gz`) });
    expect(statementsOf(template, 'SourceCodeList')).toEqual([]);
  });

  test('denies writing and deleting the code, which lies in the output bucket', () => {
    const { template } = roleWith(() => ({ trainingCode: TrainingCode.fromSdkEstimator() }), { env: true });
    expect(denyOf(template)).toEqual({
      Sid: 'SourceCodeWriteDeny',
      Effect: 'Deny',
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: arn(`${OUTPUT}/*/source/sourcedir.tar.gz`),
    });
  });

  test('puts trainingJobNamePrefix in the job folder', () => {
    const { template } = roleWith(() => ({ trainingCode: TrainingCode.fromSdkEstimator(), trainingJobNamePrefix: 'churn-' }), { env: true });
    expectStatement(template, { Sid: 'SourceCodeRead', Action: 's3:GetObject', Resource: arn(`${OUTPUT}/churn-*/source/sourcedir.tar.gz`) });
    expect(denyOf(template).Resource).toEqual(arn(`${OUTPUT}/churn-*/source/sourcedir.tar.gz`));
  });

  test('reads under code_location; no deny when the role writes nothing in that bucket', () => {
    const { template } = roleWith((stack) => ({
      trainingCode: TrainingCode.fromSdkEstimator({ codeLocation: { bucket: s3.Bucket.fromBucketName(stack, 'Code', 'example-code'), prefix: 'code' } }),
    }), { env: true });
    expectStatement(template, { Sid: 'SourceCodeRead', Action: 's3:GetObject', Resource: arn(':s3:::example-code/code/*/source/sourcedir.tar.gz') });
    expect(statementsOf(template, 'SourceCodeWriteDeny')).toEqual([]);
  });

  test('denies writing the code under a code_location in the output bucket', () => {
    const { template } = roleWith((stack) => ({
      trainingCode: TrainingCode.fromSdkEstimator({ codeLocation: { bucket: s3.Bucket.fromBucketName(stack, 'Code', DEFAULT_OUTPUT_BUCKET), prefix: 'sample-prefix/' } }),
    }), { env: true });
    expect(denyOf(template).Resource).toEqual(arn(`${OUTPUT}/sample-prefix/*/source/sourcedir.tar.gz`));
  });

  test('decrypts the code with the output key when the code is in the output bucket (the SDK encrypts it so)', () => {
    const { template } = roleWith((stack) => ({
      outputKmsKey: kms.Key.fromKeyArn(stack, 'OutKey', KEY_ARN),
      trainingCode: TrainingCode.fromSdkEstimator(),
    }), { env: true });
    expectStatement(template, {
      Sid: 'SourceCodeDecrypt',
      Action: 'kms:Decrypt',
      Resource: KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com'] } },
    });
  });

  test('refuses an S3 URI as code_location\'s prefix, naming the prop', () => {
    expect(() => build((stack) => ({
      trainingCode: TrainingCode.fromSdkEstimator({ codeLocation: { bucket: s3.Bucket.fromBucketName(stack, 'Code', 'example-code'), prefix: 's3://example-code/code' } }),
    }))).toThrow(/^trainingCode\.prefix: a prefix is the key part of an S3 URI only; .* Got: "s3:\/\/example-code\/code"\.$/);
  });

  test('refuses a wildcard in code_location\'s prefix, naming the prop', () => {
    expect(() => build((stack) => ({
      trainingCode: TrainingCode.fromSdkEstimator({ codeLocation: { bucket: s3.Bucket.fromBucketName(stack, 'Code', 'example-code'), prefix: 'code/*' } }),
    }))).toThrow(/^trainingCode\.prefix: a key prefix is matched literally/);
  });
});

describe('trainingCode: TrainingCode.fromModelTrainer() (SDK v3)', () => {
  const staging = (prefix: string, bucket = 'sagemaker-us-east-1-111122223333') => roleWith((stack) => ({
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'DefaultBucket', bucket), prefix },
    trainingCode: TrainingCode.fromModelTrainer({ stagingLocation: { bucket: s3.Bucket.fromBucketName(stack, 'Staging', bucket), prefix } }),
  }), { env: true });
  const DEFAULT_BUCKET = ':s3:::sagemaker-us-east-1-111122223333';

  test('reads the code and sm_drivers channels of each job folder', () => {
    expectStatement(staging('sample-prefix/dummy-image-job').template, {
      Sid: 'SourceCodeRead',
      Action: 's3:GetObject',
      Resource: [
        arn(`${DEFAULT_BUCKET}/sample-prefix/dummy-image-job/*/input/code/*`),
        arn(`${DEFAULT_BUCKET}/sample-prefix/dummy-image-job/*/input/sm_drivers/*`),
      ],
    });
  });

  test('lists the two channels, as SageMaker does for S3Prefix channels', () => {
    expectStatement(staging('sample-prefix/dummy-image-job').template, {
      Sid: 'SourceCodeList',
      Action: 's3:ListBucket',
      Resource: arn(DEFAULT_BUCKET),
      Condition: { StringLike: { 's3:prefix': ['sample-prefix/dummy-image-job/*/input/code*', 'sample-prefix/dummy-image-job/*/input/sm_drivers*'] } },
    });
  });

  test('denies writing the channels when they are staged under the output path', () => {
    expect(denyOf(staging('sample-prefix/dummy-image-job').template)).toEqual({
      Sid: 'SourceCodeWriteDeny',
      Effect: 'Deny',
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: [
        arn(`${DEFAULT_BUCKET}/sample-prefix/dummy-image-job/*/input/code/*`),
        arn(`${DEFAULT_BUCKET}/sample-prefix/dummy-image-job/*/input/sm_drivers/*`),
      ],
    });
  });
});

describe('trainingCode: TrainingCode.fromLocation() and sourceCodeLocation', () => {
  test('fromLocation grants what sourceCodeLocation grants', () => {
    const viaLocation = roleWith((stack) => ({ sourceCodeLocation: { bucket: s3.Bucket.fromBucketName(stack, 'Code', 'example-code'), prefix: 'code/churn/' } }), { env: true });
    const viaCode = roleWith((stack) => ({ trainingCode: TrainingCode.fromLocation({ bucket: s3.Bucket.fromBucketName(stack, 'Code', 'example-code'), prefix: 'code/churn/' }) }), { env: true });
    expect(statementsOf(viaCode.template, 'SourceCode')).toEqual(statementsOf(viaLocation.template, 'SourceCode'));
  });

  test('sourceCodeLocation in the output bucket is denied writes too', () => {
    const { template } = roleWith((stack) => ({
      sourceCodeLocation: { bucket: s3.Bucket.fromBucketName(stack, 'Code', DEFAULT_OUTPUT_BUCKET), prefix: 'code/churn/' },
    }), { env: true });
    expect(denyOf(template).Resource).toEqual(arn(`${OUTPUT}/code/churn/*`));
  });

  test('refuses trainingCode and sourceCodeLocation together', () => {
    expect(() => build((stack) => ({
      sourceCodeLocation: { bucket: s3.Bucket.fromBucketName(stack, 'Code', 'example-code') },
      trainingCode: TrainingCode.fromSdkEstimator(),
    }))).toThrow(/^trainingCode: both name the training code; give trainingCode only .* Got: "given with sourceCodeLocation"\.$/);
  });
});
