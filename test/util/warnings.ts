/**
 * The warnings of a stack as id and message, for exact assertions on this library's warnings.
 */
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';

export interface Warning {
  /** The construct path the warning is on, without the leading `/`. */
  readonly path: string;
  /** The acknowledgement id (`cdk-sagemaker-training-role:...`), if the warning has one. */
  readonly id?: string;
  /** The message without its `[ack: ...]` suffix. */
  readonly message: string;
}

/** Every warning of the stack, in the order they were added. */
export function warningsOf(stack: Stack): Warning[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => {
    const data = String(w.entry.data);
    const ack = / \[ack: ([^\]]+)\]$/.exec(data);
    return { path: w.id.replace(/^\//, ''), id: ack?.[1], message: ack ? data.slice(0, ack.index) : data };
  });
}

/** The messages of the warnings with this library's id `name` (`cdk-sagemaker-training-role:<name>`). */
export function warningMessages(stack: Stack, name: string): string[] {
  return warningsOf(stack).filter((w) => w.id === `cdk-sagemaker-training-role:${name}`).map((w) => w.message);
}

/** The library's warning ids of the stack, sorted. */
export function warningIds(stack: Stack): string[] {
  return warningsOf(stack).map((w) => w.id ?? '(no id)').sort();
}
