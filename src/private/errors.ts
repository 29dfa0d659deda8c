import { IResolvable, Intrinsic, Reference, Tokenization } from 'aws-cdk-lib';
import { LIBRARY_ID } from './library-id';
import { STRING_TOKEN } from './tokens';

/**
 * The error this library throws for input it cannot turn into a least-privilege role.
 *
 * Every message names the prop, shows the offending value and says what is allowed. Unresolved
 * values (tokens) are shown as what they refer to, in one syntax (`${Stack/Key.Arn}`, `${AWS::Region}`) rather
 * than as `${Token[...]}`.
 */
export class TrainingRoleError extends Error {
  /**
   * A stable id of what was refused, as aws-cdk's validation errors carry one: the library's
   * prefix and the prop without list positions (`cdk-sagemaker-training-role:inputBuckets.prefix`).
   */
  public readonly id: string;

  /** The path of the construct whose input was refused (as aws-cdk's `constructPath`), once known. */
  public constructPath?: string;

  constructor(prop: string, value: unknown, allowed: string) {
    super(problemText(prop, value, allowed));
    this.name = 'TrainingRoleError';
    this.id = `${LIBRARY_ID}:${prop.replace(/\[\d+\]/g, '')}`;
  }
}

/**
 * Runs `fn`, naming `path` as the construct path of a `TrainingRoleError` it throws (the innermost
 * construct wins: a path already set is kept).
 */
export function withConstructPath<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TrainingRoleError && e.constructPath === undefined) {
      e.constructPath = path;
    }
    throw e;
  }
}

/**
 * The text of a problem with a prop: the prop, what is allowed (or what to do), and the value.
 * Errors and warnings say it the same way.
 */
export function problemText(prop: string, value: unknown, allowed: string): string {
  return readable(`${prop}: ${allowed} Got: ${show(value)}.`);
}

/** A readable rendering of a prop value for an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (value === undefined) {
    return 'undefined';
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}


/** `text` with every string token replaced by a description of what it stands for. */
export function readable(text: string): string {
  return text.replace(STRING_TOKEN, (encoded) => {
    const token = Tokenization.reverseString(encoded).firstToken;
    return token ? describeToken(token) : encoded;
  });
}

function describeToken(token: IResolvable): string {
  if (Reference.isReference(token)) {
    const target = token.target;
    const parent = target.node.scope;
    // A resource's L1 is its default child (`.../Resource`): name the L2 the user knows.
    const path = parent && parent.node.defaultChild === target ? parent.node.path : target.node.path;
    return `\${${path}.${token.displayName}}`;
  }
  if (token instanceof Intrinsic) {
    // An intrinsic's value does not depend on the resolve context.
    const value = token.resolve(undefined as any);
    if (value && typeof value === 'object' && typeof value.Ref === 'string') {
      return `\${${value.Ref}}`;
    }
  }
  return '${unresolved value}';
}
