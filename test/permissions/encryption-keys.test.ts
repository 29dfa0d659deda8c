import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRoleProps } from '../../src';
import { TEST_ENV } from '../util/resolve';
import {
  allActions, build, expectStatement, logicalIdOf, ref, roleWith, statementsOf,
} from '../util/statements';

const KEY_ARN = `arn:aws:kms:${TEST_ENV.region}:${TEST_ENV.account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ALIAS_ARN = `arn:aws:kms:${TEST_ENV.region}:${TEST_ENV.account}:alias/training`;

/** `service.<Ref AWS::Region>.amazonaws.com`, as an env-agnostic stack renders `kms:ViaService`. */
function via(service: string) {
  return { 'Fn::Join': ['', [`${service}.`, ref('AWS::Region'), '.amazonaws.com']] };
}

function keyArnOf(template: any, prefix: string) {
  return { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::KMS::Key', prefix), 'Arn'] };
}

function bucket(stack: Stack, id: string, name: string) {
  return s3.Bucket.fromBucketName(stack, id, name);
}

describe('training data key (SPEC: input encrypted with SSE-KMS)', () => {
  test('grants kms:Decrypt on the location\'s key, only through S3 in the stack\'s region', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [{ bucket: bucket(stack, 'Data', 'example-data'), encryptionKey: new kms.Key(stack, 'DataKey') }],
    }));
    expectStatement(template, {
      Sid: 'TrainingDataDecrypt',
      Action: 'kms:Decrypt',
      Resource: keyArnOf(template, 'DataKey'),
      Condition: { StringEquals: { 'kms:ViaService': [via('s3')] } },
    });
  });

  test('uses bucket.encryptionKey when the location gives no encryptionKey', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [{ bucket: new s3.Bucket(stack, 'Data', { encryptionKey: new kms.Key(stack, 'BucketKey') }) }],
    }));
    expectStatement(template, {
      Sid: 'TrainingDataDecrypt',
      Action: 'kms:Decrypt',
      Resource: keyArnOf(template, 'BucketKey'),
      Condition: { StringEquals: { 'kms:ViaService': [via('s3')] } },
    });
  });

  test('the location\'s encryptionKey wins over the bucket\'s key', () => {
    const { template } = roleWith((stack) => {
      const data = new s3.Bucket(stack, 'Data', { encryptionKey: new kms.Key(stack, 'BucketKey') });
      return { inputBuckets: [{ bucket: data, encryptionKey: new kms.Key(stack, 'LocationKey') }] };
    });
    expect(statementsOf(template, 'TrainingDataDecrypt').map((s) => s.Resource)).toEqual([keyArnOf(template, 'LocationKey')]);
  });

  test('two locations with one key name the key once', () => {
    const { template } = roleWith((stack) => {
      const key = new kms.Key(stack, 'DataKey');
      return {
        inputBuckets: [
          { bucket: bucket(stack, 'A', 'example-a'), encryptionKey: key },
          { bucket: bucket(stack, 'B', 'example-b'), encryptionKey: key },
        ],
      };
    });
    expect(statementsOf(template, 'TrainingDataDecrypt').map((s) => s.Resource)).toEqual([keyArnOf(template, 'DataKey')]);
  });

  test('locations with different keys share one Decrypt statement naming both keys', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [
        { bucket: bucket(stack, 'A', 'example-a'), encryptionKey: new kms.Key(stack, 'KeyA') },
        { bucket: bucket(stack, 'B', 'example-b'), encryptionKey: new kms.Key(stack, 'KeyB') },
      ],
    }));
    expectStatement(template, {
      Sid: 'TrainingDataDecrypt',
      Action: 'kms:Decrypt',
      Resource: [keyArnOf(template, 'KeyA'), keyArnOf(template, 'KeyB')],
      Condition: { StringEquals: { 'kms:ViaService': [via('s3')] } },
    });
  });

  test('an imported key appears by its literal ARN', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [{ bucket: bucket(stack, 'Data', 'example-data'), encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN) }],
    }), { env: true });
    expectStatement(template, {
      Sid: 'TrainingDataDecrypt',
      Action: 'kms:Decrypt',
      Resource: KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': [`s3.${TEST_ENV.region}.amazonaws.com`] } },
    });
  });

  test('a key ARN from a parameter is accepted and appears as Ref of the parameter', () => {
    const { template } = roleWith((stack) => {
      const keyArn = new CfnParameter(stack, 'DataKeyArn');
      return {
        inputBuckets: [{ bucket: bucket(stack, 'Data', 'example-data'), encryptionKey: kms.Key.fromKeyArn(stack, 'Key', keyArn.valueAsString) }],
      };
    });
    expectStatement(template, {
      Sid: 'TrainingDataDecrypt',
      Action: 'kms:Decrypt',
      Resource: ref('DataKeyArn'),
      Condition: { StringEquals: { 'kms:ViaService': [via('s3')] } },
    });
  });
});

describe('model output key (SPEC: output key)', () => {
  const OUTPUT_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'];
  const OUTPUT_CONDITION = { StringEquals: { 'kms:ViaService': [via('s3'), via('sagemaker')] } };

  test('grants Encrypt, GenerateDataKey and Decrypt on outputKmsKey through S3 and SageMaker', () => {
    const { template } = roleWith((stack) => ({ outputKmsKey: new kms.Key(stack, 'OutputKey') }));
    expectStatement(template, {
      Sid: 'ModelOutputEncrypt',
      Action: OUTPUT_ACTIONS,
      Resource: keyArnOf(template, 'OutputKey'),
      Condition: OUTPUT_CONDITION,
    });
  });

  test('uses the output bucket\'s key when outputKmsKey is not given', () => {
    const { template } = roleWith((stack) => ({
      outputBucket: { bucket: new s3.Bucket(stack, 'Output', { encryptionKey: new kms.Key(stack, 'BucketKey') }) },
    }));
    expectStatement(template, {
      Sid: 'ModelOutputEncrypt',
      Action: OUTPUT_ACTIONS,
      Resource: keyArnOf(template, 'BucketKey'),
      Condition: OUTPUT_CONDITION,
    });
  });

  test('uses the output location\'s encryptionKey when outputKmsKey is not given', () => {
    const { template } = roleWith((stack) => ({
      outputBucket: { bucket: bucket(stack, 'Output', 'example-models'), encryptionKey: new kms.Key(stack, 'LocationKey') },
    }));
    expect(statementsOf(template, 'ModelOutputEncrypt').map((s) => s.Resource)).toEqual([keyArnOf(template, 'LocationKey')]);
  });

  test('accepts outputKmsKey equal to the output location\'s key', () => {
    const { template } = roleWith((stack) => {
      const key = new kms.Key(stack, 'OutputKey');
      return { outputBucket: { bucket: bucket(stack, 'Output', 'example-models'), encryptionKey: key }, outputKmsKey: key };
    });
    expect(statementsOf(template, 'ModelOutputEncrypt').map((s) => s.Resource)).toEqual([keyArnOf(template, 'OutputKey')]);
  });

  test('fails when outputKmsKey differs from the output location\'s key', () => {
    expect(() => build((stack) => ({
      outputBucket: { bucket: bucket(stack, 'Output', 'example-models'), encryptionKey: new kms.Key(stack, 'LocationKey') },
      outputKmsKey: new kms.Key(stack, 'OutputKey'),
    }))).toThrow(/^outputKmsKey: SageMaker encrypts the model artifacts with OutputDataConfig\.KmsKeyId only, but outputBucket names another key \(\$\{TestStack\/LocationKey\.Arn\}\)\. .* Got: "\$\{TestStack\/OutputKey\.Arn\}"\.$/);
  });

  test('fails when outputKmsKey differs from the output bucket\'s key', () => {
    expect(() => build((stack) => ({
      outputBucket: { bucket: new s3.Bucket(stack, 'Output', { encryptionKey: new kms.Key(stack, 'BucketKey') }) },
      outputKmsKey: kms.Key.fromKeyArn(stack, 'OutputKey', KEY_ARN),
    }), { env: true })).toThrow(`outputKmsKey: SageMaker encrypts the model artifacts with OutputDataConfig.KmsKeyId only, but outputBucket names another key (\${TestStack/BucketKey.Arn}). Give one key: set outputKmsKey to the output location's key, or leave it out to use that key. Got: "${KEY_ARN}".`);
  });
});

