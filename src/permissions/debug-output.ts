import { Purpose } from './purpose';
import { S3_OBJECTS } from './wildcard-exemptions';
import { ArnContext, viaService } from '../private/arns';
import { keyStatement } from '../private/kms-grants';
import { ResolvedLocation } from '../private/locations';
import { PlannedStatement } from '../private/planned-statement';
import { DebugOutputs } from '../private/resolved-role-props';
import { s3LocationGrants } from '../private/s3-grants';

const WRITE = ['s3:PutObject', 's3:AbortMultipartUpload'];

/**
 * Writing TensorBoard summaries, Debugger tensors and Profiler data: each its own statement,
 * write-only like the model output.
 *
 * Debugger and Profiler rules run as processing jobs with the training job's role and read what
 * the hook and the profiler wrote: with `rules`, read and list those two locations as well.
 * (The SageMaker documentation does not list these permissions; reading back is what a rule
 * does with the data, so it is granted only when rules are declared.)
 */
export function debugOutputGrants(ctx: ArnContext, outputs: DebugOutputs): PlannedStatement[] {
  const grants: PlannedStatement[] = [];
  if (outputs.tensorBoard) {
    grants.push(...s3LocationGrants(ctx, [outputs.tensorBoard], { sid: 'TensorBoardWrite', actions: WRITE }));
  }
  if (outputs.debugHook) {
    grants.push(...s3LocationGrants(ctx, [outputs.debugHook], { sid: 'DebugHookWrite', actions: WRITE }));
  }
  if (outputs.profiler) {
    grants.push(...s3LocationGrants(ctx, [outputs.profiler], { sid: 'ProfilerWrite', actions: WRITE }));
  }
  const read = [outputs.debugHook, outputs.profiler].filter((l): l is ResolvedLocation => l !== undefined);
  if (outputs.rules && read.length > 0) {
    grants.push(...s3LocationGrants(ctx, read, { sid: 'DebuggerRulesRead', actions: ['s3:GetObject'] }, 'DebuggerRulesList'));
  }
  return grants;
}

export const DEBUG_OUTPUTS: Purpose = {
  props: ['tensorBoardOutput', 'debugHookOutput', 'profilerOutput', 'debuggerRules'],
  statements: [
    { sid: 'TensorBoardWrite', why: 'The job writes TensorBoard summaries; write only.', wildcard: S3_OBJECTS },
    { sid: 'DebugHookWrite', why: 'The Debugger hook writes tensors; write only.', wildcard: S3_OBJECTS },
    { sid: 'ProfilerWrite', why: 'The Profiler writes system and framework metrics; write only.', wildcard: S3_OBJECTS },
    { sid: 'DebuggerRulesRead', why: 'Debugger and Profiler rules read back what the hook and profiler wrote.', wildcard: S3_OBJECTS },
    { sid: 'DebuggerRulesList', why: 'Rules list the Debugger and Profiler outputs, narrowed to their prefixes.' },
    { sid: 'DebugOutputKeyUse', why: 'S3 encrypts the debugging outputs (and decrypts them for rules) with their keys.' },
  ],
  plan: (ctx, role) => [
    ...debugOutputGrants(ctx, role.debugOutputs),
    // Written through S3: GenerateDataKey, and Decrypt for multipart uploads and for rules reading back.
    ...keyStatement('DebugOutputKeyUse', ['kms:GenerateDataKey', 'kms:Decrypt'], role.debugOutputKeyArns, [viaService(ctx, 's3')]),
  ],
};
