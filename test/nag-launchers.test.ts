/**
 * cdk-nag AwsSolutions on the roles of the launchers: the job-layout wildcards (`<prefix>/*\/model/*`,
 * `*\/source/sourcedir.tar.gz`, `*\/input/code/*`) are acknowledged by exact id with their reason,
 * and nothing is left unacknowledged.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../src';
import { newStack } from './util/fixtures';
import { jumpStartProps, modelTrainerOutputPathProps, modelTrainerProps, pyTorchProps, tensorFlowScriptModeProps, trackingProps } from './util/launcher-props';
import { S3_JOB_LAYOUT } from '../src/permissions/wildcard-exemptions';

function roleIn(fixture: (stack: Stack) => SageMakerTrainingRoleProps): { stack: Stack; role: SageMakerTrainingRole } {
  const stack = newStack({ env: true });
  return { stack, role: new SageMakerTrainingRole(stack, 'TrainingRole', fixture(stack)) };
}

function findings(stack: Stack, scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
  return report.violations.flatMap((v) => v.violatingResources
    .filter((r) => (r.constructPath ?? '').startsWith(`${scope.node.path}/`))
    .map(() => v.ruleName)).sort();
}

function acknowledgements(scope: IConstruct): { id: string; reason: string }[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, string>))
    .map(([id, reason]) => ({ id: id.replace(/^annotation::/i, ''), reason })));
}

const LAUNCHERS: { launcher: string; props: (stack: Stack) => SageMakerTrainingRoleProps; layout: string[]; reasons?: string[] }[] = [
  {
    launcher: 'SDK v2 TensorFlow script mode',
    props: tensorFlowScriptModeProps(),
    layout: ['arn:<AWS::Partition>:s3:::mybucket/*/model/*', 'arn:<AWS::Partition>:s3:::mybucket/*/source/sourcedir.tar.gz'],
  },
  {
    launcher: 'SDK v2 TensorFlow script mode, job name prefix',
    props: tensorFlowScriptModeProps('tf-'),
    layout: ['arn:<AWS::Partition>:s3:::mybucket/tf-*/model/*', 'arn:<AWS::Partition>:s3:::mybucket/tf-*/source/sourcedir.tar.gz'],
  },
  { launcher: 'SDK v2 PyTorch', props: pyTorchProps(), layout: ['arn:<AWS::Partition>:s3:::mybucket/*/source/sourcedir.tar.gz'] },
  {
    launcher: 'SDK v3 ModelTrainer',
    props: modelTrainerProps(),
    layout: [
      'arn:<AWS::Partition>:s3:::sagemaker-us-west-2-000000000000/sample-prefix/dummy-image-job/*/input/code/*',
      'arn:<AWS::Partition>:s3:::sagemaker-us-west-2-000000000000/sample-prefix/dummy-image-job/*/input/sm_drivers/*',
    ],
  },
  {
    launcher: 'SDK v3 ModelTrainer with staged inputs',
    props: modelTrainerProps(true),
    layout: ['arn:<AWS::Partition>:s3:::sagemaker-us-west-2-000000000000/sample-prefix/dummy-image-job/*/input/*'],
  },
  {
    launcher: 'SDK v2 PyTorch with Experiments and MLflow',
    props: trackingProps('arn:aws:sagemaker:us-east-1:111122223333:mlflow-tracking-server/team-tracking'),
    layout: [],
  },
  {
    launcher: 'SDK v2 JumpStart, gated models',
    props: jumpStartProps(true),
    layout: [],
    reasons: ['arn:<AWS::Partition>:s3:::jumpstart-cache-prod-us-east-1/*', 'arn:<AWS::Partition>:s3:::jumpstart-private-cache-prod-us-east-1/*'],
  },
  {
    launcher: 'SDK v3 ModelTrainer staging under the output path',
    props: modelTrainerOutputPathProps(),
    layout: ['arn:<AWS::Partition>:s3:::fallback-bucket/my/prefix/sample-prefix/dummy-image-job/*/input/code/*'],
  },
];

describe.each(LAUNCHERS)('cdk-nag on the role for $launcher', ({ props, layout, reasons }) => {
  test('leaves no unacknowledged finding on the role', () => {
    const { stack, role } = roleIn(props);
    expect(findings(stack, role)).toEqual([]);
  });

  test('acknowledges each job-layout resource by exact id, with the job-layout reason', () => {
    const { role } = roleIn(props);
    const acknowledged = acknowledgements(role);
    for (const resource of layout) {
      expect(acknowledged).toContainEqual({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason: expect.stringContaining(S3_JOB_LAYOUT.reason) });
    }
  });

  test('acknowledges the AWS-owned JumpStart buckets by exact id, with their reason', () => {
    const { role } = roleIn(props);
    for (const resource of reasons ?? []) {
      expect(acknowledgements(role)).toContainEqual({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason: expect.stringContaining('JumpStart serves') });
    }
  });
});