describe('volume key (SPEC: volume key)', () => {
  test('grants kms:CreateGrant on volumeKmsKey only for AWS resources', () => {
    const { template } = roleWith((stack) => ({ volumeKmsKey: new kms.Key(stack, 'VolumeKey') }));
    expectStatement(template, {
      Sid: 'VolumeKeyGrant',
      Action: 'kms:CreateGrant',
      Resource: keyArnOf(template, 'VolumeKey'),
      Condition: { Bool: { 'kms:GrantIsForAWSResource': ['true'] } },
    });
  });
});

describe('checkpoint key (SPEC: checkpoint location encrypted with SSE-KMS)', () => {
  test('grants kms:Decrypt and kms:GenerateDataKey on the checkpoint bucket\'s key through S3', () => {
    const { template } = roleWith((stack) => ({
      checkpointBucket: { bucket: new s3.Bucket(stack, 'Checkpoints', { encryptionKey: new kms.Key(stack, 'CheckpointKey') }) },
    }));
    expectStatement(template, {
      Sid: 'CheckpointKeyUse',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: keyArnOf(template, 'CheckpointKey'),
      Condition: { StringEquals: { 'kms:ViaService': [via('s3')] } },
    });
  });

  test('the checkpoint location\'s encryptionKey wins over its bucket\'s key', () => {
    const { template } = roleWith((stack) => ({
      checkpointBucket: {
        bucket: new s3.Bucket(stack, 'Checkpoints', { encryptionKey: new kms.Key(stack, 'BucketKey') }),
        encryptionKey: new kms.Key(stack, 'LocationKey'),
      },
    }));
    expect(statementsOf(template, 'CheckpointKeyUse').map((s) => s.Resource)).toEqual([keyArnOf(template, 'LocationKey')]);
  });
});

