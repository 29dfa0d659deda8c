/**
 * The size and privilege benchmark: `npx projen bench`. Prints markdown tables; asserts nothing,
 * but says whether each target holds.
 *
 * Approaches compared, with the same inputs:
 * - this construct;
 * - the default role of aws-cdk-lib's Step Functions task `SageMakerCreateTrainingJob`;
 * - a plain `iam.Role` with `bucket.grantRead` / `bucket.grantWrite` (CDK's own policy splitting).
 */
import * as os from 'os';
import { performance } from 'perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { CliTimes, cliTimings } from './cli-timing';
import { privilegeTable } from './privilege';
import { SageMakerTrainingRole } from '../src';
import * as placement from '../src/private/placement';
import { resolveIntrinsics } from '../test/util/resolve';

const MANAGED_LIMIT = 6144;
const INLINE_LIMIT = 10240;
const MANAGED_COUNT = 10;

export interface Location { bucket: string; prefix: string }

/** Deterministic pseudo-random locations: bucket names 20 to 40 characters, prefixes 10 to 30. */
export function benchLocations(n: number, buckets = 10): Location[] {
  let state = 0x2f6b1d3;
  const rand = (max: number) => {
    state = (Math.imul(state, 1103515245) + 12345) % 2147483648;
    return Math.abs(state) % max;
  };
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const word = (len: number) => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
  const names = Array.from({ length: buckets }, (_, i) => `ml-${i}-${word(20 + rand(21) - 5)}`);
  return Array.from({ length: n }, (_, i) => {
    const len = 10 + rand(21);
    const body = `ds-${i}-${word(len)}`.slice(0, len - 1);
    return { bucket: names[i % buckets], prefix: `${body}/` };
  });
}

type Approach = 'this construct' | 'this construct, maxManagedPolicies 20' | 'Step Functions task default role' | 'plain role with grants';
const APPROACHES: Approach[] = ['this construct', 'this construct, maxManagedPolicies 20', 'Step Functions task default role', 'plain role with grants'];

interface Measure {
  readonly policies: number;
  /** The fewest managed policies any placement of the same statements can use (see `fewestPolicies`). */
  readonly minimum: number;
  readonly totalChars: number;
  readonly largestManaged: number;
  readonly inlineTotal: number;
  readonly managedCount: number;
  readonly accepted: boolean;
  readonly error?: string;
  readonly synthMs: number;
}

function newStack(): Stack {
  const app = new App({ context: { '@aws-cdk/core:enablePartitionLiterals': true } });
  return new Stack(app, 'Bench', { env: { account: '111122223333', region: 'us-east-1' } });
}

function build(approach: Approach, stack: Stack, inputs: Location[]): void {
  const buckets = new Map<string, s3.IBucket>();
  const bucket = (name: string) => {
    if (!buckets.has(name)) {
      buckets.set(name, s3.Bucket.fromBucketName(stack, `B${buckets.size}`, name));
    }
    return buckets.get(name)!;
  };
  const output = { bucket: bucket('model-artifacts-bench-output'), prefix: 'models/' };
  switch (approach) {
    case 'this construct':
    case 'this construct, maxManagedPolicies 20':
      new SageMakerTrainingRole(stack, 'Role', {
        inputBuckets: inputs.map((l) => ({ bucket: bucket(l.bucket), prefix: l.prefix })),
        outputBucket: output,
        maxManagedPolicies: approach === 'this construct' ? undefined : 20,
      });
      return;
    case 'Step Functions task default role':
      const task = new tasks.SageMakerCreateTrainingJob(stack, 'Train', {
        trainingJobName: sfn.JsonPath.stringAt('$.JobName'),
        algorithmSpecification: { algorithmName: 'bench', trainingInputMode: tasks.InputMode.FILE },
        inputDataConfig: inputs.map((l, i) => ({
          channelName: `c${i}`,
          dataSource: { s3DataSource: { s3Location: tasks.S3Location.fromBucket(bucket(l.bucket), l.prefix) } },
        })),
        outputDataConfig: { s3OutputLocation: tasks.S3Location.fromBucket(output.bucket, output.prefix) },
      });
      // The task grants its role access to the channels when the state machine renders it.
      new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
      return;
    case 'plain role with grants': {
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
      for (const l of inputs) {
        bucket(l.bucket).grantRead(role, `${l.prefix}*`);
      }
      output.bucket.grantWrite(role, `${output.prefix}*`);
      return;
    }
  }
}

