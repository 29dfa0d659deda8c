/**
 * cdk-nag's AwsSolutions checks that also record every finding, acknowledged or not, with the
 * reason it was acknowledged, so that the review can say how many findings there were.
 *
 * cdk-nag 3 runs as a policy-validation plugin: `cdk synth` fails on any finding that is not
 * acknowledged (`Validations.of(construct).acknowledge({ id, reason })` on the construct or an
 * ancestor). Acknowledged findings leave no trace in the cloud assembly, so `examples/app.ts`
 * writes this list next to it (`nag-findings.json`).
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, IApplyRule, NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** The file, in the cloud assembly directory, that holds the findings of the last synthesis. */
export const NAG_FINDINGS_FILE = 'nag-findings.json';

export interface NagFinding {
  /** The exact finding id, as cdk-nag reports it (`AwsSolutions-IAM5[Resource::*]`). */
  readonly id: string;
  /** The construct path of the resource (`SageMakerTrainingExample/TrainingRole/Policy1/Resource`). */
  readonly path: string;
  /** Where it was acknowledged (that construct or an ancestor), and why; absent when it is open. */
  readonly acknowledgedAt?: string;
  readonly reason?: string;
}

export interface NagFindingsReport {
  readonly pack: string;
  readonly findings: NagFinding[];
}

export class RecordingAwsSolutionsChecks extends AwsSolutionsChecks {
  /** The findings of the last validation, in the order cdk-nag met them. */
  public readonly findings: NagFinding[] = [];

  public validateScope(scope: IConstruct) {
    this.findings.length = 0;
    return super.validateScope(scope);
  }

  /** Each rule on each resource: record what it finds, then let cdk-nag report what is open. */
  protected applyRule(params: IApplyRule): void {
    const ruleId = `${this.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`;
    let ids: string[];
    try {
      const result = params.rule(params.node);
      ids = result === NagRuleCompliance.NON_COMPLIANT ? [ruleId]
        : Array.isArray(result) ? result.map((finding) => `${ruleId}[${finding}]`)
          : [];
    } catch {
      // cdk-nag reports a rule that throws as a finding of the rule itself.
      ids = [ruleId];
    }
    for (const id of ids) {
      this.findings.push({ id, path: params.node.node.path, ...acknowledgementOf(params.node, id) });
    }
    super.applyRule(params);
  }

  public report(): NagFindingsReport {
    return { pack: this.readPackName, findings: [...this.findings] };
  }
}

/** The acknowledgement of finding `id` on `node` or its nearest ancestor, as cdk-nag 3 looks it up. */
export function acknowledgementOf(node: IConstruct, id: string): { acknowledgedAt?: string; reason?: string } {
  for (let c: IConstruct | undefined = node; c; c = c.node.scope) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) {
        continue;
      }
      for (const [key, reason] of Object.entries(entry.data as { [id: string]: string })) {
        // aws-cdk-lib writes the id with an `Annotation::` (older: `annotation::`) prefix.
        if (key.replace(/^annotation::/i, '') === id) {
          return { acknowledgedAt: c.node.path, reason };
        }
      }
    }
  }
  return {};
}

/**
 * The paragraph the review of the example ends with: how many findings cdk-nag met during
 * synthesis, how many are acknowledged (the review lists them with their reasons), and which are
 * open. The cloud assembly records acknowledgements, not the findings themselves: hence this file.
 */
export function renderNagSummary(report: NagFindingsReport): string {
  const findings = report.findings;
  const open = findings.filter((f) => f.reason === undefined);
  const acknowledged = findings.length - open.length;
  const lines = [
    `cdk-nag ${report.pack}, run during synthesis: ${count(findings.length, 'finding')},`,
    `  ${acknowledged === findings.length ? (findings.length === 1 ? 'acknowledged' : 'each acknowledged') : `${acknowledged} acknowledged`} `
    + `with a reason (listed above), ${open.length} open`,
  ];
  if (open.length > 0) {
    lines.push(`  ${open.length} not acknowledged:`);
    for (const f of open) {
      lines.push(`    ${f.id} on ${constructName(f.path)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A construct path without its stack and its trailing `/Resource` (`DataBucket`). */
function constructName(constructPath: string): string {
  const parts = constructPath.split('/');
  if (parts.length > 2 && (parts[parts.length - 1] === 'Resource' || parts[parts.length - 1] === 'Default')) {
    parts.pop();
  }
  return parts.slice(1).join('/') || constructPath;
}
