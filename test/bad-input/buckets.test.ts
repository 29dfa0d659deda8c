/**
 * Bad buckets: names that cannot name a general purpose bucket, buckets in another region (errors),
 * legacy names and buckets in another account (warnings, the latter with the exact bucket policy
 * statements, proven by simulation to be what a cross-account request needs).
 */
import { App, Lazy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole } from '../../src';
import { bucketNameProblem } from '../../src/private/locations';
import { newStack } from '../util/fixtures';
import { OTHER_ACCOUNT, OTHER_REGION, s3BucketArn, s3ObjectArn, simulateRequest, synthesize } from '../util/requests';
import { TEST_ENV } from '../util/resolve';
import { ROLE_ARN } from '../util/simulate';
import { build } from '../util/statements';
import { warningMessages } from '../util/warnings';

const RESERVED_SUFFIX = (suffix: string, what: string) =>
  `a name ending in "${suffix}" is ${what}, not a general purpose bucket; this role grants S3 on bucket ARNs (arn:<partition>:s3:::<bucket>), which do not authorize requests through it. Give the bucket itself.`;
const RESERVED_PREFIX = (prefix: string) => `S3 reserves bucket names starting with "${prefix}", so no bucket has this name; give the name of an existing bucket.`;
const INVALID = 'bucket names are 3 to 63 lower case letters, digits, "." and "-", start and end with a letter or digit, have no ".." and are not IP addresses; give the bucket\'s name, not a URI or a path.';

