/**
 * Bad keys: AWS managed keys and keys in another region (errors), keys in another account (a
 * warning with the exact key policy statement, proven by simulation).
 */
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRoleProps } from '../../src';
import { defaultKeyPolicy, kmsKeyArn, OTHER_ACCOUNT, OTHER_REGION, simulateRequest, synthesize, via } from '../util/requests';
import { TEST_ENV } from '../util/resolve';
import { ROLE_ARN } from '../util/simulate';
import { build } from '../util/statements';
import { warningMessages } from '../util/warnings';

type Place = (stack: Stack, key: kms.IKey) => Partial<SageMakerTrainingRoleProps>;
const data = (stack: Stack) => s3.Bucket.fromBucketName(stack, 'Data', 'example-data');

/** Where a key can be given, and the prop its message names. */
const PLACES: [string, Place][] = [
  ['inputBuckets[0].encryptionKey', (stack, key) => ({ inputBuckets: [{ bucket: data(stack), prefix: 'd/', encryptionKey: key }] })],
  ['outputKmsKey', (_stack, key) => ({ outputKmsKey: key })],
  ['volumeKmsKey', (_stack, key) => ({ volumeKmsKey: key })],
  ['checkpointBucket.encryptionKey', (stack, key) => ({ checkpointBucket: { bucket: data(stack), prefix: 'c/', encryptionKey: key } })],
];

const AWS_MANAGED = 'an AWS managed key (alias/aws/...) needs no permission in the role: its key policy, which AWS writes and nobody can change, lets every principal of the account use it through its service. Leave the key out; SageMaker and S3 use the AWS managed key when no key is given.';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

describe.each(PLACES)('the key given as %s', (prop, place) => {
  test('fails for the AWS managed key by alias name, saying it needs no permission', () => {
    expect(() => build((stack) => place(stack, kms.Alias.fromAliasName(stack, 'Managed', 'alias/aws/s3'))))
      .toThrow(`${prop}: ${AWS_MANAGED} Got: "alias/aws/s3".`);
  });

  test('fails for the AWS managed key by alias ARN', () => {
    const arn = `arn:aws:kms:${TEST_ENV.region}:${TEST_ENV.account}:alias/aws/ebs`;
    expect(() => build((stack) => place(stack, kms.Key.fromKeyArn(stack, 'Managed', arn)), { env: true }))
      .toThrow(`${prop}: ${AWS_MANAGED} Got: "${arn}".`);
  });

  test('fails for a key in another region', () => {
    const arn = kmsKeyArn(KEY_ID, TEST_ENV.account, OTHER_REGION);
    expect(() => build((stack) => place(stack, kms.Key.fromKeyArn(stack, 'Elsewhere', arn)), { env: true }))
      .toThrow(`${prop}: KMS keys are regional: S3 and SageMaker encrypt data of the training job's region only with keys of that region, and the role may use a key only through that region's services (kms:ViaService). This key is in ${OTHER_REGION}, the role's stack in ${TEST_ENV.region}; give a key in ${TEST_ENV.region} (for a multi-Region key, its replica there). Got: "${arn}".`);
  });

  test('accepts a key of another region in an environment-agnostic stack (decided at deployment)', () => {
    expect(() => build((stack) => place(stack, kms.Key.fromKeyArn(stack, 'Elsewhere', kmsKeyArn(KEY_ID, TEST_ENV.account, OTHER_REGION))))).not.toThrow();
  });

  test('accepts a key of the stack\'s region', () => {
    expect(() => build((stack) => place(stack, kms.Key.fromKeyArn(stack, 'Here', kmsKeyArn(KEY_ID))), { env: true })).not.toThrow();
  });
});

describe('a key in another account: a warning with the key policy statement', () => {
  const KEY_ARN = kmsKeyArn(KEY_ID, OTHER_ACCOUNT);
  let synthesized: ReturnType<typeof synthesize> | undefined;
  const syn = () => (synthesized ??= synthesize((stack) => ({
    inputBuckets: [{ bucket: data(stack), prefix: 'd/', encryptionKey: kms.Key.fromKeyArn(stack, 'PartnerKey', KEY_ARN) }],
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'm/' },
  }), { env: true }));

  const STATEMENT = {
    Sid: 'TrainingDataDecryptForTrainingRole',
    Effect: 'Allow',
    Principal: { AWS: '${TestStack/TrainingRole.Arn}' },
    Action: 'kms:Decrypt',
    Resource: '*',
    Condition: { StringEquals: { 'kms:ViaService': [`s3.${TEST_ENV.region}.amazonaws.com`] } },
  };

  test('names the account and gives the exact statement', () => {
    expect(warningMessages(syn().stack, 'CrossAccountKey')).toEqual([
      `inputBuckets[0].encryptionKey: the key belongs to account ${OTHER_ACCOUNT}, not the role's (${TEST_ENV.account}), so its key policy must allow the role too. Add to the key policy: ${JSON.stringify([STATEMENT])} Got: "${KEY_ARN}".`,
    ]);
  });

  const decrypt = { action: 'kms:Decrypt', resource: KEY_ARN, resourceAccount: OTHER_ACCOUNT, context: via('s3') };

  test('with the statement in the key policy, decrypting through S3 is allowed', async () => {
    const keyPolicy = defaultKeyPolicy(OTHER_ACCOUNT);
    keyPolicy.Statement.push({ ...STATEMENT, Principal: { AWS: ROLE_ARN } });
    expect(await simulateRequest(syn().policies, { ...decrypt, resourcePolicy: keyPolicy })).toBe('Allowed');
  });

  test('with the owner\'s default key policy only, decrypting is denied: the role alone is not enough', async () => {
    expect(await simulateRequest(syn().policies, { ...decrypt, resourcePolicy: defaultKeyPolicy(OTHER_ACCOUNT) })).toBe('ImplicitlyDenied');
  });

  test('does not warn for a key of the role\'s account', () => {
    const own = synthesize((stack) => ({
      inputBuckets: [{ bucket: data(stack), prefix: 'd/', encryptionKey: kms.Key.fromKeyArn(stack, 'OwnKey', kmsKeyArn(KEY_ID)) }],
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'm/' },
    }), { env: true });
    expect(warningMessages(own.stack, 'CrossAccountKey')).toEqual([]);
  });
});

describe('the output key in another account', () => {
  test('gives the output purpose\'s actions and services in the statement', () => {
    const arn = kmsKeyArn(KEY_ID, OTHER_ACCOUNT);
    const syn = synthesize((stack) => ({
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'm/' },
      outputKmsKey: kms.Key.fromKeyArn(stack, 'PartnerKey', arn),
    }), { env: true });
    const statement = {
      Sid: 'ModelOutputEncryptForTrainingRole',
      Effect: 'Allow',
      Principal: { AWS: '${TestStack/TrainingRole.Arn}' },
      Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': [`s3.${TEST_ENV.region}.amazonaws.com`, `sagemaker.${TEST_ENV.region}.amazonaws.com`] } },
    };
    expect(warningMessages(syn.stack, 'CrossAccountKey')).toEqual([
      `outputKmsKey: the key belongs to account ${OTHER_ACCOUNT}, not the role's (${TEST_ENV.account}), so its key policy must allow the role too. Add to the key policy: ${JSON.stringify([statement])} Got: "${arn}".`,
    ]);
  });
});
