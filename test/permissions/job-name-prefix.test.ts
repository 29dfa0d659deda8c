import { CfnParameter } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import {
  arn, build, expectStatement, ref, roleWith, statementsOf,
} from '../util/statements';

const GROUP = ':log-group:/aws/sagemaker/TrainingJobs';
const PREFIX_RULE = 'trainingJobNamePrefix: give 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit (job names allow upper case, but SageMaker may report job ARNs in lower case and the trust policy compares them case-sensitively).';

describe('training job name prefix (SPEC: trust policy, tighter opt-in; logs)', () => {
  test('tightens the trust policy\'s aws:SourceArn to training-job/<prefix>* and keeps aws:SourceAccount', () => {
    const { template } = roleWith(() => ({ trainingJobNamePrefix: 'churn-' }));
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Service: 'sagemaker.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: Match.exact({
            StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
            ArnLike: { 'aws:SourceArn': arn(':sagemaker:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':training-job/churn-*') },
          }),
        })],
      },
    });
  });

  test('names the account and region literally in a pinned stack', () => {
    const { template } = roleWith(() => ({ trainingJobNamePrefix: 'churn-' }), { env: true });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Condition: Match.exact({
            StringEquals: { 'aws:SourceAccount': '111122223333' },
            ArnLike: { 'aws:SourceArn': arn(':sagemaker:us-east-1:111122223333:training-job/churn-*') },
          }),
        })],
      },
    });
  });

  test('narrows the log streams to <prefix>* (LogStreamWrite)', () => {
    const { template } = roleWith(() => ({ trainingJobNamePrefix: 'churn-' }), { env: true });
    expectStatement(template, {
      Sid: 'LogStreamWrite',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: arn(`:logs:us-east-1:111122223333${GROUP}:log-stream:churn-*`),
    });
  });

  test('leaves the log group statement as it is (groups have no job name)', () => {
    const { template } = roleWith(() => ({ trainingJobNamePrefix: 'churn-' }), { env: true });
    expectStatement(template, {
      Sid: 'LogGroupAccess',
      Action: ['logs:CreateLogGroup', 'logs:DescribeLogStreams'],
      Resource: [arn(`:logs:us-east-1:111122223333${GROUP}`), arn(`:logs:us-east-1:111122223333${GROUP}:*`)],
    });
  });

  test('without a prefix, the trust policy is account-wide and any log stream of the group is allowed', () => {
    const { template } = roleWith(() => ({}), { env: true });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': arn(':sagemaker:us-east-1:111122223333:*') } }),
        })],
      },
    });
    expect(statementsOf(template, 'LogStreamWrite').map((s) => s.Resource))
      .toEqual([arn(`:logs:us-east-1:111122223333${GROUP}:log-stream:*`)]);
  });

  test.each([
    ['one character', 'a'],
    ['63 characters (a whole job name)', `a${'b'.repeat(62)}`],
    ['a digit first', '2024-churn-'],
  ])('accepts a prefix of %s', (_what, prefix) => {
    const { template } = roleWith(() => ({ trainingJobNamePrefix: prefix }), { env: true });
    expect(statementsOf(template, 'LogStreamWrite').map((s) => s.Resource))
      .toEqual([arn(`:logs:us-east-1:111122223333${GROUP}:log-stream:${prefix}*`)]);
  });

  test('fails when the prefix contains a wildcard, showing the value', () => {
    expect(() => build(() => ({ trainingJobNamePrefix: 'churn-*' }))).toThrow(`${PREFIX_RULE} Got: "churn-*".`);
  });

  test.each([
    ['64 characters (longer than any job name)', `a${'b'.repeat(63)}`],
    ['a leading hyphen', '-churn'],
    ['an underscore', 'churn_'],
    ['a slash', 'churn/'],
    ['a question mark (IAM wildcard)', 'churn?'],
    ['nothing (empty)', ''],
    ['upper case (ARNs may be reported in lower case)', 'Churn-'],
  ])('fails when the prefix has %s', (_what, prefix) => {
    expect(() => build(() => ({ trainingJobNamePrefix: prefix }))).toThrow(`${PREFIX_RULE} Got: ${JSON.stringify(prefix)}.`);
  });

  test('accepts a prefix given as a parameter (checked at deploy time) and uses it in both places', () => {
    const { template } = roleWith((stack) => ({ trainingJobNamePrefix: new CfnParameter(stack, 'JobPrefix').valueAsString }));
    const [stream] = statementsOf(template, 'LogStreamWrite');
    expect(JSON.stringify(stream.Resource)).toContain('{"Ref":"JobPrefix"}');
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0] as any;
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition.ArnLike))
      .toContain('":training-job/",{"Ref":"JobPrefix"},"*"');
  });
});
