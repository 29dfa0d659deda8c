import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { allActions, arn, expectStatement, roleWith, statementsOf } from '../util/statements';

const CODE = 'example-training-code';
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-00000000c0de';

describe('source code location (SPEC: later features, script mode sourcedir.tar.gz)', () => {
  const withSource = (encrypted = false) => roleWith((stack) => ({
    sourceCodeLocation: {
      bucket: s3.Bucket.fromBucketName(stack, 'Code', CODE),
      prefix: 'code/churn/',
      encryptionKey: encrypted ? kms.Key.fromKeyArn(stack, 'CodeKey', KEY_ARN) : undefined,
    },
  }), { env: true });

  test('grants s3:GetObject on every object under the source prefix (SourceCodeRead)', () => {
    expectStatement(withSource().template, {
      Sid: 'SourceCodeRead',
      Action: 's3:GetObject',
      Resource: arn(`:s3:::${CODE}/code/churn/*`),
    });
  });

  test('grants s3:ListBucket on the code bucket only with StringLike s3:prefix = prefix* (SourceCodeList)', () => {
    expectStatement(withSource().template, {
      Sid: 'SourceCodeList',
      Action: 's3:ListBucket',
      Resource: arn(`:s3:::${CODE}`),
      Condition: { StringLike: { 's3:prefix': ['code/churn/*'] } },
    });
  });

  test('grants nothing but reading: no write, delete or abort on the source location', () => {
    const { template } = withSource();
    const actions = statementsOf(template, 'SourceCode(Read|List)').flatMap((s) => [s.Action].flat());
    expect(actions.sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
  });

  test('grants kms:Decrypt through S3 only on the location\'s key (SourceCodeDecrypt)', () => {
    expectStatement(withSource(true).template, {
      Sid: 'SourceCodeDecrypt',
      Action: 'kms:Decrypt',
      Resource: KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com'] } },
    });
  });

  test('grants no key permission for an unencrypted source location', () => {
    expect(statementsOf(withSource().template, 'SourceCodeDecrypt')).toEqual([]);
  });

  test('grants nothing for source code without the prop', () => {
    const { template } = roleWith(() => ({}), { env: true });
    expect(statementsOf(template, 'SourceCode(Read|List|Decrypt)')).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toContain(CODE);
    expect(allActions(template)).not.toContain('s3:GetObject');
  });
});
