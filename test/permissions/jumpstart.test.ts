import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole } from '../../src';
import { arn, expectStatement, ref, roleWith, statementsOf } from '../util/statements';

describe('jumpStart (SageMaker JumpStart models, scripts and datasets)', () => {
  test('reads the public JumpStart bucket of the stack\'s region', () => {
    const { template } = roleWith(() => ({ jumpStart: {} }), { env: true });
    expectStatement(template, { Sid: 'JumpStartRead', Action: 's3:GetObject', Resource: arn(':s3:::jumpstart-cache-prod-us-east-1/*') });
    expectStatement(template, { Sid: 'JumpStartList', Action: 's3:ListBucket', Resource: arn(':s3:::jumpstart-cache-prod-us-east-1') });
  });

  test('with gatedModels, also the private bucket of gated models', () => {
    const { template } = roleWith(() => ({ jumpStart: { gatedModels: true } }), { env: true });
    expectStatement(template, {
      Sid: 'JumpStartRead',
      Action: 's3:GetObject',
      Resource: [arn(':s3:::jumpstart-cache-prod-us-east-1/*'), arn(':s3:::jumpstart-private-cache-prod-us-east-1/*')],
    });
  });

  test('names the buckets by the region token in an environment-agnostic stack', () => {
    const { template } = roleWith(() => ({ jumpStart: {} }));
    expectStatement(template, { Sid: 'JumpStartRead', Action: 's3:GetObject', Resource: arn(':s3:::jumpstart-cache-prod-', ref('AWS::Region'), '/*') });
  });

  test('names the buckets of another region for a stack there', () => {
    const stack = new Stack(new App(), 'Tokyo', { env: { account: '111122223333', region: 'ap-northeast-1' } });
    new SageMakerTrainingRole(stack, 'Role', { outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'M', 'example-models') }, jumpStart: {} });
    expect(statementsOf(Template.fromStack(stack), 'JumpStartRead')[0].Resource).toEqual(arn(':s3:::jumpstart-cache-prod-ap-northeast-1/*'));
  });

  test('grants nothing of JumpStart by default', () => {
    const { template } = roleWith();
    expect(JSON.stringify(template.toJSON())).not.toContain('jumpstart');
  });
});
