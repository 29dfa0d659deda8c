import { ArnContext } from '../private/arns';
import { Grant } from '../private/grant';
import { ResolvedLocation } from '../private/locations';
import { s3LocationGrants } from '../private/s3-grants';

/** Where TensorBoard, Debugger and Profiler write, as the role's policy sees it. */
export interface DebugOutputs {
  /** `TensorBoardOutputConfig.S3OutputPath` */
  readonly tensorBoard?: ResolvedLocation;
  /** `DebugHookConfig.S3OutputPath` */
  readonly debugHook?: ResolvedLocation;
  /** `ProfilerConfig.S3OutputPath` */
  readonly profiler?: ResolvedLocation;
  /** Whether Debugger or Profiler rules run and read the hook and profiler output back. */
  readonly rules: boolean;
}

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
export function debugOutputGrants(ctx: ArnContext, outputs: DebugOutputs): Grant[] {
  const grants: Grant[] = [];
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
