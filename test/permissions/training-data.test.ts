import { CfnParameter, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  arn, expectStatement, logicalIdOf, ref, roleWith, statementsOf,
} from '../util/statements';

const DATA = 'example-training-data';

describe('training data (SPEC: each input location)', () => {
  test('grants s3:GetObject on every object under the prefix of a created bucket', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [{ bucket: new s3.Bucket(stack, 'Data'), prefix: 'datasets/train/' }],
    }));
    const bucket = logicalIdOf(template, 'AWS::S3::Bucket', 'Data');
    expectStatement(template, {
      Sid: 'TrainingDataRead',
      Action: 's3:GetObject',
      Resource: arn(':s3:::', ref(bucket), '/datasets/train/*'),
    });
  });

  test('grants s3:ListBucket on the bucket only with StringLike s3:prefix = prefix*', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [{ bucket: new s3.Bucket(stack, 'Data'), prefix: 'datasets/train/' }],
    }));
    const bucket = logicalIdOf(template, 'AWS::S3::Bucket', 'Data');
    expectStatement(template, {
      Sid: 'TrainingDataList',
      Action: 's3:ListBucket',
      Resource: arn(':s3:::', ref(bucket)),
      Condition: { StringLike: { 's3:prefix': ['datasets/train/*'] } },
    });
  });

  test('names an imported bucket literally, with the partition as Ref AWS::Partition', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', DATA), prefix: 'datasets/train/' }],
    }), { env: true });
    expectStatement(template, {
      Sid: 'TrainingDataRead',
      Action: 's3:GetObject',
      Resource: arn(`:s3:::${DATA}/datasets/train/*`),
    });
  });

  test('lists the whole bucket without a condition when no prefix is given', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', DATA) }],
    }), { env: true });
    expectStatement(template, { Sid: 'TrainingDataRead', Action: 's3:GetObject', Resource: arn(`:s3:::${DATA}/*`) });
    expectStatement(template, { Sid: 'TrainingDataList', Action: 's3:ListBucket', Resource: arn(`:s3:::${DATA}`) });
  });

  test('treats an empty prefix as the whole bucket: no s3:prefix condition', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', DATA), prefix: '' }],
    }), { env: true });
    expectStatement(template, { Sid: 'TrainingDataRead', Action: 's3:GetObject', Resource: arn(`:s3:::${DATA}/*`) });
    expectStatement(template, { Sid: 'TrainingDataList', Action: 's3:ListBucket', Resource: arn(`:s3:::${DATA}`) });
  });

  test('drops a prefix covered by a shorter one of the same bucket (a/ covers a/b/)', () => {
    const { template } = roleWith((stack) => {
      const bucket = s3.Bucket.fromBucketName(stack, 'Data', DATA);
      return { inputBuckets: [{ bucket, prefix: 'a/b/' }, { bucket, prefix: 'a/' }] };
    }, { env: true });
    expect(statementsOf(template, 'TrainingDataRead').map((s) => s.Resource)).toEqual([arn(`:s3:::${DATA}/a/*`)]);
    expect(statementsOf(template, 'TrainingDataList').map((s) => s.Condition))
      .toEqual([{ StringLike: { 's3:prefix': ['a/*'] } }]);
  });

  test('the whole bucket covers every prefix of the same bucket', () => {
    const { template } = roleWith((stack) => {
      const bucket = s3.Bucket.fromBucketName(stack, 'Data', DATA);
      return { inputBuckets: [{ bucket, prefix: 'a/' }, { bucket }] };
    }, { env: true });
    expect(statementsOf(template, 'TrainingDataRead').map((s) => s.Resource)).toEqual([arn(`:s3:::${DATA}/*`)]);
    expect(statementsOf(template, 'TrainingDataList').map((s) => s.Condition)).toEqual([undefined]);
  });

  test('merges a location given twice into one read and one list statement', () => {
    const { template } = roleWith((stack) => {
      const bucket = s3.Bucket.fromBucketName(stack, 'Data', DATA);
      return { inputBuckets: [{ bucket, prefix: 'a/' }, { bucket, prefix: 'a/' }] };
    }, { env: true });
    expect(statementsOf(template, 'TrainingDataRead')).toHaveLength(1);
    expect(statementsOf(template, 'TrainingDataList')).toHaveLength(1);
  });

  test('does not treat a sibling prefix as covered (a/ does not cover ab/)', () => {
    const { template } = roleWith((stack) => {
      const bucket = s3.Bucket.fromBucketName(stack, 'Data', DATA);
      return { inputBuckets: [{ bucket, prefix: 'a/' }, { bucket, prefix: 'ab/' }] };
    }, { env: true, minimizePolicies: false });
    const resources = statementsOf(template, 'TrainingDataRead').flatMap((s) => [s.Resource].flat());
    expect(resources).toEqual(expect.arrayContaining([arn(`:s3:::${DATA}/a/*`), arn(`:s3:::${DATA}/ab/*`)]));
  });

  test('one bucket\'s prefixes share one ListBucket statement with all the prefixes', () => {
    const { template } = roleWith((stack) => {
      const bucket = s3.Bucket.fromBucketName(stack, 'Data', DATA);
      return { inputBuckets: [{ bucket, prefix: 'b/' }, { bucket, prefix: 'a/' }, { bucket, prefix: 'c/d/' }] };
    }, { env: true });
    expect(statementsOf(template, 'TrainingDataList')).toHaveLength(1);
    expectStatement(template, {
      Sid: 'TrainingDataList',
      Action: 's3:ListBucket',
      Resource: arn(`:s3:::${DATA}`),
      Condition: { StringLike: { 's3:prefix': ['a/*', 'b/*', 'c/d/*'] } },
    });
  });

  test('one bucket\'s prefixes share one GetObject statement naming every prefix', () => {
    const { template } = roleWith((stack) => {
      const bucket = s3.Bucket.fromBucketName(stack, 'Data', DATA);
      return { inputBuckets: [{ bucket, prefix: 'b/' }, { bucket, prefix: 'a/' }] };
    }, { env: true });
    expectStatement(template, {
      Sid: 'TrainingDataRead',
      Action: 's3:GetObject',
      Resource: [arn(`:s3:::${DATA}/a/*`), arn(`:s3:::${DATA}/b/*`)],
    });
  });

  test('two buckets with different prefixes get one ListBucket statement each, on their own bucket', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [
        { bucket: s3.Bucket.fromBucketName(stack, 'Data', DATA), prefix: 'a/' },
        { bucket: s3.Bucket.fromBucketName(stack, 'Features', 'example-features'), prefix: 'f/' },
      ],
    }), { env: true });
    expect(statementsOf(template, 'TrainingDataList')).toHaveLength(2);
    expectStatement(template, {
      Sid: /^TrainingDataList\d*$/,
      Action: 's3:ListBucket',
      Resource: arn(`:s3:::${DATA}`),
      Condition: { StringLike: { 's3:prefix': ['a/*'] } },
    });
    expectStatement(template, {
      Sid: /^TrainingDataList\d*$/,
      Action: 's3:ListBucket',
      Resource: arn(':s3:::example-features'),
      Condition: { StringLike: { 's3:prefix': ['f/*'] } },
    });
  });

  test('two buckets listed under the same prefix in one policy share one ListBucket statement (equal conditions)', () => {
    // One policy (the role fits one), so both buckets' statements meet.
    const { template } = roleWith((stack) => ({
      inputBuckets: [
        { bucket: s3.Bucket.fromBucketName(stack, 'Data', DATA), prefix: 'a/' },
        { bucket: s3.Bucket.fromBucketName(stack, 'Features', 'example-features'), prefix: 'a/' },
      ],
    }), { env: true });
    expect(statementsOf(template, 'TrainingDataList')).toHaveLength(1);
    expectStatement(template, {
      Sid: 'TrainingDataList',
      Action: 's3:ListBucket',
      Resource: [arn(':s3:::example-features'), arn(`:s3:::${DATA}`)],
      Condition: { StringLike: { 's3:prefix': ['a/*'] } },
    });
  });

  test('escapes $ in a prefix so IAM does not read ${ as a policy variable', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', DATA), prefix: 'run${id}/' }],
    }), { env: true });
    expectStatement(template, { Sid: 'TrainingDataRead', Action: 's3:GetObject', Resource: arn(`:s3:::${DATA}/run\${$}{id}/*`) });
    expectStatement(template, {
      Sid: 'TrainingDataList',
      Action: 's3:ListBucket',
      Resource: arn(`:s3:::${DATA}`),
      Condition: { StringLike: { 's3:prefix': ['run${$}{id}/*'] } },
    });
  });

  test('a bucket named by a parameter appears as Ref of the parameter', () => {
    const { template } = roleWith((stack) => {
      const name = new CfnParameter(stack, 'DataBucketName');
      return { inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', Token.asString(name.value)), prefix: 'a/' }] };
    });
    expectStatement(template, { Sid: 'TrainingDataRead', Action: 's3:GetObject', Resource: arn(':s3:::', ref('DataBucketName'), '/a/*') });
    expectStatement(template, {
      Sid: 'TrainingDataList',
      Action: 's3:ListBucket',
      Resource: arn(':s3:::', ref('DataBucketName')),
      Condition: { StringLike: { 's3:prefix': ['a/*'] } },
    });
  });

  test('a prefix from a parameter is accepted and appears as Ref of the parameter', () => {
    const { template } = roleWith((stack) => {
      const prefix = new CfnParameter(stack, 'DataPrefix');
      return { inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', DATA), prefix: prefix.valueAsString }] };
    }, { env: true });
    expectStatement(template, { Sid: 'TrainingDataRead', Action: 's3:GetObject', Resource: arn(`:s3:::${DATA}/`, ref('DataPrefix'), '*') });
    expectStatement(template, {
      Sid: 'TrainingDataList',
      Action: 's3:ListBucket',
      Resource: arn(`:s3:::${DATA}`),
      Condition: { StringLike: { 's3:prefix': [{ 'Fn::Join': ['', [ref('DataPrefix'), '*']] }] } },
    });
  });

  test('without inputBuckets, no training data statement exists', () => {
    const { template } = roleWith();
    expect(statementsOf(template, 'TrainingDataRead')).toEqual([]);
    expect(statementsOf(template, 'TrainingDataList')).toEqual([]);
    expect(statementsOf(template, 'TrainingDataDecrypt')).toEqual([]);
  });
});
