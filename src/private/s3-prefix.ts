import { Token } from 'aws-cdk-lib';
import { TrainingRoleError } from './errors';

/**
 * Checks a key prefix as SageMaker's `S3Prefix` semantics understand it: every key that starts
 * with the prefix string. Unresolved prefixes are accepted as they are.
 */
export function validatePrefix(prop: string, prefix: string): void {
  if (Token.isUnresolved(prefix)) {
    return;
  }
  if (/[*?]/.test(prefix)) {
    throw new TrainingRoleError(prop, prefix,
      'a key prefix is matched literally (every key that starts with it); IAM would read `*` and `?` as wildcards and widen the grant. Use a plain prefix such as "datasets/train/".');
  }
  if (prefix.startsWith('/')) {
    throw new TrainingRoleError(prop, prefix,
      'S3 keys do not start with "/"; give the prefix without it, for example "datasets/train/".');
  }
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
