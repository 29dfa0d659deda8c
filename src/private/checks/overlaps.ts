import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { sameBucket } from '../bucket-identity';
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
  refuseUndecided(checkpoint, role.output, 'outputBucket', (a, b) => prefixCovers(a, b) || prefixCovers(b, a));
  if (covers(checkpoint, role.output) || covers(role.output, checkpoint)) {
    throw new TrainingRoleError('checkpointBucket', uri(checkpoint),
      `the checkpoint location overlaps the output location (${uri(role.output)}): SageMaker copies everything under the checkpoint prefix into each job and mirrors deletions back to S3, so checkpoint sync could delete or overwrite model artifacts, and the role would need to delete them. Give checkpoints and output separate prefixes, for example "checkpoints/" and "models/".`);
  }
  role.inputs.forEach((input, i) => {
    refuseUndecided(checkpoint, input, `inputBuckets[${i}]`, prefixCovers);
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
    if (location) {
      refuseUndecided(checkpoint, location, prop, (a, b) => prefixCovers(a, b) || prefixCovers(b, a));
    }
    if (location && (covers(checkpoint, location) || covers(location, checkpoint))) {
      throw new TrainingRoleError('checkpointBucket', uri(checkpoint),
        `the checkpoint location overlaps ${prop} (${uri(location)}): SageMaker mirrors deletions in the checkpoint directory back to S3, so the role would need to write and delete there too. Give checkpoints a prefix of their own.`);
    }
  }
}

/**
 * A model directory you give (`TensorFlowModelDir.fromLocation`) covering an input or the source
 * code: error. TensorFlow deletes in its model directory (a checkpoint is saved by renaming), so
 * the role would delete training data or its own code. (The SDK's default model directories are
 * job folders of the output, which only the output covers.)
 */
export function checkModelDirOverlaps(role: ResolvedRoleProps): void {
  const modelDir = role.modelDir?.location;
  if (!modelDir || modelDir === role.output) {
    return;
  }
  const others: [string, ResolvedLocation | undefined][] = [
    ...role.inputs.map((input, i) => [`the input location inputBuckets[${i}]`, input] as [string, ResolvedLocation]),
    ['the source code location sourceCodeLocation', role.sourceCode],
  ];
  for (const [what, location] of others) {
    if (location && covers(modelDir, location)) {
      throw new TrainingRoleError('tensorFlowModelDir', uri(modelDir),
        `the model directory covers ${what} (${uri(location)}): TensorFlow writes and deletes in its model directory, so the role would write and delete there too. Give the model directory a prefix of its own, for example "model-dirs/".`);
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
    const first = inputs.findIndex((other) => sameBucket(other, input) === true && other.prefix === input.prefix);
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

/**
 * Whether `outer` covers every key of `inner`: the same bucket (by identity: a created bucket's
 * name token and its literal name are one bucket) and `inner`'s prefix starts with `outer`'s.
 */
function covers(outer: ResolvedLocation, inner: ResolvedLocation): boolean {
  return sameBucket(outer, inner) === true && prefixCovers(outer, inner);
}

/** Whether `outer`'s prefix covers `inner`'s, both known. */
function prefixCovers(outer: ResolvedLocation, inner: ResolvedLocation): boolean {
  return !Token.isUnresolved(outer.prefix) && !Token.isUnresolved(inner.prefix) && inner.prefix.startsWith(outer.prefix);
}

/**
 * Refuses a checkpoint location whose prefixes overlap another location's when synthesis cannot
 * tell whether the two buckets are the same (a parameter, an imported value): if they are,
 * checkpoint sync could delete what the other location holds.
 */
function refuseUndecided(checkpoint: ResolvedLocation, other: ResolvedLocation, prop: string,
  overlap: (a: ResolvedLocation, b: ResolvedLocation) => boolean): void {
  if (sameBucket(checkpoint, other) === undefined && overlap(checkpoint, other)) {
    throw new TrainingRoleError('checkpointBucket', uri(checkpoint),
      `the checkpoint location's prefix overlaps that of ${prop} (${uri(other)}), and synthesis cannot tell whether the two buckets are the same (one is known only at deployment). If they are, SageMaker's checkpoint sync would mirror deletions into ${prop} and the role would need to delete there. Give checkpoints a prefix no other location's prefix starts with or extends (for example "checkpoints/"), or give both buckets as the same construct or by literal names.`);
  }
}
