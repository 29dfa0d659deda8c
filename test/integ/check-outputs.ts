/**
 * After `cdk deploy --outputs-file <file>` of an integration test: fails unless every assertion
 * (integ-tests-alpha's `AssertionResults*` stack outputs, `{"status": "success" | "fail", ...}`)
 * succeeded. Assertions that wait (`waitForAssertions`) fail the deployment itself when they time out.
 *
 *   npx ts-node --transpile-only test/integ/check-outputs.ts .tmp/integ-outputs.json
 */
import * as fs from 'fs';

export interface AssertionOutcome {
  readonly stack: string;
  readonly output: string;
  readonly status: string;
  readonly message?: string;
}

/** Every assertion result in a `cdk deploy --outputs-file` file. */
export function assertionOutcomes(outputs: { [stack: string]: { [output: string]: string } }): AssertionOutcome[] {
  return Object.entries(outputs).flatMap(([stack, values]) => Object.entries(values)
    .filter(([output]) => output.startsWith('AssertionResults'))
    .map(([output, value]) => {
      let parsed: { status?: string; message?: string } = {};
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = { status: 'unreadable', message: value };
      }
      return { stack, output, status: parsed.status ?? 'unknown', message: parsed.message };
    }));
}

if (require.main === module) {
  const file = process.argv[2];
  const outcomes = assertionOutcomes(JSON.parse(fs.readFileSync(file, 'utf8')));
  for (const o of outcomes) {
    process.stdout.write(`${o.status === 'success' ? 'ok  ' : 'FAIL'} ${o.stack} ${o.output}${o.message ? `\n     ${o.message}` : ''}\n`);
  }
  const failed = outcomes.filter((o) => o.status !== 'success');
  process.stdout.write(`${outcomes.length - failed.length} of ${outcomes.length} assertions passed\n`);
  process.exitCode = outcomes.length === 0 || failed.length > 0 ? 1 : 0;
}
