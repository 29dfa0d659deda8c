/**
 * IAM's access denied messages, read: who was refused, what action on what resource, and why.
 *
 * Most messages read `User: <principal> is not authorized to perform: <action> on resource:
 * <resource> because <context>`. An explicit Deny adds `with an explicit deny in a <type>`
 * (optionally `: <policy-arn>`), an implicit one `because no <type> allows the <action> action`,
 * where the type is an identity-based policy, a resource-based policy, a permissions boundary, a
 * session policy, a service control policy, a resource control policy or a VPC endpoint policy
 * (IAM User Guide, "Troubleshoot access denied error messages",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html; the message
 * examples of https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html).
 * Older messages say `with an explicit deny` without the type, or nothing at all.
 */

/** The policy types IAM names in its messages, in its words. */
export type PolicyType =
  | 'identity-based policy'
  | 'resource-based policy'
  | 'permissions boundary'
  | 'session policy'
  | 'service control policy'
  | 'resource control policy'
  | 'VPC endpoint policy';

const POLICY_TYPES: PolicyType[] = [
  'identity-based policy', 'resource-based policy', 'permissions boundary', 'session policy',
  'service control policy', 'resource control policy', 'VPC endpoint policy',
];

export interface IamDenial {
  /** Who was refused, as written (an ARN, a `role/<name>/<session>`, or the poster's redaction). */
  readonly principal?: string;
  /** `service:Action`. */
  readonly action: string;
  /** The poster redacted the action: `action` is the redaction. */
  readonly actionRedacted?: boolean;
  /** The resource as written (unquoted), when the message names one. */
  readonly resource?: string;
  /** Explicit (a Deny statement) or implicit (no Allow), when the message says. */
  readonly deny?: 'explicit' | 'implicit';
  /** The type of policy that refused, when the message says. */
  readonly policyType?: PolicyType;
  /** The policy that refused, when a newer message names it. */
  readonly policyArn?: string;
  /** The API operation of the refused call (`when calling the X operation`). */
  readonly operation?: string;
}

/** `<action>`, or the poster's redaction of it (`<AWS_SERVICES:ACTION>`, aws/aws-cli#5592). */
const ACTION = /([a-z0-9-]+:[A-Za-z0-9*]+|<[^<>\s]+>)/;
const DENIAL = new RegExp(`(?:User:?\\s*)?(?:(\\S+)\\s+)?(?:is )?not authorized to perform:?\\s*${ACTION.source}(.*)$`, 'i');

/** The refused request of an IAM message in `text`, or `undefined` when there is none. */
export function parseIamDenial(text: string): IamDenial | undefined {
  const m = DENIAL.exec(text);
  if (!m) {
    return undefined;
  }
  const [, token, action, rest] = m;
  // `User: <principal> is not authorized`: the principal may hold a redaction with spaces (`[account id]`).
  const rawPrincipal = /User:\s*(.+?)\s+(?:is )?not authorized to perform/i.exec(text)?.[1] ?? token;
  const reasonAt = rest.search(/\s*(?:because no\b|with an explicit deny\b|\(Service:|\bKMS Message:)/i);
  const onResource = /^\s+on\s+(?:resource:?\s*)?(.*)$/i.exec(reasonAt >= 0 ? rest.slice(0, reasonAt) : rest);
  const reason = reasonAt >= 0 ? rest.slice(reasonAt) : '';
  return {
    principal: principalOf(rawPrincipal),
    action,
    actionRedacted: action.startsWith('<') ? true : undefined,
    resource: onResource ? resourceOf(onResource[1]) : undefined,
    ...reasonOf(reason),
    operation: /when calling the (\w+) operation/.exec(text)?.[1],
  };
}

function principalOf(raw: string | undefined): string | undefined {
  const p = raw?.replace(/^["'`(]+|["'`),:]+$/g, '');
  return p && p !== 'User' ? p : undefined;
}

/** A resource as IAM writes it: an ARN (quoted or not), `role <name>`, `*`, or a redaction. */
function resourceOf(raw: string): string | undefined {
  const r = raw.trim().replace(/^["'`]+/, '').replace(/["'`]*[.,;]*\s*["'`]*$/, '').trim();
  if (r === '' || /^this resource$/i.test(r) || /^[*.<>…x\s-]+$/i.test(r) && r !== '*') {
    return undefined;
  }
  return r;
}

function reasonOf(reason: string): Pick<IamDenial, 'deny' | 'policyType' | 'policyArn'> {
  const implicit = /because no ([A-Za-z -]+?) allows the \S+ action/i.exec(reason);
  if (implicit) {
    return { deny: 'implicit', policyType: policyTypeOf(implicit[1]) };
  }
  const explicit = /with an explicit deny(?: in (?:an?|the) ([A-Za-z -]+?(?:policy|boundary)))?(?::\s*(arn:[^\s"'`]+))?/i.exec(reason);
  if (explicit) {
    return { deny: 'explicit', policyType: explicit[1] ? policyTypeOf(explicit[1]) : undefined, policyArn: explicit[2]?.replace(/[.,]+$/, '') };
  }
  return {};
}

function policyTypeOf(words: string): PolicyType | undefined {
  const w = words.trim().replace(/\s+policy$/i, ' policy').toLowerCase();
  return POLICY_TYPES.find((t) => t.toLowerCase() === w);
}

/** An IAM denial of an action matching `action`. */
export function denialOf(action: RegExp): RegExp {
  return new RegExp(`not authorized to perform:?\\s*(${action.source})(?![\\w:])`, 'i');
}

/** The IAM denial of a text a `denialOf` pattern matched. */
export function denial(text: string): IamDenial {
  return parseIamDenial(text)!;
}

/** The service of an action (`s3` of `s3:GetObject`). */
export function serviceOf(action: string): string {
  return action.split(':')[0].toLowerCase();
}
