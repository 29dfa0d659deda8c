import { MANAGED_POLICY_CHAR_LIMIT } from './library';
import { AcknowledgedFinding, Launcher, Review } from './review-model';
import { formatNumber, plural, PolicyView, renderPolicyText, renderStatementText, StatementView } from './statement-text';
import { field, wrapText } from './wrap';

/**
 * The review as text for a terminal of `width` columns: per role its policies statement by
 * statement (each with why it exists), its AWS managed policies, its trust policy and who may
 * launch jobs with it; then a summary with the cdk-nag findings acknowledged and why.
 */
export function renderReviewText(review: Review, width: number): string {
  const lines: string[] = [];
  for (const role of review.roles) {
    lines.push(...wrapText(`Role ${role.name} (${role.logicalId}) in stack ${role.stack}`, width), '');
    for (const policy of role.policies) {
      lines.push(...renderPolicyText(policy, '  ', width));
    }
    lines.push(...wrapText(`  AWS managed policies: ${role.awsManagedPolicies.length > 0 ? role.awsManagedPolicies.join(', ') : 'none'}`, width, 4), '');
    lines.push('  trust policy');
    for (const s of role.trustPolicy.statements) {
      lines.push(...renderStatementText(s, '    ', width), '');
    }
    lines.push(...renderLaunchersText(role.launchers, width), '');
  }
  lines.push(...renderSummaryText(review, width));
  return lines.join('\n') + '\n';
}

function renderLaunchersText(launchers: Launcher[], width: number): string[] {
  if (launchers.length === 0) {
    return ['  launch rights (grantLaunch): none in this assembly'];
  }
  const lines = ['  launch rights (grantLaunch)'];
  for (const l of launchers) {
    lines.push(...wrapText(`    ${l.principal}, by ${l.policy}`, width, 6));
    lines.push(...field('      ', 'passes', [`the role to ${l.passedTo.join(', ') || 'any service'}`], width));
    lines.push(...field('      ', 'starts', l.jobs.length > 0 ? l.jobs : ['(no CreateTrainingJob statement)'], width));
    lines.push(...field('      ', 'only with', l.guardrails.length > 0 ? l.guardrails : ['no conditions'], width));
    if (l.alsoAllowed.length > 0) {
      lines.push(...field('      ', 'also', l.alsoAllowed, width));
    }
  }
  return lines;
}

function renderSummaryText(review: Review, width: number): string[] {
  const s = review.summary;
  const lines = ['Summary'];
  lines.push(`  ${plural(s.roles, 'role')}, ${plural(s.policies, 'policy', 'policies')}, ${plural(s.statements, 'statement')}`);
  lines.push(...wrapText(`  characters per policy (IAM limit ${formatNumber(MANAGED_POLICY_CHAR_LIMIT)} for a managed policy; references counted as written):`, width, 4));
  for (const size of s.sizes) {
    lines.push(...wrapText(`    ${size.name} ${formatNumber(size.characters)}${size.limit ? ` (${Math.round((100 * size.characters) / size.limit)}%)` : ''}`, width, 4));
  }
  const onRoles = review.roles.flatMap((r) => r.acknowledged);
  lines.push(...wrapText(`  cdk-nag findings acknowledged on the roles' policies: ${onRoles.length}${onRoles.length > 0 ? ', by reason:' : ''}`, width, 4));
  lines.push(...findingsByReason(onRoles, width, false));
  if (s.acknowledgedElsewhere.length > 0) {
    lines.push(...wrapText(`  acknowledged elsewhere in the assembly: ${s.acknowledgedElsewhere.length}, by reason:`, width, 4));
    lines.push(...findingsByReason(s.acknowledgedElsewhere, width, true));
  }
  return lines;
}

/** Findings grouped under their reason, each as its rule and what it is about. */
function findingsByReason(findings: AcknowledgedFinding[], width: number, withConstruct: boolean): string[] {
  const lines: string[] = [];
  for (const [reason, group] of groupBy(findings, (f) => f.reason)) {
    lines.push(...wrapText(`    ${reason}`, width, 4));
    for (const f of group) {
      const what = [f.subject, withConstruct ? `on ${f.on}` : undefined].filter((x) => x !== undefined).join(' ');
      lines.push(...wrapText(`      ${f.rule}${what ? ` ${what}` : ''}`, width, 8));
    }
  }
  return lines;
}