/** Sizes of the SageMaker role's policies as IAM counts them, and whether IAM would accept them. */
export function measure(approach: Approach, inputs: Location[]): Measure {
  const stack = newStack();
  const start = performance.now();
  let template: any;
  try {
    build(approach, stack, inputs);
    template = Template.fromStack(stack).toJSON();
  } catch (e) {
    const error = (e as Error).message.slice(0, 60);
    const synthMs = performance.now() - start;
    return { policies: 0, minimum: 0, totalChars: 0, largestManaged: 0, inlineTotal: 0, managedCount: 0, accepted: false, error, synthMs };
  }
  const synthMs = performance.now() - start;
  const resources: [string, any][] = Object.entries(template.Resources);
  const [roleId, role] = resources.find(([, r]) => r.Type === 'AWS::IAM::Role'
    && JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('sagemaker.amazonaws.com'))!;
  const size = (doc: any) => JSON.stringify(resolveIntrinsics(template, doc)).length;
  const refsRole = (list: any[] | undefined) => (list ?? []).some((x) => x.Ref === roleId);

  const inline = [
    ...(role.Properties.Policies ?? []).map((p: any) => size(p.PolicyDocument)),
    ...resources.filter(([, r]) => r.Type === 'AWS::IAM::Policy' && refsRole(r.Properties.Roles)).map(([, r]) => size(r.Properties.PolicyDocument)),
  ];
  const managedIds = new Set<string>(resources.filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy' && refsRole(r.Properties.Roles)).map(([id]) => id));
  for (const arn of role.Properties.ManagedPolicyArns ?? []) {
    if (arn.Ref) {
      managedIds.add(arn.Ref);
    }
  }
  const awsManaged = (role.Properties.ManagedPolicyArns ?? []).filter((a: any) => !a.Ref).length;
  const managed = [...managedIds].map((id) => size(template.Resources[id].Properties.PolicyDocument));
  const statements = [...managedIds].flatMap((id) => resolveIntrinsics(template, template.Resources[id].Properties.PolicyDocument).Statement);
  const inlineTotal = inline.reduce((a, b) => a + b, 0);
  const managedCount = managed.length + awsManaged;
  return {
    policies: inline.length + managedCount,
    minimum: approach.startsWith('this construct') ? fewestPolicies(statements) : 0,
    totalChars: inlineTotal + managed.reduce((a, b) => a + b, 0),
    largestManaged: Math.max(0, ...managed),
    inlineTotal,
    managedCount,
    accepted: inlineTotal <= INLINE_LIMIT && managed.every((m) => m <= MANAGED_LIMIT)
      && managedCount <= (approach === 'this construct, maxManagedPolicies 20' ? 20 : MANAGED_COUNT),
    synthMs,
  };
}

/**
 * The fewest managed policies that can hold these statements, computed apart from the construct:
 * all statements in one document, merged as far as IAM allows without changing what they grant
 * (the same action and resource with one condition key: the values together; the same action
 * and condition: the resources together), Sids without their numbers. Splitting that document
 * only repeats statement envelopes, so its statements' characters, divided by what one policy
 * holds besides its own envelope, bound the count from below.
 */
export function fewestPolicies(statements: any[]): number {
  const byCondition = new Map<string, any>();
  const rest: any[] = [];
  for (const st of statements) {
    const conditions = Object.entries<any>(st.Condition ?? {});
    const keys = conditions.length === 1 ? Object.keys(conditions[0][1]) : [];
    if (conditions.length === 1 && keys.length === 1 && !Array.isArray(st.Resource)) {
      const [op, byKey] = conditions[0];
      const key = JSON.stringify([st.Sid.replace(/\d+$/, ''), st.Action, st.Resource, op, keys[0]]);
      const values = [byKey[keys[0]]].flat();
      const held = byCondition.get(key);
      byCondition.set(key, held ? { ...held, Condition: { [op]: { [keys[0]]: [...held.Condition[op][keys[0]], ...values] } } } : st);
    } else {
      rest.push(st);
    }
  }
  const byResources = new Map<string, any>();
  for (const st of [...byCondition.values(), ...rest]) {
    const key = JSON.stringify([st.Sid.replace(/\d+$/, ''), st.Action, st.Condition ?? null]);
    const held = byResources.get(key);
    byResources.set(key, held ? { ...held, Resource: [...[held.Resource].flat(), ...[st.Resource].flat()] } : st);
  }
  const merged = [...byResources.values()].map((st) => ({ ...st, Sid: st.Sid.replace(/\d+$/, '') }));
  const envelope = JSON.stringify({ Version: '2012-10-17', Statement: [] }).length;
  const single = JSON.stringify({ Version: '2012-10-17', Statement: merged }).length;
  return single <= MANAGED_LIMIT ? 1 : Math.ceil((single - envelope) / (MANAGED_LIMIT - envelope));
}

/** Which managed policy holds each location's object ARN, and whether the role warns that it may move. */
function placementOf(inputs: Location[], approach: Approach): { where: Map<string, string>; policies: number; warned: boolean } {
  const stack = newStack();
  build(approach, stack, inputs);
  const template = Template.fromStack(stack).toJSON();
  const where = new Map<string, string>();
  const ids = new Set<string>();
  for (const [id, r] of Object.entries<any>(template.Resources)) {
    if (r.Type !== 'AWS::IAM::ManagedPolicy') {
      continue;
    }
    ids.add(id);
    for (const st of r.Properties.PolicyDocument.Statement) {
      if (st.Sid.startsWith('TrainingDataRead')) {
        for (const res of [st.Resource].flat()) {
          where.set(JSON.stringify(res), id);
        }
      }
    }
  }
  const warned = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('PolicyPlacementShifted')).length > 0;
  return { where, policies: ids.size, warned };
}

