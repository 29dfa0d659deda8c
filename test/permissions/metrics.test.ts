import { allActions, expectStatement, roleWith, statementsOf } from '../util/statements';

describe('metrics (SPEC: always, metrics)', () => {
  test('grants cloudwatch:PutMetricData on * only in the /aws/sagemaker/TrainingJobs namespace', () => {
    const { template } = roleWith();
    expectStatement(template, {
      Sid: 'MetricsPublish',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': ['/aws/sagemaker/TrainingJobs'] } },
    });
  });

  test('PutMetricData is the only cloudwatch: action, in one statement', () => {
    const { template } = roleWith();
    expect(statementsOf(template, 'MetricsPublish')).toHaveLength(1);
    expect(allActions(template).filter((a) => a.startsWith('cloudwatch:'))).toEqual(['cloudwatch:PutMetricData']);
  });
});
