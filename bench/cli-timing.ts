/**
 * The command line's timing half of the benchmark: `policy` against `diagnose`, in-process after
 * a warm-up run (what a second call costs once modules are loaded), and as a fresh `node` process
 * of the compiled package (`bin/sagemaker-training-role`, from `lib/`: run `npx jsii` first),
 * after one warm-up process (the file cache warm).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { run } from '../src/cli/main';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'sagemaker-training-role');
const JOB = path.join(ROOT, 'test', 'cli', 'fixtures', 'describe-training-job-input-denied.json');
const SILENT = { out: () => {}, err: () => {} };

/** The commands timed: a typical `policy`, and `diagnose` of a text alone and of a job file. */
export const COMMANDS: { name: string; argv: string[] }[] = [
  {
    name: 'policy (one input, output, image)',
    argv: ['policy', '--account', '111122223333', '--region', 'us-east-1',
      '--input', 's3://example-data/datasets/train/', '--output', 's3://example-models/models/',
      '--image', '111122223333.dkr.ecr.us-east-1.amazonaws.com/training:1.0'],
  },
  {
    name: 'diagnose "<FailureReason>" (text only)',
    argv: ['diagnose', 'ClientError: Data download failed:Unable to download object s3://example-training-data/datasets/train/part-00017.csv (AccessDenied: Access Denied)'],
  },
  { name: 'diagnose --job FILE (a describe-training-job output)', argv: ['diagnose', '--job', JOB] },
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Milliseconds of `runs` in-process calls after one warm-up call (median). */
async function inProcess(argv: string[], runs: number): Promise<number> {
  await run(argv, SILENT);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run(argv, SILENT);
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Milliseconds of `runs` fresh processes of the compiled command after one warm-up process (median). */
function asProcess(argv: string[], runs: number): number | undefined {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'cli', 'main.js'))) {
    return undefined;
  }
  const once = () => {
    const start = performance.now();
    const r = spawnSync(process.execPath, [BIN, ...argv], { encoding: 'utf8' });
    const ms = performance.now() - start;
    // policy exits 0; diagnose exits 1 when it recognises the failure. Anything else is a broken build.
    if (r.status !== 0 && r.status !== 1) {
      throw new Error(`${BIN} ${argv[0]} exited ${r.status}: ${r.stderr.slice(0, 500)} (a stale lib/? rm -rf lib && npx jsii)`);
    }
    return ms;
  };
  once();
  return median(Array.from({ length: runs }, once));
}

/** Milliseconds of `policy` and `diagnose --job`, in-process and (when the package is built) as processes. */
export interface CliTimes {
  readonly policy: number;
  readonly diagnose: number;
  readonly policyProcess?: number;
  readonly diagnoseProcess?: number;
}

export async function cliTimings(print: (line?: string) => void): Promise<CliTimes> {
  print('Command line, milliseconds (median of 5 after a warm-up): in-process, and as a `node` process of the compiled');
  print('package (lib/, built by `npx jsii`; "-" when absent).');
  print();
  print('| command | in-process ms | process ms |');
  print('|---|---:|---:|');
  const results: { inProc: number; proc?: number }[] = [];
  for (const c of COMMANDS) {
    const inProc = await inProcess(c.argv, 5);
    const proc = asProcess(c.argv, 5);
    results.push({ inProc, proc });
    print(`| ${c.name} | ${inProc.toFixed(0)} | ${proc === undefined ? '-' : proc.toFixed(0)} |`);
  }
  return { policy: results[0].inProc, diagnose: results[2].inProc, policyProcess: results[0].proc, diagnoseProcess: results[2].proc };
}
