/**
 * The permission review of the example app: the package's own command,
 * `sagemaker-training-role review examples/cdk.out` (src/cli/commands/review.ts), then how many
 * cdk-nag findings synthesis met, from the list examples/app.ts writes next to the assembly.
 *
 *   npx ts-node --prefer-ts-exts examples/review.ts examples/cdk.out [review options]
 */
import * as fs from 'fs';
import * as path from 'path';
import { NAG_FINDINGS_FILE, renderNagSummary } from './nag-findings';
import { run } from '../src/cli/main';

async function main(argv: string[]): Promise<number> {
  const code = await run(['review', ...argv]);
  // The paragraph closes the text review; other formats and options print the command's output only.
  const nagFile = argv.length === 1 ? path.join(argv[0], NAG_FINDINGS_FILE) : undefined;
  if (code === 0 && nagFile && fs.existsSync(nagFile)) {
    process.stdout.write(`\n${renderNagSummary(JSON.parse(fs.readFileSync(nagFile, 'utf8')))}`);
  }
  return code;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`${e}\n`); process.exitCode = 2; },
);
