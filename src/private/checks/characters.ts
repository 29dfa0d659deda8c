import { literalParts } from '../tokens';

/**
 * The characters IAM accepts in a policy document: tab, line feed, carriage return and U+0020 to
 * U+00FF. IAM quotas page ("Policy documents can contain only the following Unicode characters"),
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names ;
 * the API's pattern for `PolicyDocument` is `[\u0009\u000A\u000D\u0020-\u00FF]+` (CreatePolicy,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html).
 */
export const IAM_POLICY_CHARACTERS = /^[\u0009\u000A\u000D\u0020-\u00FF]*$/;

/** One character IAM refuses in a policy document, and where it is. */
export interface RefusedCharacter {
  readonly char: string;
  /** `U+20AC` */
  readonly codePoint: string;
  /** 1-based, in characters (code points) of `part`. */
  readonly position: number;
  /** The literal part of the value it is in (the value itself when it has no unresolved part). */
  readonly part: string;
  /** Whether the value has unresolved parts (then `position` counts in `part`). */
  readonly partial: boolean;
}

/** The first character of the literal parts of `value` that IAM refuses in a policy, if any. */
export function refusedCharacter(value: string): RefusedCharacter | undefined {
  const parts = literalParts(value);
  for (const part of parts) {
    let position = 0;
    for (const char of part) {
      position++;
      if (!IAM_POLICY_CHARACTERS.test(char)) {
        const codePoint = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
        return { char, codePoint, position, part, partial: parts.length > 1 };
      }
    }
  }
  return undefined;
}

/**
 * What is wrong with a value that reaches a policy document because of its characters, or
 * `undefined`. The message names the character, its code point and its position.
 */
export function iamCharacterProblem(value: string, what: string): string | undefined {
  const refused = refusedCharacter(value);
  if (!refused) {
    return undefined;
  }
  const where = refused.partial
    ? `at position ${refused.position} of the literal part ${JSON.stringify(refused.part)}`
    : `at position ${refused.position}`;
  return `IAM policy documents may contain only tab, line feed, carriage return and the characters U+0020 to U+00FF, so a policy naming this ${what} would fail to deploy (MalformedPolicyDocument); ${JSON.stringify(refused.char)} (${refused.codePoint}) ${where} is outside that set. IAM's wildcards cannot stand for it without widening the grant: give a ${what} of those characters only${what === 'prefix' ? ' (or the part before that character: a wider location, given on purpose)' : ''}.`;
}

/** Every string in a resolved policy document that IAM would refuse, with its JSON path. */
export function refusedStrings(document: unknown, path = '$'): { path: string; value: string; refused: RefusedCharacter }[] {
  if (typeof document === 'string') {
    const refused = refusedCharacter(document);
    return refused ? [{ path, value: document, refused }] : [];
  }
  if (Array.isArray(document)) {
    return document.flatMap((v, i) => refusedStrings(v, `${path}[${i}]`));
  }
  if (document && typeof document === 'object') {
    return Object.entries(document).flatMap(([k, v]) => [
      ...refusedStrings(k, `${path}.<key>`),
      ...refusedStrings(v, `${path}.${k}`),
    ]);
  }
  return [];
}
