import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TrainingRoleError } from '../errors';
import { ResolvedLocation } from '../locations';
import { ResolvedRoleProps } from '../resolved-role-props';
import { warnProp } from '../warnings';

/**
 * Locations that overlap.
 *
 * - The checkpoint location overlapping the output, or covering an input: error. SageMaker copies
 *   the whole checkpoint prefix into each job and mirrors deletions back to S3, so the role would
 *   need delete on model artifacts or training data, and checkpoint sync could destroy them. The
 *   same holds for the read-only source code and the write-only debugging outputs.
 */
export function checkCheckpointOverlaps(role: ResolvedRoleProps): void {
  const checkpoint = role.checkpoint;
  if (!checkpoint) {
    return;
  }
  if (covers(checkpoint, role.output) || covers(role.output, checkpoint)) {
    throw new TrainingRoleError('checkpointBucket', uri(checkpoint),
      `the checkpoint location overlaps the output location (${uri(role.output)}): SageMaker copies everything under the checkpoint prefix into each job and mirrors deletions back to S3, so checkpoint sync could delete or overwrite model artifacts, and the role would need to delete them. Give checkpoints and output separate prefixes, for example "checkpoints/" and "models/".`);
  }
  role.inputs.forEach((input, i) => {
    if (covers(checkpoint, input)) {
      throw new TrainingRoleError('checkpointBucket', uri(checkpoint),
        `the checkpoint location covers the input location inputBuckets[${i}] (${uri(input)}): SageMaker mirrors deletions in the checkpoint directory back to S3, so the role would need to write and delete training data. Give checkpoints a prefix outside every input.`);
    }
  });
  // The other read-only or write-only locations: the checkpoint grants would add write and
  // delete on the training code, or read and delete on debugging output.
  const others: [string, ResolvedLocation | undefined][] = [
    ['sourceCodeLocation', role.sourceCode],
    ['tensorBoardOutput', role.debugOutputs.tensorBoard],
    ['debugHookOutput', role.debugOutputs.debugHook],
    ['profilerOutput', role.debugOutputs.profiler],
  ];
  for (const [prop, location] of others) {
    if (location && (covers(checkpoint, location) || covers(location, checkpoint))) {
      throw new TrainingRoleError('checkpointBucket', uri(checkpoint),
        `the checkpoint location overlaps ${prop} (${uri(location)}): SageMaker mirrors deletions in the checkpoint directory back to S3, so the role would need to write and delete there too. Give checkpoints a prefix of their own.`);
    }
  }
}

/**
 * Overlaps that are legal but often a slip: warnings.
 *
 * - An input covering the output or the checkpoints, the output covering an input. The role then
 *   reads (or writes) part of another location, which is sometimes wanted (incremental training
 *   reads an earlier job's artifacts).
 * - The same input location twice. It is granted once.
 */
export function warnAboutOverlaps(scope: IConstruct, role: ResolvedRoleProps): void {
  const { inputs, output, checkpoint } = role;
  inputs.forEach((input, i) => {
    const prop = `inputBuckets[${i}]`;
    const first = inputs.findIndex((other) => other.bucketKey === input.bucketKey && other.prefix === input.prefix);
    if (first < i) {
      warnProp(scope, 'DuplicateLocation', prop, uri(input), `inputBuckets[${first}]`);
      return;
    }
    if (covers(input, output)) {
      warnProp(scope, 'OutputInsideInput', prop, uri(input), uri(output));
    } else if (covers(output, input)) {
      warnProp(scope, 'InputInsideOutput', prop, uri(input), uri(output));
    }
    if (checkpoint && covers(input, checkpoint)) {
      warnProp(scope, 'CheckpointInsideInput', prop, uri(input), uri(checkpoint));
    }
  });
}

/** `s3://<bucket>/<prefix>`, as the request names a location. */
function uri(l: ResolvedLocation): string {
  return `s3://${l.bucketName}/${l.prefix}`;
}

/** Whether `outer` covers every key of `inner` (same bucket, `inner`'s prefix starts with `outer`'s). */
function covers(outer: ResolvedLocation, inner: ResolvedLocation): boolean {
  return outer.bucketKey === inner.bucketKey && !Token.isUnresolved(outer.prefix) && !Token.isUnresolved(inner.prefix)
    && inner.prefix.startsWith(outer.prefix);
}