function groupBy<T>(list: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    out.set(key(x), [...(out.get(key(x)) ?? []), x]);
  }
  return out;
}

/** The review as Markdown, for a pull request comment: a section per role, a table per policy. */
export function renderReviewMarkdown(review: Review): string {
  const lines: string[] = ['# Permission review', ''];
  for (const role of review.roles) {
    lines.push(`## Role \`${role.name}\` in stack \`${role.stack}\``, '');
    for (const policy of role.policies) {
      lines.push(...policyMarkdown(policy));
    }
    lines.push(`AWS managed policies: ${role.awsManagedPolicies.length > 0 ? role.awsManagedPolicies.map(code).join(', ') : 'none'}`, '');
    lines.push(...policyMarkdown(role.trustPolicy));
    lines.push('### Launch rights (`grantLaunch`)', '');
    if (role.launchers.length === 0) {
      lines.push('None in this assembly.', '');
    }
    for (const l of role.launchers) {
      lines.push(`- **${escapeMarkdown(l.principal)}** (${code(l.policy)}): passes the role to ${l.passedTo.map(code).join(', ') || 'any service'}; `
        + `starts ${l.jobs.map(code).join(', ') || 'no training jobs'}`);
      lines.push(...(l.guardrails.length > 0 ? l.guardrails : ['no conditions']).map((g) => `  - only with ${escapeMarkdown(g)}`));
      if (l.alsoAllowed.length > 0) {
        lines.push(`  - also ${l.alsoAllowed.map(code).join(', ')}`);
      }
    }
    lines.push('');
  }
  const s = review.summary;
  lines.push('## Summary', '');
  lines.push(`- ${plural(s.roles, 'role')}, ${plural(s.policies, 'policy', 'policies')}, ${plural(s.statements, 'statement')}`);
  lines.push(`- characters per policy (IAM limit ${formatNumber(MANAGED_POLICY_CHAR_LIMIT)} for a managed policy; references counted as written): `
    + s.sizes.map((size) => `${code(size.name)} ${formatNumber(size.characters)}${size.limit ? ` (${Math.round((100 * size.characters) / size.limit)}%)` : ''}`).join(', '));
  const onRoles = review.roles.flatMap((r) => r.acknowledged);
  lines.push(`- cdk-nag findings acknowledged on the roles' policies: ${onRoles.length}`);
  for (const [reason, group] of groupBy(onRoles, (f) => f.reason)) {
    lines.push(`  - ${escapeMarkdown(reason)}: ${group.map((f) => code(`${f.rule}${f.subject ? ` ${f.subject}` : ''}`)).join(', ')}`);
  }
  if (s.acknowledgedElsewhere.length > 0) {
    lines.push(`- acknowledged elsewhere in the assembly: ${s.acknowledgedElsewhere.length}`);
    for (const [reason, group] of groupBy(s.acknowledgedElsewhere, (f) => f.reason)) {
      lines.push(`  - ${escapeMarkdown(reason)}: ${group.map((f) => `${code(f.rule)} on ${code(f.on)}`).join(', ')}`);
    }
  }
  return lines.join('\n') + '\n';
}

function policyMarkdown(p: PolicyView): string[] {
  const size = `${formatNumber(p.characters)}${p.limit !== undefined ? ` of ${formatNumber(p.limit)}` : ''} characters`;
  const title = p.name ? `${p.kind} ${code(p.name)}` : p.kind.replace(/^./, (c) => c.toUpperCase());
  const withPrincipal = p.statements.some((s) => s.principals !== undefined);
  const header = ['Sid', 'why', ...(withPrincipal ? ['principal'] : []), 'actions', ...(withPrincipal ? [] : ['resources']), 'conditions'];
  const rows = p.statements.map((s: StatementView) => [
    s.sid ? code(s.sid) : '',
    escapeMarkdown(s.why ?? ''),
    ...(withPrincipal ? [cells(s.principals ?? [])] : []),
    cells(s.actions),
    ...(withPrincipal ? [] : [cells(s.resources ?? [])]),
    cells(s.conditions),
  ]);
  return [
    `### ${title} (${plural(p.statements.length, 'statement')}, ${size})`, '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}

function cells(values: string[]): string {
  return values.map(code).join('<br>');
}

/** A code span; `|` escaped so that it does not end a table cell. */
function code(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${text.replace(/\|/g, '\\|')}${ticks}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]|<>])/g, '\\$1');
}
