/**
 * Prints the permissions of the SageMaker execution roles in a synthesized cloud assembly, for a
 * reviewer: per policy, per statement, its Sid, actions, resources and conditions; then the trust
 * policy; then a one-line summary of sizes against IAM's quota.
 *
 *   npx ts-node --prefer-ts-exts examples/review.ts examples/cdk.out
 *
 * When the app wrote the cdk-nag findings next to the assembly (`nag-findings.json`, see
 * examples/nag-findings.ts), a last paragraph says how many there were and how each is acknowledged.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { NagFindingsReport } from './nag-findings';

/** The file examples/app.ts writes into the assembly (examples/nag-findings.ts, NAG_FINDINGS_FILE). */
const NAG_FINDINGS_FILE = 'nag-findings.json';

/** IAM's quota for one customer managed policy, in characters without whitespace. */
export const MANAGED_POLICY_LIMIT = 6144;

/** A synthesized stack: its name and its CloudFormation template. */
export interface StackTemplate {
  readonly stackName: string;
  readonly template: Template;
  /**
   * Rules acknowledged on constructs (`Validations.of(c).acknowledge`), by construct path
   * (`/Stack/Role/Policy1`): rule id -> reason. Read from the assembly's metadata.
   */
  readonly acknowledgements?: { [constructPath: string]: { [ruleId: string]: string } };
}

/** The metadata type under which aws-cdk-lib records acknowledged rules. */
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

export interface Template {
  readonly Resources?: { [logicalId: string]: Resource };
}

export interface Resource {
  readonly Type: string;
  readonly Properties?: any;
  readonly Metadata?: { [key: string]: any };
}

/** Reads every stack template of a cloud assembly directory (nested assemblies included). */
export function readAssembly(dir: string): StackTemplate[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`${dir} is not a cloud assembly (no manifest.json); run cdk synth --output ${dir} first`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const stacks: StackTemplate[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack') {
      const template = JSON.parse(fs.readFileSync(path.join(dir, artifact.properties.templateFile), 'utf8'));
      const metadata = artifact.additionalMetadataFile
        ? JSON.parse(fs.readFileSync(path.join(dir, artifact.additionalMetadataFile), 'utf8'))
        : artifact.metadata ?? {};
      stacks.push({ stackName: artifact.displayName ?? id, template, acknowledgements: acknowledgementsIn(metadata) });
    } else if (artifact.type === 'cdk:cloud-assembly') {
      stacks.push(...readAssembly(path.join(dir, artifact.properties.directoryName)));
    }
  }
  return stacks;
}

function acknowledgementsIn(metadata: { [path: string]: { type: string; data?: any }[] }): NonNullable<StackTemplate['acknowledgements']> {
  const out: NonNullable<StackTemplate['acknowledgements']> = {};
  for (const [constructPath, entries] of Object.entries(metadata)) {
    for (const entry of entries) {
      if (entry.type === ACKNOWLEDGED_RULES && entry.data && typeof entry.data === 'object') {
        out[constructPath] = { ...out[constructPath], ...entry.data };
      }
    }
  }
  return out;
}

