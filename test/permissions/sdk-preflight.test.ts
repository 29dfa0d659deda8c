import { Template } from 'aws-cdk-lib/assertions';
import { SDK_PREFLIGHT_REQUESTS } from '../util/sdk-preflight';
import { allStatements, expectStatement, roleWith, statementsOf } from '../util/statements';

const SDK_ACTIONS = SDK_PREFLIGHT_REQUESTS;

/** Every statement of the template except the one with this Sid, as JSON. */
function without(template: Template, sid: string): any[] {
  return allStatements(template).filter((s) => s.Sid !== sid);
}

describe('SageMaker Python SDK v3 pre-flight compatibility (SPEC: known interoperability trap)', () => {
  test('grants exactly the eleven simulated actions on * without a condition (SdkPreflightCompatibility)', () => {
    const { template } = roleWith(() => ({ sdkPreflightCompatibility: true }));
    expectStatement(template, { Sid: 'SdkPreflightCompatibility', Action: SDK_ACTIONS, Resource: '*' });
  });

  test('adds that one statement and changes no other', () => {
    const off = roleWith(() => ({}));
    const on = roleWith(() => ({ sdkPreflightCompatibility: true }));
    expect(statementsOf(on.template, 'SdkPreflightCompatibility')).toHaveLength(1);
    expect(without(on.template, 'SdkPreflightCompatibility')).toEqual(allStatements(off.template));
  });

  test('keeps the namespace-conditioned MetricsPublish statement beside it', () => {
    const { template } = roleWith(() => ({ sdkPreflightCompatibility: true }));
    expectStatement(template, {
      Sid: 'MetricsPublish',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': ['/aws/sagemaker/TrainingJobs'] } },
    });
  });

  test.each([
    ['left out', {}],
    ['false', { sdkPreflightCompatibility: false }],
  ])('grants no pre-flight statement when sdkPreflightCompatibility is %s', (_name, props) => {
    const { template } = roleWith(() => props);
    expect(statementsOf(template, 'SdkPreflightCompatibility')).toEqual([]);
    expect(allStatements(template).flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('ec2:') || a.startsWith('ecr:'))).toEqual([]);
  });
});