describe('bucket names that name something else than a general purpose bucket', () => {
  test.each([
    ['training-ap-abc123-s3alias', '-s3alias', 'an S3 access point alias'],
    ['training-ap-abc123--ol-s3', '--ol-s3', 'an S3 Object Lambda access point alias'],
    ['mfzwi23gnjvgw.mrap', '.mrap', 'an S3 Multi-Region Access Point'],
    ['training--use1-az4--x-s3', '--x-s3', 'an S3 directory bucket (S3 Express One Zone, authorized through s3express:CreateSession)'],
    ['training--table-s3', '--table-s3', 'an S3 table bucket'],
  ])('fails for %p as an input bucket', (name, suffix, what) => {
    expect(() => build((stack) => ({ inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', name) }] })))
      .toThrow(`inputBuckets[0].bucket: ${RESERVED_SUFFIX(suffix, what)} Got: "${name}".`);
  });

  test.each(['xn--training', 'sthree-training', 'amzn-s3-demo-training'])('fails for the reserved prefix of %p as the output bucket', (name) => {
    const prefix = name.replace(/training$/, '');
    expect(() => build((stack) => ({ outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Out', name) } })))
      .toThrow(`outputBucket.bucket: ${RESERVED_PREFIX(prefix)} Got: "${name}".`);
  });

  test('fails for a reserved suffix on the checkpoint bucket', () => {
    expect(() => build((stack) => ({ checkpointBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Ckpt', 'ckpt--x-s3'), prefix: 'c/' } })))
      .toThrow(`checkpointBucket.bucket: ${RESERVED_SUFFIX('--x-s3', 'an S3 directory bucket (S3 Express One Zone, authorized through s3express:CreateSession)')} Got: "ckpt--x-s3".`);
  });
});

describe('bucketNameProblem (the rules CDK checks for imports too, for names that reach the role otherwise)', () => {
  test.each(['ab', 'a'.repeat(64), 'bucket..name', 'bucket.-name', '-bucket', 'bucket-', '192.168.5.4', 's3://bucket', 'bucket/prefix', 'bucket name'])('refuses %p', (name) => {
    expect(bucketNameProblem(name)).toBe(INVALID);
  });

  test.each(['abc', 'a'.repeat(63), 'example.training-data', '192.168.5.4.data', 'Legacy_Bucket'])('accepts %p', (name) => {
    expect(bucketNameProblem(name)).toBeUndefined();
  });
});

describe('bucket names known only at synthesis (Lazy)', () => {
  test('are checked when synthesized', () => {
    const app = new App();
    const stack = new Stack(app, 'Lazy');
    new SageMakerTrainingRole(stack, 'Role', {
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Out', Lazy.string({ produce: () => 'models..bucket' })), prefix: 'm/' },
    });
    expect(() => app.synth()).toThrow(`outputBucket.bucket: ${INVALID} Got: "models..bucket".`);
  });
});

describe('legacy bucket names (upper case, "_"): a warning', () => {
  const LEGACY = 'upper case letters and "_" are valid only in the names of legacy buckets (created in us-east-1 before March 1, 2018), which cannot be addressed by virtual-hosted-style requests, the default of AWS SDKs. Check the name; bucket names are lower case.';

  test('warns once per bucket, naming the first prop that gives it', () => {
    const stack = newStack();
    const legacy = s3.Bucket.fromBucketName(stack, 'Legacy', 'Legacy_Training');
    new SageMakerTrainingRole(stack, 'Role', {
      inputBuckets: [{ bucket: legacy, prefix: 'a/' }, { bucket: legacy, prefix: 'b/' }],
      outputBucket: { bucket: legacy, prefix: 'models/' },
    });
    expect(warningMessages(stack, 'LegacyBucketName')).toEqual([`inputBuckets[0].bucket: ${LEGACY} Got: "Legacy_Training".`]);
  });

  test('does not warn for a lower case name', () => {
    const stack = newStack();
    new SageMakerTrainingRole(stack, 'Role', { outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Out', 'example-models'), prefix: 'm/' } });
    expect(warningMessages(stack, 'LegacyBucketName')).toEqual([]);
  });
});

describe('a bucket in another region', () => {
  const message = (prop: string) => `${prop}: SageMaker reads and writes S3 only in the training job's region (a bucket elsewhere fails with "BucketRegionError: bucket must be in the same region as the job"); this bucket is in ${OTHER_REGION} and the role's stack in ${TEST_ENV.region}. Use a bucket in ${TEST_ENV.region} (replicate the data there), or deploy the role in ${OTHER_REGION}. Got: "eu-data".`;
  const elsewhere = (stack: Stack) => s3.Bucket.fromBucketAttributes(stack, 'Elsewhere', { bucketName: 'eu-data', region: OTHER_REGION });

  test('fails as an input', () => {
    expect(() => build((stack) => ({ inputBuckets: [{ bucket: elsewhere(stack), prefix: 'd/' }] }), { env: true }))
      .toThrow(message('inputBuckets[0].bucket'));
  });

  test('fails as the output', () => {
    expect(() => build((stack) => ({ outputBucket: { bucket: elsewhere(stack), prefix: 'm/' } }), { env: true }))
      .toThrow(message('outputBucket.bucket'));
  });

  test('fails as the checkpoint location', () => {
    expect(() => build((stack) => ({ checkpointBucket: { bucket: elsewhere(stack), prefix: 'c/' } }), { env: true }))
      .toThrow(message('checkpointBucket.bucket'));
  });

  test('is accepted when the stack is environment-agnostic (the region is decided at deployment)', () => {
    expect(() => build((stack) => ({ inputBuckets: [{ bucket: elsewhere(stack), prefix: 'd/' }] }))).not.toThrow();
  });
});

describe('a bucket in another account: a warning with the bucket policy statements', () => {
  let synthesized: ReturnType<typeof synthesize> | undefined;
  const syn = () => (synthesized ??= synthesize((stack) => {
    const shared = s3.Bucket.fromBucketAttributes(stack, 'Shared', { bucketName: 'partner-data', account: OTHER_ACCOUNT });
    return {
      inputBuckets: [{ bucket: shared, prefix: 'datasets/' }],
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'models/' },
    };
  }, { env: true }));

  const STATEMENTS = [
    { Sid: 'TrainingDataReadForTrainingRole', Effect: 'Allow', Principal: { AWS: '${TestStack/TrainingRole.Arn}' }, Action: 's3:GetObject', Resource: 'arn:${AWS::Partition}:s3:::partner-data/datasets/*' },
    { Sid: 'TrainingDataListForTrainingRole', Effect: 'Allow', Principal: { AWS: '${TestStack/TrainingRole.Arn}' }, Action: 's3:ListBucket', Resource: 'arn:${AWS::Partition}:s3:::partner-data', Condition: { StringLike: { 's3:prefix': ['datasets/*'] } } },
  ];

  test('names the account and gives the exact statements', () => {
    expect(warningMessages(syn().stack, 'CrossAccountBucket')).toEqual([
      `inputBuckets[0].bucket: the bucket belongs to account ${OTHER_ACCOUNT}, not the role's (${TEST_ENV.account}), so its bucket policy must allow the role too. Add to the bucket policy of partner-data: ${JSON.stringify(STATEMENTS)} Got: "partner-data".`,
    ]);
  });

  test('does not warn for buckets of the role\'s account', () => {
    expect(warningMessages(syn().stack, 'CrossAccountBucket').join()).not.toContain('example-models');
  });

  /** The bucket policy the warning asks for, as deployed: the role's ARN and partition filled in. */
  function bucketPolicy(): any {
    const [message] = warningMessages(syn().stack, 'CrossAccountBucket');
    const json = message.slice(message.indexOf('[{'), message.lastIndexOf('}]') + 2)
      .split('${TestStack/TrainingRole.Arn}').join(ROLE_ARN).split('${AWS::Partition}').join(TEST_ENV.partition);
    return { Version: '2012-10-17', Statement: JSON.parse(json) };
  }

  const read = { action: 's3:GetObject', resource: s3ObjectArn('partner-data', 'datasets/part-0.csv'), resourceAccount: OTHER_ACCOUNT };
  const list = { action: 's3:ListBucket', resource: s3BucketArn('partner-data'), resourceAccount: OTHER_ACCOUNT, context: { 's3:prefix': 'datasets/' } };

  test.each([['reading', read], ['listing', list]])('with the statements, %s across accounts is allowed', async (_, request) => {
    expect(await simulateRequest(syn().policies, { ...request, resourcePolicy: bucketPolicy() })).toBe('Allowed');
  });

  test.each([['reading', read], ['listing', list]])('without them, %s across accounts is denied: the role alone is not enough', async (_, request) => {
    expect(await simulateRequest(syn().policies, request)).toBe('ImplicitlyDenied');
  });

  test('the statements allow nothing outside the location (reading beside the prefix is denied)', async () => {
    expect(await simulateRequest(syn().policies, { ...read, resource: s3ObjectArn('partner-data', 'private/x'), resourcePolicy: bucketPolicy() }))
      .toBe('ImplicitlyDenied');
  });
});
