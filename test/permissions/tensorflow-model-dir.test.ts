import { CfnParameter } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TensorFlowModelDir } from '../../src';
import { arn, build, DEFAULT_OUTPUT_BUCKET, expectStatement, roleWith, statementsOf } from '../util/statements';

const MODEL_DIR_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];
const OUTPUT = `:s3:::${DEFAULT_OUTPUT_BUCKET}`;

describe('tensorFlowModelDir (SDK v2 TensorFlow estimator model_dir)', () => {
  describe('underOutput(): the SDK default <output path>/<job name>/model', () => {
    test('grants s3:GetBucketLocation on the output bucket', () => {
      const { template } = roleWith(() => ({ tensorFlowModelDir: TensorFlowModelDir.underOutput() }), { env: true });
      expectStatement(template, { Sid: 'ModelDirBucketLocation', Action: 's3:GetBucketLocation', Resource: arn(OUTPUT) });
    });

    test('grants read, write, delete and abort in the model folder of each job folder of the output', () => {
      const { template } = roleWith(() => ({ tensorFlowModelDir: TensorFlowModelDir.underOutput() }), { env: true });
      expectStatement(template, { Sid: 'ModelDirReadWrite', Action: MODEL_DIR_ACTIONS, Resource: arn(`${OUTPUT}/models/*/model/*`) });
    });

    test('lists only the model folders', () => {
      const { template } = roleWith(() => ({ tensorFlowModelDir: TensorFlowModelDir.underOutput() }), { env: true });
      expectStatement(template, {
        Sid: 'ModelDirList',
        Action: 's3:ListBucket',
        Resource: arn(OUTPUT),
        Condition: { StringLike: { 's3:prefix': ['models/*/model', 'models/*/model/*'] } },
      });
    });

    test('puts trainingJobNamePrefix after the output prefix', () => {
      const { template } = roleWith(() => ({ tensorFlowModelDir: TensorFlowModelDir.underOutput(), trainingJobNamePrefix: 'tf-' }), { env: true });
      expectStatement(template, { Sid: 'ModelDirReadWrite', Action: MODEL_DIR_ACTIONS, Resource: arn(`${OUTPUT}/models/tf-*/model/*`) });
    });

    test('joins an output prefix without a trailing slash with one, as SageMaker and the SDK do', () => {
      const { template } = roleWith((stack) => ({
        outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Out', 'example-out'), prefix: 'runs' },
        tensorFlowModelDir: TensorFlowModelDir.underOutput(),
      }), { env: true });
      expectStatement(template, { Sid: 'ModelDirReadWrite', Action: MODEL_DIR_ACTIONS, Resource: arn(':s3:::example-out/runs/*/model/*') });
    });

    test('covers a whole-bucket output as <job>/model', () => {
      const { template } = roleWith((stack) => ({
        outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Out', 'example-out') },
        tensorFlowModelDir: TensorFlowModelDir.underOutput(),
      }), { env: true });
      expectStatement(template, { Sid: 'ModelDirReadWrite', Action: MODEL_DIR_ACTIONS, Resource: arn(':s3:::example-out/*/model/*') });
    });

    test('keeps an unresolved output prefix as it is, the job folders after it', () => {
      const { template, stack } = roleWith((s) => ({
        outputBucket: { bucket: s3.Bucket.fromBucketName(s, 'Out', 'example-out'), prefix: new CfnParameter(s, 'Prefix').valueAsString },
        tensorFlowModelDir: TensorFlowModelDir.underOutput(),
      }), { env: true });
      expect(stack.resolve(statementsOf(template, 'ModelDirReadWrite')[0].Resource)).toEqual(
        arn(':s3:::example-out/', { Ref: 'Prefix' }, '*/model/*'));
    });

    test('uses the output location\'s key through S3', () => {
      const { template, stack } = roleWith((s) => ({
        outputBucket: { bucket: s3.Bucket.fromBucketName(s, 'Out', 'example-out'), prefix: 'm/', encryptionKey: new kms.Key(s, 'OutKey') },
        tensorFlowModelDir: TensorFlowModelDir.underOutput(),
      }), { env: true });
      const [statement] = statementsOf(template, 'ModelDirKeyUse');
      expect(statement.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
      expect(statement.Condition).toEqual({ StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com'] } });
      expect(stack.resolve(statement.Resource)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^OutKey/), 'Arn'] });
    });
  });

  describe('fromLocation(): a model_dir given to the estimator', () => {
    test('grants read, write, delete and abort under the prefix, listing narrowed to it', () => {
      const { template } = roleWith((stack) => ({
        tensorFlowModelDir: TensorFlowModelDir.fromLocation({ bucket: s3.Bucket.fromBucketName(stack, 'Tf', 'example-tf'), prefix: 'model-dirs/resnet/' }),
      }), { env: true });
      expectStatement(template, { Sid: 'ModelDirBucketLocation', Action: 's3:GetBucketLocation', Resource: arn(':s3:::example-tf') });
      expectStatement(template, { Sid: 'ModelDirReadWrite', Action: MODEL_DIR_ACTIONS, Resource: arn(':s3:::example-tf/model-dirs/resnet/*') });
      expectStatement(template, {
        Sid: 'ModelDirList',
        Action: 's3:ListBucket',
        Resource: arn(':s3:::example-tf'),
        Condition: { StringLike: { 's3:prefix': ['model-dirs/resnet/*'] } },
      });
    });

    test('lists a whole-bucket model_dir without a condition', () => {
      const { template } = roleWith((stack) => ({
        tensorFlowModelDir: TensorFlowModelDir.fromLocation({ bucket: s3.Bucket.fromBucketName(stack, 'Tf', 'example-tf') }),
      }), { env: true });
      expectStatement(template, { Sid: 'ModelDirList', Action: 's3:ListBucket', Resource: arn(':s3:::example-tf') });
    });

    test('refuses an S3 URI as the prefix, naming the prop', () => {
      expect(() => build((stack) => ({
        tensorFlowModelDir: TensorFlowModelDir.fromLocation({ bucket: s3.Bucket.fromBucketName(stack, 'Tf', 'example-tf'), prefix: 's3://example-tf/model' }),
      }))).toThrow(/^tensorFlowModelDir\.prefix: a prefix is the key part of an S3 URI only; .* Got: "s3:\/\/example-tf\/model"\.$/);
    });

    test('refuses an HTTP URL as the prefix, naming the prop', () => {
      expect(() => build((stack) => ({
        tensorFlowModelDir: TensorFlowModelDir.fromLocation({ bucket: s3.Bucket.fromBucketName(stack, 'Tf', 'example-tf'), prefix: 'https://example-tf.s3.amazonaws.com/model' }),
      }))).toThrow(/^tensorFlowModelDir\.prefix: a prefix is the key part of an S3 URI only/);
    });

    test('refuses a wildcard in the prefix, naming the prop', () => {
      expect(() => build((stack) => ({
        tensorFlowModelDir: TensorFlowModelDir.fromLocation({ bucket: s3.Bucket.fromBucketName(stack, 'Tf', 'example-tf'), prefix: 'models/*/model' }),
      }))).toThrow(/^tensorFlowModelDir\.prefix: a key prefix is matched literally .* Got: "models\/\*\/model"\.$/);
    });

    test('accepts a bucket in another region: the container asks for its region', () => {
      const { template } = roleWith((stack) => ({
        tensorFlowModelDir: TensorFlowModelDir.fromLocation({
          bucket: s3.Bucket.fromBucketAttributes(stack, 'Tf', { bucketName: 'example-tf', region: 'eu-west-1' }),
        }),
      }), { env: true });
      expectStatement(template, { Sid: 'ModelDirBucketLocation', Action: 's3:GetBucketLocation', Resource: arn(':s3:::example-tf') });
    });

    test('refuses an encrypted bucket in another region, naming the prop: keys are used through this region\'s S3', () => {
      expect(() => build((stack) => ({
        tensorFlowModelDir: TensorFlowModelDir.fromLocation({
          bucket: s3.Bucket.fromBucketAttributes(stack, 'Tf', { bucketName: 'example-tf', region: 'eu-west-1' }),
          encryptionKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
        }),
      }), { env: true })).toThrow(/^tensorFlowModelDir\.bucket: TensorFlow may keep its model_dir in another region, but this location has an SSE-KMS key/);
    });

    test('refuses a model_dir covering an input: TensorFlow deletes in it', () => {
      expect(() => build((stack) => {
        const data = s3.Bucket.fromBucketName(stack, 'Data', 'example-data');
        return {
          inputBuckets: [{ bucket: data, prefix: 'datasets/train/' }],
          tensorFlowModelDir: TensorFlowModelDir.fromLocation({ bucket: data, prefix: 'datasets/' }),
        };
      })).toThrow(/^tensorFlowModelDir: the model directory covers the input location inputBuckets\[0\]/);
    });
  });

  test('without tensorFlowModelDir, nothing grants s3:GetBucketLocation', () => {
    const { template } = roleWith();
    expect(statementsOf(template, 'ModelDirBucketLocation')).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toContain('s3:GetBucketLocation');
  });
});
