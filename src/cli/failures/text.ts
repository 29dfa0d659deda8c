/** Reading a pasted failure text: cleaning it, and the names it carries. */

/** Collapses whitespace, unescapes `\"`, and drops the quotes and `"FailureReason":` a paste may carry. */
export function normalise(text: string): string {
  let t = text.replace(/\\"/g, '"').replace(/\\[nt]/g, ' ').replace(/\s+/g, ' ').trim();
  t = t.replace(/^[{\s]*"?FailureReason"?\s*:\s*/i, '').replace(/[\s,}]*$/, '');
  while (t.length >= 2 && /^["'`]/.test(t) && t.endsWith(t[0])) {
    t = t.slice(1, -1).trim();
  }
  return t;
}

/** Words of a refused request. */
export const DENIED = /access ?denied|\b403\b|forbidden/i;

/**
 * The first role ARN in the text, redacted accounts included (`arn:${partition}:iam::<ACCOUNT>:role/x`,
 * aws/sagemaker-python-sdk#43; `arn:${partition}:iam::9111xxxxxxxx:role/test-role`,
 * aws/deep-learning-containers#759): the role name survives a redaction.
 */
export function roleArnIn(text: string): string | undefined {
  return /(arn:[a-z-]+:iam::[^:\s'"`]*:role\/[\w+=,.@/-]+)/.exec(text)?.[1]?.replace(/\.+$/, '');
}

/**
 * The name of the role an ARN names, its path dropped: what `--role-name` takes. A redacted
 * account keeps its role name (`arn:${partition}:iam::<ACCOUNT>:role/x` is x); a name stays a name.
 */
export function roleNameOf(arnOrName: string): string {
  const m = /^arn:[^:]*:iam::[^:]*:role\/(?:\S*\/)?([^/\s]+)$/.exec(arnOrName);
  return m ? m[1] : arnOrName;
}

/** A role as a verdict names it: its ARN when the text gives a whole one, else its name. */
export function roleRef(arnOrName: string): string {
  return /^arn:[^:]+:iam::\d{12}:role\//.test(arnOrName) ? arnOrName : roleNameOf(arnOrName);
}

/** A training-job ARN generalised to every job: `.../training-job/*`. */
export function anyJob(arn: string): string {
  return arn.replace(/:training-job\/.*$/, ':training-job/*');
}
