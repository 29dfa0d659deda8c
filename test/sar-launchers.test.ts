/**
 * The statements of the launcher purposes (TensorFlow model_dir, script-mode code, JumpStart,
 * Experiments, MLflow) agree with the Service Authorization Reference.
 */
import { Stack } from 'aws-cdk-lib';
import { SageMakerTrainingRoleProps } from '../src';
import { jumpStartProps, modelTrainerOutputPathProps, modelTrainerProps, pyTorchProps, tensorFlowScriptModeProps, trackingProps } from './util/launcher-props';
import { synthesize } from './util/requests';
import { sarViolations } from './util/sar';

const LAUNCHERS: { launcher: string; props: (stack: Stack) => SageMakerTrainingRoleProps; sids: string[] }[] = [
  {
    launcher: 'SDK v2 TensorFlow script mode',
    props: tensorFlowScriptModeProps(),
    sids: ['ModelDirBucketLocation', 'ModelDirReadWrite', 'ModelDirList', 'SourceCodeRead', 'SourceCodeWriteDeny'],
  },
  { launcher: 'SDK v2 TensorFlow script mode, job name prefix', props: tensorFlowScriptModeProps('sagemaker-tensorflow-'), sids: ['ModelDirReadWrite', 'ModelDirList', 'SourceCodeRead'] },
  { launcher: 'SDK v2 PyTorch', props: pyTorchProps(), sids: ['SourceCodeRead', 'SourceCodeWriteDeny', 'ImagePull'] },
  { launcher: 'SDK v3 ModelTrainer', props: modelTrainerProps(), sids: ['SourceCodeRead', 'SourceCodeList', 'SourceCodeWriteDeny', 'CheckpointSync'] },
  { launcher: 'SDK v3 ModelTrainer with staged inputs', props: modelTrainerProps(true), sids: ['SourceCodeRead', 'SourceCodeList', 'SourceCodeWriteDeny'] },
  { launcher: 'SDK v3 ModelTrainer staging under the output path', props: modelTrainerOutputPathProps(), sids: ['SourceCodeRead', 'SourceCodeWriteDeny'] },
  { launcher: 'SDK v2 JumpStart', props: jumpStartProps(), sids: ['JumpStartRead', 'JumpStartList', 'ImagePull'] },
  { launcher: 'SDK v2 JumpStart, gated models', props: jumpStartProps(true), sids: ['JumpStartRead', 'JumpStartList'] },
  {
    launcher: 'SDK v2 PyTorch with Experiments and MLflow',
    // The tracking server's ARN names the region and account the stack is in (a token when environment-agnostic).
    props: (stack) => trackingProps(Stack.of(stack).formatArn({ service: 'sagemaker', resource: 'mlflow-tracking-server', resourceName: 'team-tracking' }))(stack),
    sids: ['ExperimentsRecord', 'ExperimentsMetrics', 'ExperimentsSearch', 'ExperimentsJobDescribe', 'MlflowTracking', 'MlflowServerDescribe', 'MlflowArtifacts'],
  },
];

describe.each(LAUNCHERS)('the role for $launcher', ({ props, sids }) => {
  describe.each([
    { setting: 'an environment-agnostic stack', options: {} },
    { setting: 'a stack in the test environment', options: { env: true } },
  ])('in $setting', ({ options }) => {
    const syn = synthesize(props, options);

    test('has the launcher\'s statements', () => {
      const present = syn.policies.flatMap((p) => p.policy.Statement).map((s: any) => s.Sid.replace(/\d+$/, ''));
      expect(present).toEqual(expect.arrayContaining(sids));
    });

    test('has no action, resource or condition key the Service Authorization Reference rejects', async () => {
      expect(await sarViolations(syn.policies)).toEqual([]);
    });
  });
});
