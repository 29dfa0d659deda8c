import { PolicyDocument, RolePolicies, Statement } from './synth';

/** Renders rows of cells (a cell may hold several lines) as aligned columns. */
export function renderTable(header: string[], rows: string[][][]): string {
  const all = [header.map((h) => [h]), ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => Math.max(0, ...row[c].map((line) => line.length)))));
  const lines: string[] = [];
  all.forEach((row, r) => {
    const height = Math.max(...row.map((cell) => cell.length), 1);
    for (let i = 0; i < height; i++) {
      lines.push(row.map((cell, c) => (cell[i] ?? '').padEnd(c === row.length - 1 ? 0 : widths[c])).join('  ').trimEnd());
    }
    if (r === 0) {
      lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
    }
  });
  return lines.join('\n') + '\n';
}

export function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** `StringEquals kms:ViaService = a, b`, one line per condition key. */
export function conditionLines(condition: Statement['Condition']): string[] {
  if (!condition) {
    return ['-'];
  }
  return Object.entries(condition).flatMap(([op, byKey]) =>
    Object.entries(byKey).map(([key, values]) => `${op} ${key} = ${list(values).join(', ')}`));
}

/** The length IAM counts against its quotas: JSON without whitespace. */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

/** The review view of a role: the trust policy, then each policy's statements as a table. */
export function renderRoleTable(role: RolePolicies, managedPolicyLimit: number): string {
  const parts: string[] = [];
  const trust = role.trustPolicy.Statement.map((s) => [
    [s.Sid ?? '-'],
    list(s.Action),
    principalLines(s.Principal),
    conditionLines(s.Condition),
  ]);
  parts.push(`Trust policy (${policySize(role.trustPolicy)} characters)\n`
    + renderTable(['Sid', 'Actions', 'Principal', 'Conditions'], trust));
  for (const p of role.policies) {
    const rows = p.document.Statement.map((s) => [[s.Sid ?? '-'], list(s.Action), list(s.Resource), conditionLines(s.Condition)]);
    parts.push(`${p.name} (${policySize(p.document)} of ${managedPolicyLimit} characters)\n`
      + renderTable(['Sid', 'Actions', 'Resources', 'Conditions'], rows));
  }
  return parts.join('\n');
}

function principalLines(principal: unknown): string[] {
  if (typeof principal === 'string') {
    return [principal];
  }
  if (principal && typeof principal === 'object') {
    return Object.entries(principal as { [k: string]: string | string[] }).flatMap(([k, v]) => list(v).map((x) => `${k} ${x}`));
  }
  return ['-'];
}
