import { AspectPriority, Aspects, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { statementPurpose } from '../permissions';
import { WildcardExemption } from '../permissions/purpose';

/**
 * Acknowledges, by exact finding id, the cdk-nag `AwsSolutions-IAM5` findings that AWS makes
 * unavoidable, with the reason each is unavoidable, for both majors of cdk-nag:
 * - cdk-nag 3 (a policy-validation plugin): `Validations.of(policy).acknowledge({ id, reason })`
 *   with the full finding id (`AwsSolutions-IAM5[Resource::...]`);
 * - cdk-nag 2 (an Aspect): the `cdk_nag` metadata of the policy's CloudFormation resource,
 *   `rules_to_suppress` entries with `id` (the rule), `reason` and `applies_to` (the finding).
 *
 * Only aws-cdk-lib is used: finding ids and metadata are plain strings, so the library does not
 * depend on cdk-nag. A wildcard resource is acknowledged only when every statement that produces
 * its finding is one of the purposes below, with that purpose's actions, and the resource has the
 * expected shape (each purpose's `wildcard`, in `permissions/`); anything else (a statement added from outside, a regression, the opt-in SDK
 * pre-flight statement) stays a finding. The other packs (HIPAA Security, NIST 800-53 R5, PCI DSS
 * 3.2.1, Serverless) report nothing on the role's policies, so nothing of theirs is acknowledged.
 *
 * `owner` is the construct whose policies are covered: every IAM policy under it, found again
 * later, so that policies created after this call are covered too. (A list of managed policies
 * covers exactly those.) The findings are computed three times: now, for checks that walk the
 * tree before synthesis (`validateScope`); in a mutating Aspect, which runs before cdk-nag 2's
 * Aspect (default priority) and after every construct exists; and in a validation step, which
 * runs after references between stacks have become `Fn::ImportValue` and before cdk-nag 3 runs as
 * a validation plugin. With `enabled` false nothing is acknowledged.
 */
export function acknowledgeNagFindings(owner: IConstruct | iam.IManagedPolicy[], enabled: boolean = true): void {
  if (!enabled) {
    return;
  }
  const policies = (): (iam.CfnManagedPolicy | iam.CfnPolicy)[] => (Array.isArray(owner)
    ? owner.map((p) => p.node.defaultChild).filter(isPolicyResource)
    : owner.node.findAll().filter(isPolicyResource));
  const acknowledgeAll = () => policies().forEach(acknowledgePolicy);
  acknowledgeAll();
  const carriers: IConstruct[] = Array.isArray(owner) ? owner : [owner];
  for (const carrier of carriers) {
    Aspects.of(carrier).add({
      visit: (node) => {
        if (node === carrier) {
          acknowledgeAll();
        }
      },
    }, { priority: AspectPriority.MUTATING });
    carrier.node.addValidation({
      validate: () => {
        acknowledgeAll();
        return [];
      },
    });
  }
}

/** The metadata key cdk-nag 2 reads suppressions from. */
export const NAG_V2_METADATA_KEY = 'cdk_nag';

function isPolicyResource(c: IConstruct | undefined): c is iam.CfnManagedPolicy | iam.CfnPolicy {
  return c instanceof iam.CfnManagedPolicy || c instanceof iam.CfnPolicy;
}

/** Finding ids already acknowledged on each construct (cdk-nag 3). */
const acknowledged = new WeakMap<IConstruct, Set<string>>();

/** The cdk-nag 2 suppressions this library wrote on each resource, as JSON. */
const written = new WeakMap<CfnResource, Set<string>>();

function acknowledgePolicy(cfn: iam.CfnManagedPolicy | iam.CfnPolicy): void {
  const document = Stack.of(cfn).resolve(cfn.policyDocument);
  const findings = wildcardFindings(document);

  // cdk-nag 3 reads acknowledgements from the L2 (ancestors count); the L1 of an L2 is its default child.
  const parent = cfn.node.scope;
  const carrier: IConstruct = parent && parent.node.defaultChild === cfn ? parent : cfn;
  const done = acknowledged.get(carrier) ?? new Set<string>();
  acknowledged.set(carrier, done);
  for (const { rule, finding, reason } of findings) {
    const id = `${rule}[${finding}]`;
    if (acknowledgeable(id) && !done.has(id)) {
      done.add(id);
      Validations.of(carrier).acknowledge({ id, reason });
    }
  }

  // cdk-nag 2: replace what this library wrote before, keep everything else.
  const ours = findings.map(({ rule, finding, reason }) => JSON.stringify({ reason, id: rule, applies_to: [finding] }));
  const previous = written.get(cfn) ?? new Set<string>();
  const metadata = cfn.getMetadata(NAG_V2_METADATA_KEY);
  const others = ((metadata?.rules_to_suppress ?? []) as unknown[]).filter((r) => !previous.has(JSON.stringify(r)));
  written.set(cfn, new Set(ours));
  const rules = [...others, ...ours.map((r) => JSON.parse(r))];
  if (rules.length > 0 || previous.size > 0) {
    cfn.addMetadata(NAG_V2_METADATA_KEY, { ...metadata, rules_to_suppress: rules });
  }
}

/** The rule that flags a `*` in an action or resource of an Allow statement. */
const WILDCARD_RULE = 'AwsSolutions-IAM5';

interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly Resource?: unknown;
}

