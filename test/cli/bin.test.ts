import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'sagemaker-training-role');
const BUILT = fs.existsSync(path.join(ROOT, 'lib', 'cli', 'main.js'));

// The binary runs the compiled lib/; without `npx jsii` there is nothing to run.
const withBuild = BUILT ? test : test.skip;

describe(`the installed command${BUILT ? '' : ' (skipped: lib/cli/main.js is absent; build it with npx jsii)'}`, () => {
  withBuild('node bin/sagemaker-training-role --help prints the usage and exits 0', () => {
    const out = execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/^Usage: sagemaker-training-role <command>/);
    expect(out).toContain('policy');
    expect(out).toContain('diagnose');
  });

  withBuild('the binary\'s exit code is the command\'s: 2 for a usage error', () => {
    const r = spawnSync(process.execPath, [BIN, 'policy', '--no-such-flag'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --no-such-flag');
  });
});