/** Renders the review of every SageMaker execution role in the stacks. */
export function renderReview(stacks: StackTemplate[]): string {
  const lines: string[] = [];
  const sizes: { name: string; chars: number }[] = [];
  let roles = 0;
  let statements = 0;

  for (const { stackName, template, acknowledgements } of stacks) {
    const resources = template.Resources ?? {};
    const names = readableNames(stackName, resources);
    for (const [roleId, role] of Object.entries(resources)) {
      if (role.Type !== 'AWS::IAM::Role' || !trustsSageMaker(role)) {
        continue;
      }
      roles++;
      lines.push(`Role ${names(roleId)} (${roleId}) in stack ${stackName}`, '');

      for (const policy of policiesOf(roleId, role, resources, names)) {
        const document = readable(policy.document, names);
        const chars = JSON.stringify(document).length;
        const limit = policy.kind === 'managed policy' ? MANAGED_POLICY_LIMIT : undefined;
        sizes.push({ name: policy.name, chars });
        const statementList = asArray(document.Statement);
        statements += statementList.length;
        lines.push(`  ${policy.kind} ${policy.name}: ${plural(statementList.length, 'statement')}, `
          + `${formatNumber(chars)}${limit ? ` of ${formatNumber(limit)}` : ''} characters`);
        for (const statement of statementList) {
          lines.push(...renderStatement(statement, '    '), '');
        }
        const acknowledged = Object.entries(acknowledgements?.[policy.constructPath ?? ''] ?? {});
        if (acknowledged.length > 0) {
          lines.push('    acknowledged findings');
          for (const [ruleId, reason] of acknowledged) {
            lines.push(`      ${ruleId.replace(/^annotation::/i, '')}`, `        ${reason}`);
          }
          lines.push('');
        }
      }

      const awsManaged = asArray(role.Properties?.ManagedPolicyArns)
        .filter((arn) => !isRefToManagedPolicy(arn, resources))
        .map((arn) => readable(arn, names));
      lines.push(`  AWS managed policies: ${awsManaged.length ? awsManaged.join(', ') : 'none'}`, '');

      lines.push('  trust policy');
      for (const statement of asArray(readable(role.Properties.AssumeRolePolicyDocument, names).Statement)) {
        lines.push(...renderStatement(statement, '    '), '');
      }
    }
  }

  if (roles === 0) {
    return 'No role that sagemaker.amazonaws.com may assume was found.\n';
  }
  const largest = Math.max(...sizes.map((s) => s.chars));
  lines.push(`Summary: ${plural(roles, 'role')}, ${plural(sizes.length, 'policy', 'policies')}, `
    + `${plural(statements, 'statement')}; characters per policy (IAM limit ${formatNumber(MANAGED_POLICY_LIMIT)}, `
    + `references counted as written): ${sizes.map((s) => `${s.name} ${formatNumber(s.chars)}`).join(', ')}; `
    + `largest ${Math.round((100 * largest) / MANAGED_POLICY_LIMIT)}% of the limit`);
  return lines.join('\n') + '\n';
}

/**
 * The cdk-nag paragraph: how many findings, how many acknowledged with a reason, how many open.
 * Findings acknowledged on a policy the review lists above (`listedAbove`: construct paths like
 * `/Stack/Role/Policy1`) are counted; the others are listed with their reasons.
 */
