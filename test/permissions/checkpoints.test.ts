import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  arn, expectStatement, logicalIdOf, ref, roleWith, statementsOf,
} from '../util/statements';

const CHECKPOINTS = 'example-checkpoints';
const SYNC_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];

describe('checkpoints (SPEC: checkpoint location)', () => {
  test('grants read, write, delete and abort under the checkpoint prefix of a created bucket', () => {
    const { template } = roleWith((stack) => ({
      checkpointBucket: { bucket: new s3.Bucket(stack, 'Checkpoints'), prefix: 'checkpoints/run-1/' },
    }));
    const bucket = logicalIdOf(template, 'AWS::S3::Bucket', 'Checkpoints');
    expectStatement(template, {
      Sid: 'CheckpointSync',
      Action: SYNC_ACTIONS,
      Resource: arn(':s3:::', ref(bucket), '/checkpoints/run-1/*'),
    });
  });

  test('grants s3:ListBucket on the checkpoint bucket with StringLike s3:prefix = prefix*', () => {
    const { template } = roleWith((stack) => ({
      checkpointBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Checkpoints', CHECKPOINTS), prefix: 'checkpoints/run-1/' },
    }), { env: true });
    expectStatement(template, {
      Sid: 'CheckpointList',
      Action: 's3:ListBucket',
      Resource: arn(`:s3:::${CHECKPOINTS}`),
      Condition: { StringLike: { 's3:prefix': ['checkpoints/run-1/*'] } },
    });
  });

  test('lists a whole-bucket checkpoint location without a condition', () => {
    const { template } = roleWith((stack) => ({
      checkpointBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Checkpoints', CHECKPOINTS) },
    }), { env: true });
    expectStatement(template, { Sid: 'CheckpointSync', Action: SYNC_ACTIONS, Resource: arn(`:s3:::${CHECKPOINTS}/*`) });
    expectStatement(template, { Sid: 'CheckpointList', Action: 's3:ListBucket', Resource: arn(`:s3:::${CHECKPOINTS}`) });
  });

  test('without checkpointBucket, no checkpoint statement exists and nothing grants s3:DeleteObject', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', 'example-data'), prefix: 'a/' }],
    }));
    expect(statementsOf(template, 'CheckpointSync')).toEqual([]);
    expect(statementsOf(template, 'CheckpointList')).toEqual([]);
    expect(statementsOf(template, 'CheckpointKeyUse')).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toContain('s3:DeleteObject');
  });
});
