import { Token } from 'aws-cdk-lib';

/** How a string token looks inside a string (`${Token[NAME.123]}`). */
export const STRING_TOKEN = /\$\{Token\[[^\]]+\]\}/g;

/** Stands for an unresolved part of a string in `literalShape`: matches no rule by itself. */
export const UNKNOWN = '\uE000';

/**
 * The string with each unresolved part replaced by `UNKNOWN`: its literal parts, as they will
 * reach a policy whatever the unresolved parts become.
 */
export function literalShape(value: string): string {
  return Token.isUnresolved(value) ? value.replace(STRING_TOKEN, UNKNOWN) : value;
}

/** The literal parts of a string, in order (one part for a literal string). */
export function literalParts(value: string): string[] {
  return Token.isUnresolved(value) ? value.split(STRING_TOKEN) : [value];
}