export function renderNagSummary(report: NagFindingsReport, listedAbove: ReadonlySet<string> = new Set()): string {
  const findings = report.findings;
  const acknowledged = findings.filter((f) => f.reason !== undefined);
  const open = findings.filter((f) => f.reason === undefined);
  const lines = [`cdk-nag ${report.pack}, run during synthesis: ${plural(findings.length, 'finding')}, `
    + `${acknowledged.length === findings.length ? (findings.length === 1 ? 'acknowledged' : 'each acknowledged') : `${acknowledged.length} acknowledged`} with a reason, `
    + `${open.length} open`];
  const shown = (p: string) => p.replace(/^\/+/, '');
  const above = acknowledged.filter((f) => listedAbove.has(`/${shown(f.acknowledgedAt ?? '')}`));
  const elsewhere = acknowledged.filter((f) => !above.includes(f));
  if (above.length > 0) {
    lines.push(`  ${above.length} on the role's policies, acknowledged there (listed with their reasons above)`);
  }
  if (elsewhere.length > 0) {
    lines.push(`  ${elsewhere.length} on other resources:`);
    for (const f of elsewhere) {
      lines.push(`    ${f.id} on ${constructName(f.path)}`, `      ${f.reason}`);
    }
  }
  if (open.length > 0) {
    lines.push(`  ${open.length} not acknowledged:`);
    for (const f of open) {
      lines.push(`    ${f.id} on ${constructName(f.path)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** A construct path without its stack and its trailing `/Resource` (`DataBucket`). */
function constructName(constructPath: string): string {
  const parts = constructPath.split('/');
  if (parts.length > 2 && (parts[parts.length - 1] === 'Resource' || parts[parts.length - 1] === 'Default')) {
    parts.pop();
  }
  return parts.slice(1).join('/') || constructPath;
}

/** The construct paths of the role policies whose acknowledged findings the review lists. */
export function reviewedPolicyPaths(stacks: StackTemplate[]): Set<string> {
  const out = new Set<string>();
  for (const { stackName, template } of stacks) {
    const resources = template.Resources ?? {};
    const names = readableNames(stackName, resources);
    for (const [roleId, role] of Object.entries(resources)) {
      if (role.Type === 'AWS::IAM::Role' && trustsSageMaker(role)) {
        policiesOf(roleId, role, resources, names).forEach((p) => p.constructPath && out.add(p.constructPath));
      }
    }
  }
  return out;
}

/** One statement: Sid, then actions, resources and conditions, one value per line. */
export function renderStatement(statement: any, indent: string): string[] {
  const lines = [`${indent}Sid ${statement.Sid ?? '(none)'}${statement.Effect === 'Deny' ? ' (Deny)' : ''}`];
  const field = (label: string, values: string[]) => {
    values.forEach((v, i) => lines.push(`${indent}  ${i === 0 ? label.padEnd(11) : ' '.repeat(11)}${v}`));
  };
  if (statement.Principal !== undefined) {
    field('principal', principals(statement.Principal));
  }
  field(statement.NotAction ? 'not action' : 'actions', asArray(statement.Action ?? statement.NotAction).map(String));
  if (statement.Resource !== undefined || statement.NotResource !== undefined) {
    field(statement.NotResource ? 'not res.' : 'resources', asArray(statement.Resource ?? statement.NotResource).map(String));
  }
  const conditions: string[] = [];
  for (const [operator, byKey] of Object.entries<any>(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries<any>(byKey)) {
      conditions.push(`${operator} ${key} = ${asArray(values).join(' | ')}`);
    }
  }
  if (conditions.length > 0) {
    field('conditions', conditions);
  }
  return lines;
}

/**
 * A value with every CloudFormation intrinsic written back as a readable string:
 * `{ Ref: 'AWS::Partition' }` as `${AWS::Partition}`, a resource's `Ref` as `${DataBucket}`,
 * `Fn::GetAtt` as `${DataBucket.Arn}`, and `Fn::Join` joined.
 */
export function readable(value: any, names: (logicalId: string) => string = (id) => id): any {
  if (Array.isArray(value)) {
    return value.map((v) => readable(v, names));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    return intrinsic(keys[0], value[keys[0]], names);
  }
  const out: any = {};
  for (const k of keys) {
    out[k] = readable(value[k], names);
  }
  return out;
}

function intrinsic(fn: string, arg: any, names: (logicalId: string) => string): string {
  switch (fn) {
    case 'Ref':
      return String(arg).startsWith('AWS::') ? `\${${arg}}` : `\${${names(arg)}}`;
    case 'Fn::GetAtt': {
      const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
      return `\${${names(id)}.${attribute}}`;
    }
    case 'Fn::Join':
      return asArray(readable(arg[1], names)).map(String).join(arg[0]);
    case 'Fn::Sub':
      return Array.isArray(arg) ? String(arg[0]) : String(arg);
    case 'Fn::ImportValue':
      return `\${Import ${readable(arg, names)}}`;
    case 'Fn::Select':
      return `\${Select ${arg[0]} of ${JSON.stringify(readable(arg[1], names))}}`;
    default:
      return `\${${fn} ${JSON.stringify(readable(arg, names))}}`;
  }
}

interface RolePolicy {
  readonly kind: 'managed policy' | 'inline policy';
  readonly name: string;
  readonly document: any;
  /** The policy construct's path (`/Stack/Role/Policy1`), when the template records it. */
  readonly constructPath?: string;
}

/** The customer managed and inline policies of a role, by name (`Policy2` before `Policy10`). */
function policiesOf(roleId: string, role: Resource, resources: { [id: string]: Resource }, names: (id: string) => string): RolePolicy[] {
  const refersToRole = (list: any) => asArray(list).some((r: any) => r?.Ref === roleId);
  const attachedByRole = new Set(asArray(role.Properties?.ManagedPolicyArns)
    .map((arn: any) => arn?.Ref).filter((id: any) => typeof id === 'string'));
  const out: RolePolicy[] = [];
  for (const [id, r] of Object.entries(resources)) {
    const cdkPath = r.Metadata?.['aws:cdk:path'];
    const constructPath = typeof cdkPath === 'string' ? `/${cdkPath.replace(/\/Resource$/, '')}` : undefined;
    if (r.Type === 'AWS::IAM::ManagedPolicy' && (refersToRole(r.Properties?.Roles) || attachedByRole.has(id))) {
      out.push({ kind: 'managed policy', name: names(id), document: r.Properties.PolicyDocument, constructPath });
    } else if (r.Type === 'AWS::IAM::Policy' && refersToRole(r.Properties?.Roles)) {
      out.push({ kind: 'inline policy', name: names(id), document: r.Properties.PolicyDocument, constructPath });
    }
  }
  for (const p of asArray(role.Properties?.Policies)) {
    out.push({ kind: 'inline policy', name: `${names(roleId)}/${p.PolicyName}`, document: p.PolicyDocument });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

function isRefToManagedPolicy(arn: any, resources: { [id: string]: Resource }): boolean {
  return typeof arn?.Ref === 'string' && resources[arn.Ref]?.Type === 'AWS::IAM::ManagedPolicy';
}

function trustsSageMaker(role: Resource): boolean {
  return asArray(role.Properties?.AssumeRolePolicyDocument?.Statement).some((s: any) =>
    asArray(s.Principal?.Service).includes('sagemaker.amazonaws.com'));
}

/**
 * Construct paths without the stack and the trailing `/Resource` (`TrainingRole/Policy1`);
 * without path metadata (`cdk synth --no-path-metadata`, unit tests), logical ids without their hash.
 */
export function readableNames(stackName: string, resources: { [id: string]: Resource }): (logicalId: string) => string {
  return (logicalId: string) => {
    const cdkPath: unknown = resources[logicalId]?.Metadata?.['aws:cdk:path'];
    if (typeof cdkPath !== 'string') {
      // CDK logical ids end in an 8-character hash of the construct path.
      return logicalId.replace(/^(.+?)[0-9A-F]{8}$/, '$1');
    }
    const parts = (cdkPath.startsWith(`${stackName}/`) ? cdkPath.slice(stackName.length + 1) : cdkPath).split('/');
    if (parts.length > 1 && (parts[parts.length - 1] === 'Resource' || parts[parts.length - 1] === 'Default')) {
      parts.pop();
    }
    return parts.join('/') || logicalId;
  };
}

function principals(principal: any): string[] {
  if (typeof principal === 'string') {
    return [principal];
  }
  return Object.entries<any>(principal).flatMap(([kind, values]) => asArray(values).map((v) => `${kind} ${v}`));
}

function asArray(value: any): any[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: review.ts <cdk.out directory>\n');
    process.exit(2);
  }
  const stacks = readAssembly(dir);
  const review = renderReview(stacks);
  process.stdout.write(review);
  const nagFile = path.join(dir, NAG_FINDINGS_FILE);
  if (fs.existsSync(nagFile)) {
    process.stdout.write(`\n${renderNagSummary(JSON.parse(fs.readFileSync(nagFile, 'utf8')), reviewedPolicyPaths(stacks))}`);
  }
  if (review.startsWith('No role')) {
    process.exit(1);
  }
}
