import { CheckResult } from './check';
import { Diagnosis } from './failures';

/** What `diagnose` prints: this object with --json, else its text form. */
export interface DiagnoseOutput {
  readonly recognised: boolean;
  readonly text: string | null;
  readonly diagnosis: Diagnosis | null;
  readonly check?: CheckResult;
  readonly notes: string[];
}

/** The text form of the output, for people. */
export function diagnoseOutputText(o: DiagnoseOutput): string {
  const lines: string[] = [];
  if (o.text !== null && !o.diagnosis) {
    lines.push('Not recognised: this text matches none of the failures sagemaker-training-role knows, so it names no cause rather than guess one.');
    lines.push(`Text: ${o.text}`);
    lines.push('If it mentions AccessDenied or "not authorized", compare the role\'s policies with `sagemaker-training-role policy` for the same job.');
  }
  const d = o.diagnosis;
  if (d) {
    lines.push(`Recognised: ${d.title} [${d.id}]`);
    lines.push(`Permission problem: ${d.permissionProblem ? 'yes' : 'no'}`);
    if (d.resources.length > 0) {
      lines.push('Resources:');
      for (const r of d.resources) {
        lines.push(`  ${r.kind}: ${r.name}${r.arn && r.arn !== r.name ? ` (${r.arn})` : ''}`);
      }
    }
    lines.push(d.causes.length > 1 ? 'Causes, most likely first:' : 'Cause:');
    d.causes.forEach((c, i) => {
      lines.push(`  ${i + 1}. ${c.category}`);
      lines.push(...wrap(c.explanation, '     '));
      lines.push(...wrap(`Fix: ${c.fix}`, '     '));
      for (const change of c.changes) {
        lines.push(`     In ${change.where}:`);
        const body = change.document ?? change.statements;
        lines.push(...indent(JSON.stringify(change.statements && change.statements.length === 1 ? change.statements[0] : body, null, 2), '       '));
      }
    });
  }
  if (o.check) {
    const c = o.check;
    lines.push(`${lines.length > 0 ? '\n' : ''}Checked ${c.checked} requests the job makes against the policies of ${c.roleArn}: ${c.denied.length} denied.`);
    for (const v of c.denied) {
      const context = Object.entries(v.context).map(([k, val]) => `${k}=${val}`).join(', ');
      lines.push(`  DENIED (${v.result}) ${v.action} on ${v.resource}${context ? ` with ${context}` : ''}`);
      if (v.statement) {
        lines.push(`    allowed by this statement in ${v.where}:`);
        lines.push(...indent(JSON.stringify(v.statement, null, 2), '      '));
      }
    }
    for (const s of c.skipped) {
      lines.push(`  not checked: ${s}`);
    }
    for (const a of c.assumptions) {
      lines.push(...wrap(`assumed: ${a}`, '  '));
    }
  }
  const notes = [...(d?.notes ?? []), ...o.notes];
  if (notes.length > 0) {
    lines.push('Notes:');
    lines.push(...notes.flatMap((n) => wrap(`- ${n}`, '  ')));
  }
  return lines.join('\n') + '\n';
}

function indent(text: string, prefix: string): string[] {
  return text.split('\n').map((l) => prefix + l);
}

/** `text` in lines of at most `width` characters, each after `prefix`. */
export function wrap(text: string, prefix: string, width = 100): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      out.push(prefix + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) {
    out.push(prefix + line);
  }
  return out;
}
