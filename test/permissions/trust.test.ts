import { Match } from 'aws-cdk-lib/assertions';
import { arn, ref, roleWith } from '../util/statements';

describe('trust policy (SPEC: trust policy)', () => {
  test('lets only sagemaker.amazonaws.com assume the role, on behalf of this account, in an env-agnostic stack', () => {
    const { template } = roleWith();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.exact({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'sagemaker.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
            ArnLike: { 'aws:SourceArn': arn(':sagemaker:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':*') },
          },
        }],
      }),
    });
  });

  test('names the account and region literally in a pinned stack', () => {
    const { template } = roleWith(() => ({}), { env: true });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Condition: Match.exact({
            StringEquals: { 'aws:SourceAccount': '111122223333' },
            ArnLike: { 'aws:SourceArn': arn(':sagemaker:us-east-1:111122223333:*') },
          }),
        })],
      },
    });
  });
});
