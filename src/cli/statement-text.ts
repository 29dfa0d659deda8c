import { field, wrapText } from './wrap';

/** An IAM statement as a reviewer reads it: every value a string, references as `${Name}`. */
export interface StatementView {
  readonly sid?: string;
  /** Why the statement exists (the purpose registry's line for its Sid), when known. */
  readonly why?: string;
  readonly effect: string;
  readonly principals?: string[];
  readonly actions: string[];
  /** True when the statement lists `NotAction`. */
  readonly notActions?: boolean;
  readonly resources?: string[];
  readonly notResources?: boolean;
  /** `Operator key = value | value`, one per condition key. */
  readonly conditions: string[];
}

/** A policy as a reviewer reads it. */
export interface PolicyView {
  /** `managed policy`, `inline policy`, `trust policy`. */
  readonly kind: string;
  readonly name: string;
  /** Characters as IAM counts them (JSON without whitespace; references as written). */
  readonly characters: number;
  /** IAM's limit for this kind of policy, when it has one of its own. */
  readonly limit?: number;
  readonly statements: StatementView[];
}

/** An IAM statement (plain JSON, values already readable) as a view, with its `why`. */
export function statementView(statement: any, why?: (sid: string) => string | undefined): StatementView {
  const conditions: string[] = [];
  for (const [operator, byKey] of Object.entries<any>(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries<any>(byKey)) {
      conditions.push(`${operator} ${key} = ${asArray(values).map(String).join(' | ')}`);
    }
  }
  const sid: string | undefined = typeof statement.Sid === 'string' ? statement.Sid : undefined;
  const hasResource = statement.Resource !== undefined || statement.NotResource !== undefined;
  return {
    sid,
    why: sid !== undefined && why ? why(sid) : undefined,
    effect: statement.Effect ?? 'Allow',
    principals: statement.Principal === undefined ? undefined : principalLines(statement.Principal),
    actions: asArray(statement.Action ?? statement.NotAction).map(String),
    notActions: statement.Action === undefined && statement.NotAction !== undefined ? true : undefined,
    resources: hasResource ? asArray(statement.Resource ?? statement.NotResource).map(String) : undefined,
    notResources: statement.Resource === undefined && statement.NotResource !== undefined ? true : undefined,
    conditions,
  };
}

/** One statement: its Sid, then why, principal, actions, resources and conditions, wrapped to `width`. */
export function renderStatementText(s: StatementView, indent: string, width: number): string[] {
  const lines = [`${indent}Sid ${s.sid ?? '(none)'}${s.effect === 'Deny' ? ' (Deny)' : ''}`];
  const inner = `${indent}  `;
  if (s.why) {
    lines.push(...field(inner, 'why', [s.why], width));
  }
  if (s.principals) {
    lines.push(...field(inner, 'principal', s.principals, width));
  }
  lines.push(...field(inner, s.notActions ? 'not action' : 'actions', s.actions, width));
  if (s.resources) {
    lines.push(...field(inner, s.notResources ? 'not res.' : 'resources', s.resources, width));
  }
  if (s.conditions.length > 0) {
    lines.push(...field(inner, 'conditions', s.conditions, width));
  }
  return lines;
}

/** A policy: a heading with its size, then its statements, a blank line after each. */
export function renderPolicyText(p: PolicyView, indent: string, width: number): string[] {
  const size = `${formatNumber(p.characters)}${p.limit !== undefined ? ` of ${formatNumber(p.limit)}` : ''} characters`;
  const lines = wrapText(`${indent}${p.kind}${p.name ? ` ${p.name}` : ''}: ${plural(p.statements.length, 'statement')}, ${size}`,
    width, indent.length + 4);
  for (const s of p.statements) {
    lines.push(...renderStatementText(s, `${indent}  `, width), '');
  }
  return lines;
}

function principalLines(principal: unknown): string[] {
  if (typeof principal === 'string') {
    return [principal];
  }
  return Object.entries<any>(principal ?? {}).flatMap(([kind, values]) => asArray(values).map((v) => `${kind} ${v}`));
}

export function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : pluralForm}`;
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}