/**
 * Runs `fn` with the construct's policy ends chosen in a window of `window` characters instead of
 * its own (0: every policy filled as far as it goes), to compare with what the construct does.
 * Bench only: replaces the placement function for the duration of `fn`.
 */
function withCutWindow<T>(window: number, fn: () => T): T {
  const original = placement.placeGrants;
  Object.assign(placement, { placeGrants: (grants: any, options: any) => original(grants, { ...options, cutWindow: window }) });
  try {
    return fn();
  } finally {
    Object.assign(placement, { placeGrants: original });
  }
}

/** Locations added one at a time to N, spread over the buckets and over the order of prefixes. */
function additions(n: number, count: number): Location[] {
  const buckets = [...new Set(benchLocations(Math.max(n, 10)).map((l) => l.bucket))];
  return Array.from({ length: count }, (_, k) => ({
    bucket: buckets[(k * 3) % buckets.length],
    prefix: `${['a', 'ds-', 'ds-5', 'm', 'zz'][k % 5]}-added-${k}/`,
  }));
}

interface Moves { readonly policies: number; readonly unmoved: number; readonly mean: number; readonly max: number; readonly warned: boolean }

/** For each of `count` additions to N locations, how many of the N locations changed policy. */
function movesPerAddition(n: number, count: number, approach: Approach): Moves {
  const base = benchLocations(n);
  const before = placementOf(base, approach);
  const moved = additions(n, count).map((extra) => {
    const after = placementOf([...base, extra], approach);
    return [...before.where].filter(([resource, policy]) => after.where.get(resource) !== policy).length;
  });
  return {
    policies: before.policies,
    unmoved: moved.filter((m) => m === 0).length,
    mean: moved.reduce((a, b) => a + b, 0) / moved.length,
    max: Math.max(...moved),
    warned: before.warned,
  };
}

