import { arn, expectStatement, ref, roleWith, statementsOf } from '../util/statements';

const GROUP = ':log-group:/aws/sagemaker/TrainingJobs';
const IN_REGION = [':logs:', ref('AWS::Region'), ':', ref('AWS::AccountId')];

describe('logs (SPEC: always, logs)', () => {
  test('grants CreateLogGroup and DescribeLogStreams on the training log group, both ARN forms', () => {
    const { template } = roleWith();
    expectStatement(template, {
      Sid: 'LogGroupAccess',
      Action: ['logs:CreateLogGroup', 'logs:DescribeLogStreams'],
      Resource: [arn(...IN_REGION, GROUP), arn(...IN_REGION, `${GROUP}:*`)],
    });
  });

  test('grants CreateLogStream and PutLogEvents on the training log group\'s streams only', () => {
    const { template } = roleWith();
    expectStatement(template, {
      Sid: 'LogStreamWrite',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: arn(...IN_REGION, `${GROUP}:log-stream:*`),
    });
  });

  test('names the stack\'s region and account literally in a pinned stack', () => {
    const { template } = roleWith(() => ({}), { env: true });
    expectStatement(template, {
      Sid: 'LogStreamWrite',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: arn(`:logs:us-east-1:111122223333${GROUP}:log-stream:*`),
    });
  });

  test('grants one statement for each log purpose', () => {
    const { template } = roleWith();
    expect(statementsOf(template, 'LogGroupAccess')).toHaveLength(1);
    expect(statementsOf(template, 'LogStreamWrite')).toHaveLength(1);
  });
});
