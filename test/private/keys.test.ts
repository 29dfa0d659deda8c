import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { keyArnOf } from '../../src/private/keys';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ALIAS_ARN = 'arn:aws:kms:us-east-1:111122223333:alias/training';
const REFUSAL = 'give the key itself (kms.Key, or Key.fromKeyArn with an ARN ending in key/<key-id>), not an alias: IAM authorizes a key by its key ARN, so a grant on an alias ARN would not let the role use the key.';

describe('keyArnOf', () => {
  test('returns the ARN of an imported key', () => {
    const stack = new Stack();
    expect(keyArnOf('k', kms.Key.fromKeyArn(stack, 'Key', KEY_ARN))).toBe(KEY_ARN);
  });

  test('returns the ARN of a created key', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'Key');
    expect(keyArnOf('k', key)).toBe(key.keyArn);
  });

  test('returns a key ARN that is a parameter', () => {
    const stack = new Stack();
    const arn = new CfnParameter(stack, 'KeyArn').valueAsString;
    expect(keyArnOf('k', kms.Key.fromKeyArn(stack, 'Key', arn))).toBe(arn);
  });

  test('refuses a created alias, showing its name', () => {
    const stack = new Stack();
    const alias = new kms.Alias(stack, 'Alias', { aliasName: 'alias/training', targetKey: new kms.Key(stack, 'Key') });
    expect(() => keyArnOf('volumeKmsKey', alias)).toThrow(`volumeKmsKey: ${REFUSAL} Got: "alias/training".`);
  });

  test('refuses an alias imported by name, showing its name', () => {
    const stack = new Stack();
    expect(() => keyArnOf('outputKmsKey', kms.Alias.fromAliasName(stack, 'Alias', 'alias/training')))
      .toThrow(`outputKmsKey: ${REFUSAL} Got: "alias/training".`);
  });

  test('refuses a key imported by an alias ARN, showing the ARN', () => {
    const stack = new Stack();
    expect(() => keyArnOf('inputBuckets[0].encryptionKey', kms.Key.fromKeyArn(stack, 'Key', ALIAS_ARN)))
      .toThrow(`inputBuckets[0].encryptionKey: ${REFUSAL} Got: "${ALIAS_ARN}".`);
  });

  test('refuses an alias ARN built from the stack\'s tokens', () => {
    const stack = new Stack();
    const arn = `arn:${stack.partition}:kms:${stack.region}:${stack.account}:alias/training`;
    expect(() => keyArnOf('k', kms.Key.fromKeyArn(stack, 'Key', arn)))
      .toThrow(`k: ${REFUSAL} Got: "arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:alias/training".`);
  });

  test('does not mistake a key whose id contains "alias" for an alias', () => {
    const stack = new Stack();
    const arn = 'arn:aws:kms:us-east-1:111122223333:key/alias-like-0000';
    expect(keyArnOf('k', kms.Key.fromKeyArn(stack, 'Key', arn))).toBe(arn);
  });
});
