/**
 * The error this library throws for input it cannot turn into a least-privilege role.
 *
 * Every message names the prop, shows the offending value and says what is allowed.
 */
export class TrainingRoleError extends Error {
  constructor(prop: string, value: unknown, allowed: string) {
    super(`${prop}: ${allowed} Got: ${show(value)}.`);
    this.name = 'TrainingRoleError';
  }
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
