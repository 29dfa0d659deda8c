/**
 * The example's cdk-nag paragraph: the recording checks see the same findings cdk-nag reports,
 * acknowledged ones with their reasons, and the summary counts them.
 */
import { Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RecordingAwsSolutionsChecks, renderNagSummary } from '../examples/nag-findings';
import { SageMakerTrainingRole } from '../src';
import { minimalProps, newStack } from './util/fixtures';

function exampleLikeStack() {
  const stack = newStack();
  const role = new SageMakerTrainingRole(stack, 'TrainingRole', minimalProps(stack));
  const logs = new s3.Bucket(stack, 'Unacknowledged', { enforceSSL: true });
  const data = stack.node.findChild('DataBucket');
  Validations.of(data).acknowledge({ id: 'AwsSolutions-S1', reason: 'Test: no access logs for the data bucket.' });
  return { stack, role, logs };
}

describe('RecordingAwsSolutionsChecks', () => {
  test('records every finding; the open ones are exactly what cdk-nag reports', () => {
    const { stack } = exampleLikeStack();
    const checks = new RecordingAwsSolutionsChecks();
    const report = checks.validateScope(stack);
    const reported = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)).sort();
    const open = checks.findings.filter((f) => f.reason === undefined).map((f) => `${f.id} ${f.path}`).sort();
    expect(open).toEqual(reported);
    expect(open.length).toBeGreaterThan(0);
    expect(checks.findings.length).toBeGreaterThan(open.length);
  });

  test('acknowledged findings carry the reason and where it was given', () => {
    const { stack, role } = exampleLikeStack();
    const checks = new RecordingAwsSolutionsChecks();
    checks.validateScope(stack);
    const onData = checks.findings.find((f) => f.id === 'AwsSolutions-S1' && f.path === 'TestStack/DataBucket/Resource');
    expect(onData).toEqual({
      id: 'AwsSolutions-S1',
      path: 'TestStack/DataBucket/Resource',
      acknowledgedAt: 'TestStack/DataBucket',
      reason: 'Test: no access logs for the data bucket.',
    });
    const onRole = checks.findings.filter((f) => f.path.startsWith(`${role.node.path}/`));
    expect(onRole.length).toBe(5);
    expect(onRole.every((f) => f.reason && f.acknowledgedAt?.startsWith(`${role.node.path}/`))).toBe(true);
  });

  test('a second validation starts a new list', () => {
    const { stack } = exampleLikeStack();
    const checks = new RecordingAwsSolutionsChecks();
    checks.validateScope(stack);
    const first = checks.findings.length;
    checks.validateScope(stack);
    expect(checks.findings.length).toBe(first);
  });
});

describe('renderNagSummary', () => {
  const report = {
    pack: 'AwsSolutions',
    findings: [
      { id: 'AwsSolutions-IAM5[Resource::*]', path: 'S/TrainingRole/Policy1/Resource', acknowledgedAt: 'S/TrainingRole/Policy1', reason: 'wildcard-only actions' },
      { id: 'AwsSolutions-S1', path: 'S/DataBucket/Resource', acknowledgedAt: 'S/DataBucket', reason: 'no access logs here' },
    ],
  };

  test('counts the findings (the review lists the acknowledged ones with their reasons)', () => {
    expect(renderNagSummary(report)).toBe(
      'cdk-nag AwsSolutions, run during synthesis: 2 findings,\n  each acknowledged with a reason (listed above), 0 open\n');
  });

  test('names open findings', () => {
    const text = renderNagSummary({ pack: 'AwsSolutions', findings: [...report.findings, { id: 'AwsSolutions-S10', path: 'S/Logs/Resource' }] });
    expect(text).toContain('3 findings,\n  2 acknowledged with a reason (listed above), 1 open');
    expect(text).toContain('  1 not acknowledged:\n    AwsSolutions-S10 on Logs');
  });
});
