import { TrainingRoleError } from '../errors';
import { ResolvedRoleProps } from '../resolved-role-props';

/** Props that mean nothing without another prop: errors, naming what to add. */
export function checkDependencies(role: ResolvedRoleProps): void {
  const outputs = role.debugOutputs;
  if (outputs.rules && !outputs.debugHook && !outputs.profiler) {
    throw new TrainingRoleError('debuggerRules', true,
      'rules read what the Debugger hook or the Profiler wrote; give debugHookOutput or profilerOutput too, or leave debuggerRules out.');
  }
  for (const [prop, given] of [
    ['fsxFileSystems', role.fsxFileSystemCount > 0],
    ['efsFileSystems', role.efsFileSystemArns.length > 0],
    ['registryCredentialsProvider', role.registryCredentialsProviderArn !== undefined],
  ] as const) {
    if (given && !role.network) {
      throw new TrainingRoleError(prop, 'given without vpc',
        'SageMaker reaches file systems and private registries through the job\'s network interfaces; give `vpc` (and securityGroups) too.');
    }
  }
}
