/**
 * The command as users get it: `npm pack` of this package, unpacked into a project in the system's
 * temporary directory (outside this repository, so module resolution cannot reach its
 * node_modules), with only the peers aws-cdk-lib and constructs beside it, the way npm lays out an
 * install. The binary runs through the `node_modules/.bin` link, shebang and all.
 *
 * It packs the compiled lib/ and .jsii: run `npx jsii` first (CI's test task runs after compile).
 */
import { execFileSync, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixture } from '../util/cli';

const ROOT = path.join(__dirname, '..', '..');
const PACKAGE = 'cdk-sagemaker-training-role';
const BIN_NAME = 'sagemaker-training-role';
const PEERS = ['aws-cdk-lib', 'constructs'];
/** The AGPL-3.0 packages of @cloud-copilot: never a dependency of this Apache-2.0 package. */
const AGPL = ['@cloud-copilot/iam-simulate', '@cloud-copilot/iam-policy', '@cloud-copilot/iam-utils', '@cloud-copilot/iam-expand'];
const BUILT = fs.existsSync(path.join(ROOT, 'lib', 'cli', 'main.js')) && fs.existsSync(path.join(ROOT, '.jsii'));

/** Packing, unpacking and every run of the binary together stay well under a minute. */
const SETUP_TIMEOUT = 30_000;
const RUN_TIMEOUT = 20_000;

interface Packed {
  readonly dir: string;
  readonly project: string;
  readonly installed: string;
  readonly bin: string;
  readonly files: string[];
  readonly manifest: { [key: string]: any };
}

let packed: Packed | undefined;

function setup(): Packed {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-package-')));
  const pack = execFileSync('npm', ['pack', '--pack-destination', dir, '--ignore-scripts', '--json'], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: SETUP_TIMEOUT,
  });
  const [info] = JSON.parse(pack) as { filename: string; files: { path: string }[] }[];

  const project = path.join(dir, 'project');
  const modules = path.join(project, 'node_modules');
  fs.mkdirSync(path.join(modules, '.bin'), { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'temp-project', private: true }));
  execFileSync('tar', ['-xzf', path.join(dir, info.filename), '-C', modules], { timeout: SETUP_TIMEOUT });
  const installed = path.join(modules, PACKAGE);
  fs.renameSync(path.join(modules, 'package'), installed);
  for (const peer of PEERS) {
    fs.symlinkSync(path.join(ROOT, 'node_modules', peer), path.join(modules, peer), 'dir');
  }

  // What npm does for a "bin" entry: a relative link in node_modules/.bin, the target made executable.
  const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
  const target = path.join(installed, manifest.bin[BIN_NAME]);
  fs.chmodSync(target, 0o755);
  const bin = path.join(modules, '.bin', BIN_NAME);
  fs.symlinkSync(path.relative(path.dirname(bin), target), bin);

  return { dir, project, installed, bin, files: info.files.map((f) => f.path), manifest };
}

function pkg(): Packed {
  if (!packed) {
    throw new Error('the package was not packed and installed (see the error of beforeAll)');
  }
  return packed;
}

/** Runs the installed binary from the temporary project, with nothing that widens module resolution. */
function runInstalled(args: string[]): SpawnSyncReturns<string> {
  const { project, bin } = pkg();
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  const result = spawnSync(bin, args, { cwd: project, env, encoding: 'utf8', timeout: RUN_TIMEOUT });
  if (result.error) {
    throw result.error;
  }
  return result;
}

const withBuild = BUILT ? describe : describe.skip;

