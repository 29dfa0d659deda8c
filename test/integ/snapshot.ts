/**
 * Integration test snapshots, written and verified offline, the way `integ-runner` does it.
 *
 * `integ-runner` (without `--force` or `--update-on-failed`) synthesizes each `integ.*.ts` app and
 * compares its templates with the committed `<test>.snapshot/` directory, deploying nothing. The
 * newest `@aws-cdk/integ-runner` in this project's registry (2.197.10) cannot read the cloud
 * assemblies aws-cdk-lib 2.276 writes (schema 55; it reads up to 53), so this module does the same
 * steps with the same inputs, read from @aws-cdk/integ-runner 2.197.10's source:
 *
 * - the app runs as `node -r ts-node/register <file>` in the test's directory (the `typescript`
 *   language preset, lib/runner/integration-tests.js);
 * - its context is integ-runner's own `lib/recommended-feature-flags.json` without
 *   `@aws-cdk/core:target-partitions`, with path metadata, asset metadata and version reporting
 *   off, and its environment the `CDK_INTEG_*` placeholders (lib/runner/runner-base.js,
 *   `getContext`, `defaultArgs`, `DEFAULT_SYNTH_OPTIONS`);
 * - the snapshot is that assembly without the asset files of stacks that have no update workflow
 *   and without `.cache` (`cleanupSnapshot`); here also without the assertion stack's asset files
 *   when its test case has no update workflow (integ-runner keeps its 2 MB handler bundle), and
 *   without the files that change at every synthesis (performance counters, validation reports);
 * - templates are compared with asset hashes replaced by `Asset1`, `Asset2`, ..., unless the test
 *   sets `diffAssets` (`canonicalizeTemplate` in lib/runner/snapshot-test-runner.js; numbered here
 *   by first appearance in the template).
 *
 * Run as a script to write the snapshots: `npx projen integ:snapshot`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const INTEG_DIR = __dirname;

/** The integration test apps: `integ.*.ts` in this directory. */
export function integTests(): string[] {
  return fs.readdirSync(INTEG_DIR)
    .filter((f) => /^integ\.(?!.*\.d\.ts$).*\.ts$/.test(f))
    .sort()
    .map((f) => path.join(INTEG_DIR, f));
}

export function snapshotDir(testFile: string): string {
  return `${testFile}.snapshot`;
}

/** Synthesizes an integration test app into `outdir` as integ-runner does. */
export function synthesize(testFile: string, outdir: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const flags: { [key: string]: unknown } = { ...require('@aws-cdk/integ-runner/lib/recommended-feature-flags.json') };
  delete flags['@aws-cdk/core:target-partitions'];
  delete flags.default;
  const context = {
    ...flags,
    'aws:cdk:enable-path-metadata': false,
    'aws:cdk:enable-asset-metadata': false,
    'aws:cdk:version-reporting': false,
  };
  fs.mkdirSync(outdir, { recursive: true });
  execFileSync(process.execPath, ['-r', 'ts-node/register', path.basename(testFile)], {
    cwd: path.dirname(testFile),
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(context),
      // Type errors are the type-check step's job; the snapshot needs only the output.
      TS_NODE_TRANSPILE_ONLY: 'true',
      CDK_INTEG_ACCOUNT: '12345678',
      CDK_INTEG_REGION: 'test-region',
      CDK_INTEG_HOSTED_ZONE_ID: 'Z23ABC4XYZL05B',
      CDK_INTEG_HOSTED_ZONE_NAME: 'example.com',
      CDK_INTEG_DOMAIN_NAME: '*.example.com',
      CDK_INTEG_CERT_ARN: 'arn:aws:acm:test-region:12345678:certificate/86468209-a272-595d-b831-0efb6421265z',
      CDK_INTEG_SUBNET_ID: 'subnet-0dff1a399d8f6f92c',
    },
  });
}

/** Files written at every synthesis with different content, never part of a snapshot. */
const VOLATILE_FILES = ['performance-counters.json', 'validation-report.json', 'policy-validation-report.json'];

/** Removes from an assembly what integ-runner leaves out of a snapshot. */
export function cleanAssembly(dir: string): void {
  const testCases = readIntegManifest(dir).testCases;
  const withoutUpdateWorkflow = new Set(Object.values(testCases)
    .filter((c) => c.stackUpdateWorkflow === false)
    .flatMap((c) => [...c.stacks, ...(c.assertionStackName ? [c.assertionStackName] : [])]));
  const manifest = readJson(path.join(dir, 'manifest.json'));
  for (const artifact of Object.values<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'cdk:asset-manifest') {
      continue;
    }
    const stack = Object.entries<any>(manifest.artifacts).find(([, a]) =>
      a.type === 'aws:cloudformation:stack' && (a.dependencies ?? []).some((d: string) => manifest.artifacts[d] === artifact));
    if (stack && !withoutUpdateWorkflow.has(stack[0])) {
      continue;
    }
    const assets = readJson(path.join(dir, artifact.properties.file));
    for (const asset of [...Object.values<any>(assets.files ?? {}), ...Object.values<any>(assets.dockerImages ?? {})]) {
      const source: string | undefined = asset.source.path ?? asset.source.directory;
      // Templates are published as assets too; they are the snapshot.
      if (source && !path.isAbsolute(source) && !source.endsWith('.template.json')) {
        fs.rmSync(path.join(dir, source), { recursive: true, force: true });
      }
    }
  }
  for (const file of ['.cache', ...VOLATILE_FILES]) {
    fs.rmSync(path.join(dir, file), { recursive: true, force: true });
  }
}

