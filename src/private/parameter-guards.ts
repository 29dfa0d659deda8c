import { CfnParameter, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { TrainingRoleError } from './errors';
import { JOB_NAME_PREFIX } from '../permissions/trust';

/**
 * Patterns for CloudFormation parameters whose value reaches the role's policies. CloudFormation
 * matches `AllowedPattern` against the whole value, in Java regex syntax
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-regexes.html); these are
 * written in the part of the syntax Java and JavaScript read alike (character classes with
 * `\uXXXX` escapes, no lookaround), so the tests check them with JavaScript.
 */
// Characters of a prefix: U+0020 to U+00FF (what IAM accepts in a policy) less DEL, `$`, `*` and
// `?`; a `$` is allowed when a character other than `{` (or `$`) follows it, so no value holds a
// policy variable (`${`) or ends with a `$` that literal text after it could turn into one.
const PREFIX_CHARS = '\\u0020-\\u0023\\u0025-\\u0029\\u002B-\\u003E\\u0040-\\u007E\\u0080-\\u00FF';
const AFTER_DOLLAR = '\\u0020-\\u0023\\u0025-\\u0029\\u002B-\\u003E\\u0040-\\u007A\\u007C-\\u007E\\u0080-\\u00FF';
export const PREFIX_PARAMETER_PATTERN = `^(?:[${PREFIX_CHARS}]|\\$+[${AFTER_DOLLAR}])*$`;
/** A bucket name or part of one: S3's characters (legacy names: upper case and `_` too). */
export const BUCKET_NAME_PARAMETER_PATTERN = '^[a-zA-Z0-9._-]{1,63}$';
export const JOB_NAME_PREFIX_PARAMETER_PATTERN = JOB_NAME_PREFIX.source;

/** Values a pattern set by the user must refuse for the construct to keep it. */
const HOSTILE_VALUES = ['*', 'data/*', '?', 'run-?', '${aws:username}', 'a/${aws:userid}/', 'a$', '\u20ac'];

/** A prop whose value may hold parameters, and the pattern their values must match. */
export interface ParameterUse {
  readonly prop: string;
  readonly value: string;
  readonly pattern: string;
  /** `prefix`, for the constraint description. */
  readonly what: string;
}

/**
 * A parameter used in a prefix, a bucket name or the job name prefix deploys with whatever value
 * it is given, `*` included: the role would be granted what the wildcard matches. Each such
 * parameter of the role's stack gets an `AllowedPattern` that refuses wildcards, policy variables
 * and characters IAM refuses, so such a value fails the deployment. A parameter that has its own
 * `AllowedPattern` keeps it when it refuses every hostile value tried; otherwise it is an error.
 * A parameter of another type than `String` cannot be constrained: an error too.
 */
export function guardParameters(scope: IConstruct, uses: ParameterUse[]): void {
  const stack = Stack.of(scope);
  let parameters: Map<string, CfnParameter> | undefined;
  for (const use of uses) {
    if (!Token.isUnresolved(use.value)) {
      continue;
    }
    const refs = referencedNames(stack.resolve(use.value));
    if (refs.length === 0) {
      continue;
    }
    parameters ??= new Map(stack.node.findAll()
      .filter((c): c is CfnParameter => c instanceof CfnParameter)
      .map((p) => [stack.resolve(p.logicalId) as string, p]));
    for (const ref of refs) {
      const parameter = parameters.get(ref);
      if (parameter) {
        guard(use, parameter);
      }
    }
  }
}

function guard(use: ParameterUse, parameter: CfnParameter): void {
  const path = parameter.node.path;
  if (parameter.type !== 'String') {
    throw new TrainingRoleError(use.prop, `\${${path}}`,
      `a parameter of type ${parameter.type} cannot be given an AllowedPattern, so a wildcard value would deploy and widen the role; use a parameter of type String.`);
  }
  if (parameter.allowedPattern === undefined || parameter.allowedPattern === use.pattern) {
    parameter.allowedPattern = use.pattern;
    parameter.constraintDescription ??= `The ${use.what} may not hold "*", "?" or "\${" (IAM wildcards and policy variables) nor characters outside U+0020 to U+00FF.`;
    return;
  }
  const accepted = hostileAccepted(parameter.allowedPattern);
  if (accepted !== undefined) {
    throw new TrainingRoleError(use.prop, `\${${path}}`,
      `the parameter's AllowedPattern (${JSON.stringify(parameter.allowedPattern)}) accepts ${JSON.stringify(accepted)}, which IAM would read as a wildcard or a policy variable (or refuse); remove the AllowedPattern (the construct then sets ${JSON.stringify(use.pattern)}) or narrow it.`);
  }
}

/** The first hostile value a user's pattern accepts, `'<not checkable>'` if it is not a JavaScript regex. */
function hostileAccepted(pattern: string): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`);
  } catch {
    return '<a pattern this check cannot read>';
  }
  return HOSTILE_VALUES.find((v) => regex.test(v));
}

/** The names of the `Ref`s in a resolved value (pseudo parameters excluded). */
function referencedNames(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(referencedNames);
  }
  if (value && typeof value === 'object') {
    const ref = (value as { Ref?: unknown }).Ref;
    if (typeof ref === 'string' && Object.keys(value).length === 1) {
      return ref.startsWith('AWS::') ? [] : [ref];
    }
    return Object.values(value).flatMap(referencedNames);
  }
  return [];
}