describe('no key, no KMS permission', () => {
  test('a role over SSE-S3 buckets without keys grants no kms: action', () => {
    const { template } = roleWith((stack) => ({
      inputBuckets: [{ bucket: new s3.Bucket(stack, 'Data', { encryption: s3.BucketEncryption.S3_MANAGED }) }],
      checkpointBucket: { bucket: bucket(stack, 'Checkpoints', 'example-checkpoints') },
    }));
    expect(allActions(template).filter((a) => a.startsWith('kms:'))).toEqual([]);
  });
});

describe('bad input: an alias where a key is needed', () => {
  type Place = (stack: Stack, key: kms.IKey) => Partial<SageMakerTrainingRoleProps>;
  const PLACES: [string, Place][] = [
    ['inputBuckets[0].encryptionKey', (stack, key) => ({ inputBuckets: [{ bucket: bucket(stack, 'Data', 'example-data'), encryptionKey: key }] })],
    ['outputBucket.encryptionKey', (stack, key) => ({ outputBucket: { bucket: bucket(stack, 'Output', 'example-models'), encryptionKey: key } })],
    ['outputKmsKey', (_stack, key) => ({ outputKmsKey: key })],
    ['volumeKmsKey', (_stack, key) => ({ volumeKmsKey: key })],
    ['checkpointBucket.encryptionKey', (stack, key) => ({ checkpointBucket: { bucket: bucket(stack, 'Ckpt', 'example-ckpt'), encryptionKey: key } })],
  ];
  const ALIASES: [string, (stack: Stack) => kms.IKey, string][] = [
    ['new kms.Alias', (stack) => new kms.Alias(stack, 'Alias', { aliasName: 'alias/training', targetKey: new kms.Key(stack, 'Target') }), '"alias/training"'],
    ['kms.Alias.fromAliasName', (stack) => kms.Alias.fromAliasName(stack, 'Alias', 'alias/training'), '"alias/training"'],
    ['Key.fromKeyArn with an alias ARN', (stack) => kms.Key.fromKeyArn(stack, 'Alias', ALIAS_ARN), `"${ALIAS_ARN}"`],
  ];
  const cases = PLACES.flatMap(([prop, place]) => ALIASES.map(([kind, alias, shown]) => ({ prop, place, kind, alias, shown })));

  test.each(cases)('fails for $kind as $prop, naming the prop and the alias', ({ prop, place, alias, shown }) => {
    const message = `${prop}: give the key itself (kms.Key, or Key.fromKeyArn with an ARN ending in key/<key-id>), not an alias: IAM authorizes a key by its key ARN, so a grant on an alias ARN would not let the role use the key. Got: ${shown}.`;
    expect(() => build((stack) => place(stack, alias(stack)), { env: true })).toThrow(message);
  });

  test('fails for an alias ARN whose partition, region and account are tokens', () => {
    expect(() => build((stack) => ({
      volumeKmsKey: kms.Key.fromKeyArn(stack, 'Alias', `arn:${stack.partition}:kms:${stack.region}:${stack.account}:alias/training`),
    }))).toThrow('volumeKmsKey: give the key itself (kms.Key, or Key.fromKeyArn with an ARN ending in key/<key-id>), not an alias: IAM authorizes a key by its key ARN, so a grant on an alias ARN would not let the role use the key. Got: "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/training".');
  });

  test('accepts a key ARN that is a token (it cannot be checked at synth)', () => {
    expect(() => build((stack) => ({
      volumeKmsKey: kms.Key.fromKeyArn(stack, 'Key', new CfnParameter(stack, 'VolumeKeyArn').valueAsString),
    }))).not.toThrow();
  });
});