/** One finding of a rule, as cdk-nag 2 names it (`rule` and `finding`) and cdk-nag 3 (`rule[finding]`). */
export interface NagFinding {
  readonly rule: string;
  readonly finding: string;
  readonly reason: string;
}

/** The findings of a resolved policy document that may be acknowledged, with their reasons. */
export function wildcardFindings(document: { Statement?: Statement[] }): NagFinding[] {
  // Per finding, the exemptions that explain it (one reason per exemption).
  const reasons = new Map<string, Set<WildcardExemption>>();
  const refused = new Set<string>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') {
      continue;
    }
    const exemption = statementPurpose(statement.Sid ?? '')?.wildcard;
    const actions = asArray(statement.Action).map(flatten);
    for (const action of actions.filter((a) => a.includes('*'))) {
      refused.add(`Action::${action}`);
    }
    const exempt = exemption !== undefined && actions.length > 0 && actions.every((a) => exemption.actions.includes(a));
    for (const resource of asArray(statement.Resource).map(flatten).filter((r) => r.includes('*'))) {
      const finding = `Resource::${resource}`;
      if (exempt && exemption.shape(resource)) {
        reasons.set(finding, (reasons.get(finding) ?? new Set<WildcardExemption>()).add(exemption));
      } else {
        refused.add(finding);
      }
    }
  }
  return [...reasons.entries()]
    .filter(([finding]) => !refused.has(finding))
    .map(([finding, exemptions]) => ({
      rule: WILDCARD_RULE,
      finding,
      reason: [...exemptions].map((e) => e.reason).join(' '),
    }));
}

/**
 * The cdk-nag 3 finding ids of a resolved policy document that may be acknowledged, with their
 * reasons: those of `wildcardFindings` that aws-cdk-lib can record.
 */
export function wildcardAcknowledgements(document: { Statement?: Statement[] }): { id: string; reason: string }[] {
  return wildcardFindings(document)
    .map(({ rule, finding, reason }) => ({ id: `${rule}[${finding}]`, reason }))
    .filter(({ id }) => acknowledgeable(id));
}

/**
 * A resource as cdk-nag writes it in a finding id (its `flattenCfnReference`): `Fn::Join` joined,
 * `Ref` as `<Name>`, `Fn::GetAtt` as `<Name.Attribute>`, and `${` / `}` in strings as `<` / `>`.
 */
export function flatten(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  const v = value as { [key: string]: any };
  if (v['Fn::Join']) {
    const [delimiter, items] = v['Fn::Join'];
    return (items as unknown[]).map(flatten).join(delimiter);
  }
  if (v['Fn::Sub']) {
    return flatten(v['Fn::Sub']);
  }
  if (v['Fn::GetAtt']) {
    const [resource, attribute] = v['Fn::GetAtt'];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (v['Fn::ImportValue']) {
    return flatten(v['Fn::ImportValue']);
  }
  if (v.Ref) {
    return `<${flatten(v.Ref)}>`;
  }
  return JSON.stringify(value);
}

/**
 * Whether aws-cdk-lib records the id unchanged: it rejects unbalanced brackets and turns spaces
 * into dashes, so a prefix with either cannot be acknowledged by its finding id under cdk-nag 3
 * (cdk-nag 2 compares `applies_to` as written, and suppresses it).
 */
function acknowledgeable(id: string): boolean {
  if (/\s/.test(id)) {
    return false;
  }
  const open: string[] = [];
  const pairs: { [close: string]: string } = { ')': '(', ']': '[', '}': '{' };
  for (const c of id) {
    if (c === '(' || c === '[' || c === '{') {
      open.push(c);
    } else if (c in pairs && open.pop() !== pairs[c]) {
      return false;
    }
  }
  return open.length === 0;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
