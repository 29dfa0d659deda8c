/**
 * Runs the command line in-process and captures what it writes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

/** Runs the command with `--json` and parses stdout; fails loudly when it is not JSON. */
export async function runCliJson(argv: string[]): Promise<CliResult & { json: any }> {
  const result = await runCli([...argv, '--json']);
  let json: any;
  try {
    json = JSON.parse(result.out);
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\n${result.out}\n${result.err}`);
  }
  return { ...result, json };
}

/** The path of a file in test/cli/fixtures. */
export function fixture(name: string): string {
  return path.join(__dirname, '..', 'cli', 'fixtures', name);
}

/** Writes JSON (or text) to a fresh temporary file and returns its path. */
export function tempFile(name: string, content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}