/** The largest N that IAM would accept (binary search up to `hi`). */
function largestDeployable(approach: Approach, hi: number): number {
  let lo = 0;
  if (measure(approach, benchLocations(hi)).accepted) {
    return hi;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (measure(approach, benchLocations(mid)).accepted) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/**
 * The theoretical maximum: the quota's characters (10 managed policies of 6,144) divided among
 * locations at the fewest characters one location can take: its object ARN in a shared
 * `s3:GetObject` statement and its prefix in a shared `s3:prefix` condition, nothing else.
 */
function theoreticalMaximum(limitChars: number): number {
  const all = benchLocations(5000);
  let used = 0;
  for (let i = 0; i < all.length; i++) {
    const l = all[i];
    used += JSON.stringify(`arn:aws:s3:::${l.bucket}/${l.prefix}*`).length + 1 + JSON.stringify(`${l.prefix}*`).length + 1;
    if (used > limitChars) {
      return i;
    }
  }
  return all.length;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Synth time, median of a few runs after one discarded warm-up run at the same size. */
function timed(approach: Approach, n: number, runs: number): Measure {
  measure(approach, benchLocations(n));
  const results = Array.from({ length: runs }, () => measure(approach, benchLocations(n)));
  return { ...results[results.length - 1], synthMs: median(results.map((r) => r.synthMs)) };
}

async function main() {
  const Ns = [1, 3, 10, 100, 300, 1000];
  const lines: string[] = [];
  const print = (s = '') => { lines.push(s); process.stdout.write(`${s}\n`); };
  print(`Benchmark run ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}).`);
  print('Buckets named 20 to 40 characters, prefixes 10 to 30, 10 buckets; sizes as IAM counts them (JSON without whitespace, aws partition).');
  print();
  print('| N | approach | policies | fewest possible | total chars | largest managed / 6,144 | inline / 10,240 | IAM accepts | synth ms |');
  print('|---:|---|---:|---:|---:|---:|---:|:---:|---:|');
  for (const approach of APPROACHES) {
    measure(approach, benchLocations(10)); // warm up
  }
  const synth: Record<string, Record<number, number>> = {};
  let worstExcess = 0;
  for (const n of Ns) {
    for (const approach of APPROACHES) {
      const m = timed(approach, n, n >= 1000 ? 3 : 5);
      (synth[approach] ??= {})[n] = m.synthMs;
      const ours = approach.startsWith('this construct') && m.policies > 0;
      worstExcess = ours ? Math.max(worstExcess, m.policies - m.minimum) : worstExcess;
      print(`| ${n} | ${approach} | ${m.policies} | ${ours ? m.minimum : '-'} | ${m.totalChars} | ${m.largestManaged} | ${m.inlineTotal} | ${m.accepted ? 'yes' : `no${m.error ? ` (${m.error.replace(/\|/g, '/')})` : ''}`} | ${m.synthMs.toFixed(0)} |`);
    }
  }

  print();
  const theoretical = theoreticalMaximum(MANAGED_COUNT * MANAGED_LIMIT);
  print('| approach | largest N IAM accepts |');
  print('|---|---:|');
  const largest: Record<string, number> = {};
  for (const approach of APPROACHES) {
    largest[approach] = largestDeployable(approach, 2500);
    print(`| ${approach} | ${largest[approach]} |`);
  }
  print(`| theoretical maximum (10 x 6,144 characters / fewest characters per location) | ${theoretical} |`);
  print(`| theoretical maximum with 20 policies | ${theoreticalMaximum(20 * MANAGED_LIMIT)} |`);

  print();
  print('Placement stability: 20 locations added one at a time to N (spread over the buckets and the order of prefixes); for each, how many');
  print('of the N locations moved to another policy (a moved location is two statement entries: its object ARN and its listing prefix).');
  print('"filled to the limit" is the same construct with every policy filled as far as it goes, for comparison.');
  print();
  print('| N | policies | additions moving nothing | locations moved per addition, mean / max | filled to the limit: mean / max | warning |');
  print('|---:|---:|---:|---:|---:|:---:|');
  const ADDED = 20;
  for (const n of [10, 50, 100, 300, 500, 1000]) {
    const approach: Approach = n > 550 ? 'this construct, maxManagedPolicies 20' : 'this construct';
    const anchored = movesPerAddition(n, ADDED, approach);
    const brim = withCutWindow(0, () => movesPerAddition(n, ADDED, approach));
    print(`| ${n} | ${anchored.policies} | ${anchored.unmoved} / ${ADDED} | ${anchored.mean.toFixed(1)} / ${anchored.max} | ${brim.mean.toFixed(1)} / ${brim.max} | ${anchored.warned ? 'yes' : 'no'} |`);
  }

  print();
  const ratio = largest['this construct'] / theoretical;
  const t100 = synth['this construct'][100] / synth['plain role with grants'][100];
  // At N=1000 the default quota is exceeded (the construct refuses at once), so scaling is
  // measured with 20 policies, where N=1000 synthesizes.
  const t1000 = synth['this construct, maxManagedPolicies 20'][1000] / synth['this construct, maxManagedPolicies 20'][100];
  const privilege = await privilegeTable(print);
  const extra = privilege.find((p) => p.approach === 'this construct')!.allowedOutside;
  print();
  const cli = await cliTimings(print);
  print();
  print('| target | measured | holds |');
  print('|---|---:|:---:|');
  print(`| policies at most the fewest possible + 1 (every N above) | +${worstExcess} at most | ${worstExcess <= 1 ? 'yes' : 'no'} |`);
  print(`| deploys at >= 90% of the theoretical maximum N | ${(100 * ratio).toFixed(1)}% (${largest['this construct']} of ${theoretical}) | ${ratio >= 0.9 ? 'yes' : 'no'} |`);
  print(`| synth time at N=100 <= 1.5x the plain-grants role | ${t100.toFixed(2)}x | ${t100 <= 1.5 ? 'yes' : 'no'} |`);
  print(`| synth time at N=1000 <= 12x N=100 (maxManagedPolicies 20, where N=1000 fits) | ${t1000.toFixed(2)}x | ${t1000 <= 12 ? 'yes' : 'no'} |`);
  print(`| probe requests allowed outside the job's needs | ${extra} | ${extra === 0 ? 'yes' : 'no'} |`);
  print(cliTargets(cli).join('\n'));
}

/**
 * The command line's targets, as a user runs it: a `node` process of the compiled package, the
 * file cache warm. (In-process, `diagnose` does almost nothing once loaded, so a ratio there says
 * little.)
 */
function cliTargets(cli: CliTimes): string[] {
  if (cli.policyProcess === undefined || cli.diagnoseProcess === undefined) {
    return ['| `policy` within 3x `diagnose --job`, under 1 s warm | not measured: build the package (npx jsii) | - |'];
  }
  const ratio = cli.policyProcess / cli.diagnoseProcess;
  return [
    `| \`policy\` within 3x \`diagnose --job\` (processes) | ${ratio.toFixed(2)}x (${cli.policyProcess.toFixed(0)} / ${cli.diagnoseProcess.toFixed(0)} ms) | ${ratio <= 3 ? 'yes' : 'no'} |`,
    `| \`policy\` under 1 s warm (process) | ${cli.policyProcess.toFixed(0)} ms | ${cli.policyProcess < 1000 ? 'yes' : 'no'} |`,
  ];
}

/** `bench/run.ts --cli`: the command line's timings only. */
async function cliOnly() {
  const print = (line = '') => process.stdout.write(`${line}\n`);
  const cli = await cliTimings(print);
  print();
  print('| target | measured | holds |');
  print('|---|---:|:---:|');
  print(cliTargets(cli).join('\n'));
}

(process.argv.includes('--cli') ? cliOnly() : main()).catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
