import { statementPurpose } from './library';
import { renderPolicyText, statementView } from './statement-text';
import { PolicyDocument, RolePolicies } from './synth';

export function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The length IAM counts against its quotas: JSON without whitespace. */
export function policySize(document: PolicyDocument): number {
  return JSON.stringify(document).length;
}

/**
 * The review view of a role, as `review` prints one (the same renderer): the trust policy, then
 * each policy statement by statement, with why each statement exists, wrapped to `width`.
 */
export function renderRoleTable(role: RolePolicies, managedPolicyLimit: number, width = 80): string {
  const why = (sid: string) => statementPurpose(sid)?.why;
  const lines = renderPolicyText({
    kind: 'trust policy',
    name: '',
    characters: policySize(role.trustPolicy),
    statements: role.trustPolicy.Statement.map((s) => statementView(s)),
  }, '', width);
  for (const p of role.policies) {
    lines.push(...renderPolicyText({
      kind: 'managed policy',
      name: p.name,
      characters: policySize(p.document),
      limit: managedPolicyLimit,
      statements: p.document.Statement.map((s) => statementView(s, why)),
    }, '', width));
  }
  return lines.join('\n');
}
