import { Token } from 'aws-cdk-lib';
import { TrainingRoleError } from './errors';
import { STRING_TOKEN } from './tokens';

/** S3's limit on the length of an object key: 1,024 bytes of UTF-8. */
export const S3_KEY_MAX_BYTES = 1024;

/**
 * Checks a key prefix as SageMaker's `S3Prefix` semantics understand it: every key that starts
 * with the prefix string.
 *
 * A prefix that is partly unresolved (`${token}/train/`) is checked on its literal parts: a `*`
 * written next to a token is as much a wildcard as one in a plain string. A fully unresolved
 * prefix (a parameter) is accepted as it is.
 */
export function validatePrefix(prop: string, prefix: string): void {
  const problem = prefixProblem(prefix);
  if (problem !== undefined) {
    throw new TrainingRoleError(prop, prefix, problem);
  }
}

/** Stands for an unresolved part of a prefix in `prefixProblem`: matches no rule by itself. */
const UNKNOWN = '\uE000';


/**
 * What is wrong with a prefix (what is allowed instead), or `undefined` when nothing is. Every
 * rule applies to the literal parts of a partly unresolved prefix.
 */
export function prefixProblem(prefix: string): string | undefined {
  const shape = Token.isUnresolved(prefix) ? prefix.replace(STRING_TOKEN, UNKNOWN) : prefix;
  const uri = /^(s3|https?):\/\/([^/]*)\/?(.*)$/is.exec(shape);
  if (uri) {
    const [, , bucket, key] = uri;
    const split = bucket.includes(UNKNOWN) || key.includes(UNKNOWN) ? '' : ` (here bucket ${JSON.stringify(bucket)} and prefix ${JSON.stringify(key)})`;
    return `a prefix is the key part of an S3 URI only; give the bucket as \`bucket\` and the rest as \`prefix\`${split}.`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(shape)) {
    return 'control characters (U+0000 to U+001F and U+007F) cannot be part of a prefix: SageMaker\'s S3 URIs exclude line breaks, and S3 returns keys in XML, which cannot carry the others; give a prefix without them.';
  }
  if (/[*?]/.test(shape)) {
    return 'a key prefix is matched literally (every key that starts with it); IAM would read `*` and `?` as wildcards and widen the grant. Use a plain prefix such as "datasets/train/".';
  }
  if (shape.startsWith('/')) {
    return 'S3 keys do not start with "/"; give the prefix without it, for example "datasets/train/".';
  }
  if (shape.includes('//')) {
    return 'SageMaker rejects S3 URIs with an empty path segment ("illegal char sub-sequence \'//\'"); give the prefix with single slashes, for example "datasets/train/".';
  }
  const bytes = utf8Length(shape.split(UNKNOWN).join(''));
  if (bytes > S3_KEY_MAX_BYTES) {
    return `S3 object keys are at most ${S3_KEY_MAX_BYTES} bytes of UTF-8, and this prefix alone has ${bytes}${Token.isUnresolved(prefix) ? ' (not counting its unresolved parts)' : ''}; give a shorter prefix.`;
  }
  return undefined;
}

/**
 * What is risky about a legal prefix, or `undefined`: a `.` or `..` path segment. S3 keys may
 * hold them, but S3 clients and URL libraries resolve them as relative paths, so the job may read
 * or write other keys than the role allows. Legal, hence a warning rather than an error.
 */
export function prefixWarning(prefix: string): string | undefined {
  const shape = Token.isUnresolved(prefix) ? prefix.replace(STRING_TOKEN, UNKNOWN) : prefix;
  if (/(^|\/)\.\.?(\/|$)/.test(shape)) {
    return 'S3 keys may hold "." and ".." segments, but S3 clients and URL libraries resolve them as relative paths, so the job may read or write other keys than the role allows. Give the prefix without "." and ".." segments unless the keys really hold them.';
  }
  return undefined;
}

/** The number of bytes of `text` in UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * The prefix as an IAM string pattern: `$` is escaped as `${$}` so that a key containing `${`
 * is not read as a policy variable. (`*` and `?` are rejected by `validatePrefix`.)
 */
export function iamPattern(prefix: string): string {
  return Token.isUnresolved(prefix) ? prefix : prefix.replace(/\$/g, '${$}');
}

/**
 * Drops prefixes covered by another prefix of the same list (`a/` covers `a/b/`; `''` covers all)
 * and duplicates. Grants exactly what the full list grants. Unresolved prefixes are only deduplicated.
 */
export function compactPrefixes(prefixes: string[]): string[] {
  const unique = [...new Set(prefixes)].sort();
  const known = unique.filter((p) => !Token.isUnresolved(p));
  const tokens = unique.filter((p) => Token.isUnresolved(p));
  const kept: string[] = [];
  for (const prefix of known) {
    // Sorted order puts a covering prefix before everything it covers.
    if (!kept.some((shorter) => prefix.startsWith(shorter))) {
      kept.push(prefix);
    }
  }
  // The whole bucket covers unresolved prefixes too.
  return kept.includes('') ? [''] : [...kept, ...tokens];
}