withBuild(`the packed tarball${BUILT ? '' : ' (skipped: lib/cli/main.js or .jsii is absent; build with npx jsii)'}`, () => {
  beforeAll(() => {
    packed = setup();
  }, SETUP_TIMEOUT);

  afterAll(() => {
    if (packed) {
      fs.rmSync(packed.dir, { recursive: true, force: true });
    }
  });

  describe('contents', () => {
    test('holds the binary, the jsii assembly and the package manifest', () => {
      expect(pkg().files).toEqual(expect.arrayContaining([`bin/${BIN_NAME}`, '.jsii', 'package.json', 'lib/index.js', 'lib/index.d.ts', 'lib/cli/main.js']));
    });

    test('holds every compiled .js and .d.ts file of lib/', () => {
      const compiled = fs.readdirSync(path.join(ROOT, 'lib'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))
        .map((f) => `lib/${f.split(path.sep).join('/')}`);
      expect(compiled.length).toBeGreaterThan(10);
      expect(compiled.filter((f) => !pkg().files.includes(f))).toEqual([]);
    });

    test('holds nothing of src/, test/ or node_modules, and only compiled files in lib/', () => {
      const leaked = pkg().files.filter((f) => /^(src|test)\//.test(f) || f.includes('node_modules/') || (f.startsWith('lib/') && f.endsWith('.ts') && !f.endsWith('.d.ts')));
      expect(leaked).toEqual([]);
    });

    test('the manifest maps the sagemaker-training-role command to the packed binary', () => {
      expect(pkg().manifest.bin).toEqual({ [BIN_NAME]: `bin/${BIN_NAME}` });
    });

    test('no AGPL simulator package is a dependency, a bundled dependency or a required peer', () => {
      const m = pkg().manifest;
      const required = [
        ...Object.keys(m.dependencies ?? {}),
        ...Object.keys(m.optionalDependencies ?? {}),
        ...(m.bundledDependencies ?? []),
        ...(m.bundleDependencies ?? []),
        ...Object.keys(m.peerDependencies ?? {}).filter((p) => m.peerDependenciesMeta?.[p]?.optional !== true),
      ];
      expect(required.filter((d) => AGPL.includes(d))).toEqual([]);
    });

    test('no packed file requires an @cloud-copilot package by name (the simulator is loaded only on demand)', () => {
      const { installed } = pkg();
      const requiring = pkg().files
        .filter((f) => f.endsWith('.js') || f.startsWith('bin/'))
        .filter((f) => /require\(\s*["'`]@cloud-copilot\//.test(fs.readFileSync(path.join(installed, f), 'utf8')));
      expect(requiring).toEqual([]);
    });
  });

  describe('the installed binary', () => {
    test('the temporary project cannot resolve the simulator, so the check below sees a user\'s install', () => {
      const { installed, project } = pkg();
      expect(path.relative(ROOT, project).startsWith('..')).toBe(true);
      const r = spawnSync(process.execPath, ['-e', 'require.resolve(process.argv[1])', '@cloud-copilot/iam-simulate'], {
        cwd: installed, env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: RUN_TIMEOUT,
      });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('Cannot find module');
    });

    test('--help exits 0 and lists the policy and diagnose commands', () => {
      const r = runInstalled(['--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: sagemaker-training-role <command>/);
      expect(r.stdout).toMatch(/^ {2}policy {2,}/m);
      expect(r.stdout).toMatch(/^ {2}diagnose {2,}/m);
    });

    test('policy from flags prints IAM JSON: the trust policy and the data policies', () => {
      const r = runInstalled(['policy', '--input', 's3://my-data/p/', '--output', 's3://my-models/o/', '--account', '111122223333', '--region', 'us-east-1']);
      expect(r.status).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.trustPolicy.Statement).toEqual([expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'sagemaker.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': '111122223333' } }),
      })]);
      const resources = json.policies.flatMap((p: any) => p.document.Statement).flatMap((s: any) => [s.Resource].flat());
      expect(resources).toEqual(expect.arrayContaining(['arn:aws:s3:::my-data/p/*', 'arn:aws:s3:::my-models/o/*']));
    });

    test('policy --from-job --format table reads a describe-training-job file', () => {
      const r = runInstalled(['policy', '--from-job', fixture('describe-training-job-completed.json'), '--format', 'table']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('TrainingDataRead');
      expect(r.stdout).toContain('arn:aws:s3:::example-training-data/datasets/train/*');
    });

    test('diagnose of a SPEC failure text exits 1 and names the role as the first cause', () => {
      const r = runInstalled(['diagnose', 'ClientError: Data download failed:Unable to download object s3://example-training-data/datasets/train/part-00017.csv (AccessDenied: Access Denied)']);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('Recognised: The job may not read its training data from S3 [input-object-denied]');
      expect(r.stdout).toMatch(/Causes, most likely first:\n {2}1\. role\n/);
      expect(r.stdout).toContain('S3 object: s3://example-training-data/datasets/train/part-00017.csv');
    });

    test('diagnose --role-policies without the simulator installed exits 2 and says how to install it', () => {
      const r = runInstalled(['diagnose', '--job', fixture('describe-training-job-input-denied.json'), '--role-policies', fixture('get-role-policy-churn-data.json')]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('install @cloud-copilot/iam-simulate to check policies; it is AGPL-3.0 and not bundled');
      expect(r.stderr).toContain('npm install @cloud-copilot/iam-simulate');
    });

    test('diagnose --role-policies loads the simulator once the user installs it next to the package', () => {
      const { project } = pkg();
      const scope = path.join(project, 'node_modules', '@cloud-copilot');
      fs.mkdirSync(scope);
      try {
        fs.symlinkSync(path.join(ROOT, 'node_modules', '@cloud-copilot', 'iam-simulate'), path.join(scope, 'iam-simulate'), 'dir');
        const r = runInstalled(['diagnose', '--job', fixture('describe-training-job-input-denied.json'), '--vpc', 'vpc-0123456789abcdef0',
          '--role-policies', fixture('get-role-policy-churn-data.json'), '--role-policies', fixture('get-policy-version-churn-base.json'), '--json']);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(1);
        const denied = JSON.parse(r.stdout).check.denied.map((d: any) => `${d.action} ${d.resource}`);
        expect(denied).toContain('s3:GetObject arn:aws:s3:::example-training-data/datasets/validation/part-00000');
      } finally {
        fs.rmSync(scope, { recursive: true, force: true });
      }
    });

    test('a usage error exits 2 and names the bad option', () => {
      const r = runInstalled(['policy', '--no-such-flag']);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('unknown option --no-such-flag');
    });
  });
});