/** Writes (or rewrites) the snapshot of one integration test. */
export function writeSnapshot(testFile: string): void {
  const dir = snapshotDir(testFile);
  fs.rmSync(dir, { recursive: true, force: true });
  synthesize(testFile, dir);
  cleanAssembly(dir);
}

/** One template that differs from its snapshot, and how: `<JSON path>: <snapshot> -> <now>`. */
export interface SnapshotDifference {
  readonly template: string;
  readonly changes: string[];
}

/**
 * Synthesizes the test in a temporary directory and returns the templates that differ: those of
 * the test cases' stacks (what integ-runner compares) and of their assertion stacks (which
 * integ-runner leaves out), without the `salt` that makes each assertion run at every deployment.
 */
export function compareWithSnapshot(testFile: string): SnapshotDifference[] {
  const expectedDir = snapshotDir(testFile);
  if (!fs.existsSync(expectedDir)) {
    return [{ template: path.basename(expectedDir), changes: ['no snapshot: run npx projen integ:snapshot'] }];
  }
  const actualDir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-snapshot-'));
  try {
    synthesize(testFile, actualDir);
    const testCases = Object.values(readIntegManifest(actualDir).testCases);
    const stacks = testCases.flatMap((c) => [...c.stacks, ...(c.assertionStackName ? [c.assertionStackName] : [])]);
    const diffAssets = testCases.some((c) => c.diffAssets === true);
    const expected = snapshotTemplates(expectedDir);
    const actual = snapshotTemplates(actualDir);
    const differences: SnapshotDifference[] = [];
    for (const stack of [...new Set([...stacks, ...Object.keys(expected).filter((s) => stacks.includes(s))])].sort()) {
      const [ce, ca] = [expected[stack], actual[stack]].map((t) => t && withoutSalt(diffAssets ? t.template : canonical(t)));
      if (JSON.stringify(ce) !== JSON.stringify(ca)) {
        differences.push({ template: `${stack}.template.json`, changes: jsonChanges(ce, ca, '') });
      }
    }
    return differences;
  } finally {
    fs.rmSync(actualDir, { recursive: true, force: true });
  }
}

interface StackTemplate {
  readonly template: any;
  /** Hashes of the stack's file and image assets. */
  readonly assetHashes: string[];
}

/** Every stack template of an assembly, by stack (artifact id), with its asset hashes. */
function snapshotTemplates(dir: string): { [file: string]: StackTemplate } {
  const manifest = readJson(path.join(dir, 'manifest.json'));
  const out: { [file: string]: StackTemplate } = {};
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack') {
      continue;
    }
    const assetHashes = (artifact.dependencies ?? [])
      .map((d: string) => manifest.artifacts[d])
      .filter((a: any) => a?.type === 'cdk:asset-manifest')
      .flatMap((a: any) => {
        const assets = readJson(path.join(dir, a.properties.file));
        return [...Object.keys(assets.files ?? {}), ...Object.keys(assets.dockerImages ?? {})];
      });
    out[id] = { template: readJson(path.join(dir, artifact.properties.templateFile)), assetHashes };
  }
  return out;
}

/** Where two JSON values differ, one line per changed leaf (at most 40 lines). */
function jsonChanges(before: any, after: any, at: string, out: string[] = []): string[] {
  if (out.length >= 40 || JSON.stringify(before) === JSON.stringify(after)) {
    return out;
  }
  if (before && after && typeof before === 'object' && typeof after === 'object' && Array.isArray(before) === Array.isArray(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      jsonChanges(before[key], after[key], `${at}/${key}`, out);
    }
    return out;
  }
  const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v).slice(0, 300));
  out.push(`${at || '/'}: ${show(before)} -> ${show(after)}`);
  return out;
}

/** The template without the assertion resources' `salt` (the synthesis time, integ-tests-alpha). */
function withoutSalt(template: any): any {
  const resources = Object.fromEntries(Object.entries<any>(template.Resources ?? {}).map(([id, r]) => {
    if (!String(r.Type).startsWith('Custom::DeployAssert@') || r.Properties?.salt === undefined) {
      return [id, r];
    }
    const { salt, ...properties } = r.Properties;
    return [id, { ...r, Properties: properties }];
  }));
  return { ...template, Resources: resources };
}

/** The template with each asset hash replaced by `AssetN`, numbered by first appearance. */
function canonical({ template, assetHashes }: StackTemplate): any {
  let text = JSON.stringify(template);
  const positions = assetHashes
    .map((hash) => ({ hash, at: text.indexOf(hash) }))
    .filter((h) => h.at >= 0)
    .sort((x, y) => x.at - y.at);
  positions.forEach(({ hash }, i) => {
    text = text.split(hash).join(`Asset${i + 1}`);
  });
  return JSON.parse(text);
}

interface IntegManifest {
  readonly testCases: {
    [name: string]: {
      readonly stacks: string[];
      readonly assertionStack?: string;
      readonly assertionStackName?: string;
      readonly stackUpdateWorkflow?: boolean;
      readonly diffAssets?: boolean;
    };
  };
}

/** The integ manifest (`integ.json`) that integ-tests-alpha writes into the assembly. */
function readIntegManifest(dir: string): IntegManifest {
  const file = path.join(dir, 'integ.json');
  if (!fs.existsSync(file)) {
    throw new Error(`${dir} has no integ.json: the app must define an IntegTest (@aws-cdk/integ-tests-alpha)`);
  }
  return readJson(file);
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

if (require.main === module) {
  for (const test of integTests()) {
    writeSnapshot(test);
    process.stdout.write(`snapshot written: ${path.relative(process.cwd(), snapshotDir(test))}\n`);
  }
}
