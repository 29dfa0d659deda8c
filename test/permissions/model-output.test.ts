import { CfnParameter } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  allStatements, arn, expectStatement, logicalIdOf, ref, roleWith, statementsOf,
} from '../util/statements';

const MODELS = 'example-models';

describe('model output (SPEC: output location)', () => {
  test('grants s3:PutObject and s3:AbortMultipartUpload under the output prefix of a created bucket', () => {
    const { template } = roleWith((stack) => ({
      outputBucket: { bucket: new s3.Bucket(stack, 'Output'), prefix: 'models/' },
    }));
    const bucket = logicalIdOf(template, 'AWS::S3::Bucket', 'Output');
    expectStatement(template, {
      Sid: 'ModelOutputWrite',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
      Resource: arn(':s3:::', ref(bucket), '/models/*'),
    });
  });

  test('writes anywhere in the bucket when the output has no prefix', () => {
    const { template } = roleWith((stack) => ({
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Output', MODELS) },
    }), { env: true });
    expectStatement(template, {
      Sid: 'ModelOutputWrite',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
      Resource: arn(`:s3:::${MODELS}/*`),
    });
  });

  test('grants no list, read or delete on the output location', () => {
    const { template } = roleWith((stack) => ({
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Output', MODELS), prefix: 'models/' },
    }), { env: true });
    const onOutput = allStatements(template)
      .filter((s) => JSON.stringify(s.Resource).includes(MODELS));
    expect(onOutput.map((s) => s.Sid)).toEqual(['ModelOutputWrite']);
  });

  test('is one statement whatever else the role holds', () => {
    const { template } = roleWith((stack) => {
      const bucket = s3.Bucket.fromBucketName(stack, 'Output', MODELS);
      return {
        outputBucket: { bucket, prefix: 'models/' },
        inputBuckets: [{ bucket, prefix: 'datasets/' }],
      };
    }, { env: true });
    expect(statementsOf(template, 'ModelOutputWrite')).toHaveLength(1);
  });

  test('an output prefix from a parameter appears as Ref of the parameter', () => {
    const { template } = roleWith((stack) => {
      const prefix = new CfnParameter(stack, 'OutputPrefix');
      return { outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Output', MODELS), prefix: prefix.valueAsString } };
    }, { env: true });
    expectStatement(template, {
      Sid: 'ModelOutputWrite',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
      Resource: arn(`:s3:::${MODELS}/`, ref('OutputPrefix'), '*'),
    });
  });

  test('without a key, the output gets no KMS statement', () => {
    const { template } = roleWith((stack) => ({
      outputBucket: { bucket: new s3.Bucket(stack, 'Output', { encryption: s3.BucketEncryption.S3_MANAGED }) },
    }));
    expect(statementsOf(template, 'ModelOutputEncrypt')).toEqual([]);
  });
});