describe('output key comparison with unresolved values', () => {
  test('the same parameter key given twice (output key and bucket key) is one key, not a conflict', () => {
    const { template } = roleWith((stack) => {
      const arnParam = new CfnParameter(stack, 'KeyArn').valueAsString;
      return {
        outputBucket: { bucket: s3.Bucket.fromBucketAttributes(stack, 'Out', { bucketName: 'example-models', encryptionKey: kms.Key.fromKeyArn(stack, 'K1', arnParam) }) },
        outputKmsKey: kms.Key.fromKeyArn(stack, 'K2', arnParam),
      };
    });
    expect(statementsOf(template, 'ModelOutputEncrypt').map((s) => s.Resource)).toEqual([{ Ref: 'KeyArn' }]);
  });
});

describe('the switch for the output key through SageMaker (unconfirmed)', () => {
  test('outputKeyThroughSageMaker: false allows the output key through S3 only', () => {
    const { template } = roleWith((stack) => ({
      outputKmsKey: kms.Key.fromKeyArn(stack, 'OutputKey', KEY_ARN), outputKeyThroughSageMaker: false,
    }), { env: true });
    expect(statementsOf(template, 'ModelOutputEncrypt').map((s) => s.Condition))
      .toEqual([{ StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com'] } }]);
  });

  test('by default both S3 and SageMaker may use it', () => {
    const { template } = roleWith((stack) => ({ outputKmsKey: kms.Key.fromKeyArn(stack, 'OutputKey', KEY_ARN) }), { env: true });
    expect(statementsOf(template, 'ModelOutputEncrypt').map((s) => s.Condition))
      .toEqual([{ StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com', 'sagemaker.us-east-1.amazonaws.com'] } }]);
  });
});
