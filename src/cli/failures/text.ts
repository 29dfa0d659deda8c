/** Reading a pasted failure text: cleaning it, and the names it carries. */

/** Collapses whitespace, unescapes `\"`, and drops the quotes and `"FailureReason":` a paste may carry. */
export function normalise(text: string): string {
  let t = text.replace(/\\"/g, '"').replace(/\\n/g, ' ').replace(/\s+/g, ' ').trim();
  t = t.replace(/^[{\s]*"?FailureReason"?\s*:\s*/i, '').replace(/[\s,}]*$/, '');
  while (t.length >= 2 && /^["'`]/.test(t) && t.endsWith(t[0])) {
    t = t.slice(1, -1).trim();
  }
  return t;
}

/** Words of a refused request. */
export const DENIED = /access ?denied|\b403\b|forbidden/i;

/** The first role ARN in the text. */
export function roleArnIn(text: string): string | undefined {
  return /(arn:[a-z-]+:iam::\d{12}:role\/[\w+=,.@/-]+)/.exec(text)?.[1]?.replace(/\.+$/, '');
}

/** Who was refused: `User: <arn> is not authorized`. */
export function callerIn(text: string): string | undefined {
  return /User:?\s*(arn:[^\s'"]+)\s+is not authorized/i.exec(text)?.[1];
}

/** What was refused: `on resource: <arn>`. */
export function resourceIn(text: string): string | undefined {
  return /on resource:?\s*['"]?(arn:[^\s'"]+)/i.exec(text)?.[1]?.replace(/[.,]+$/, '');
}

/** The kind of policy whose explicit Deny refused the request, if the text says. */
export function explicitDenyIn(text: string): string | undefined {
  return /with an explicit deny in (an? [a-z -]*?(?:policy|boundary))/i.exec(text)?.[1];
}

/** The role name of a role ARN (its path dropped). */
export function roleNameOf(roleArn: string): string {
  return roleArn.replace(/^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?/, '');
}

/** A training-job ARN generalised to every job: `.../training-job/*`. */
export function anyJob(arn: string): string {
  return arn.replace(/:training-job\/.*$/, ':training-job/*');
}
