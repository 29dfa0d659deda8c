/**
 * Random valid configurations: 1 to 20 inputs with random prefixes (Latin-1 and the punctuation
 * S3 allows, overlaps, shared buckets), keys on some locations, imported and created resources,
 * prefixes that are tokens until synthesis, with and without a VPC, in environment-agnostic and
 * pinned stacks. For each, by simulation against a model of what the props ask for: every request
 * the job needs is allowed and every near miss denied; every statement passes the Service
 * Authorization Reference check; sizes are within IAM's quotas; and the same props with the
 * inputs in another order give a byte-identical template.
 *
 * Bounded for CI (a few seconds). fast-check prints the seed and the shrunk counterexample on
 * failure; `FC_SEED=<seed>` replays a run.
 */
import { Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps, TrainingS3Location } from '../../src';
import { newStack, templateOf } from '../util/fixtures';
import { iamLength } from '../util/locations';
import {
  defaultKeyPolicy, ec2Arn, ecrRepositoryArn, kmsKeyArn, logStreamArn, s3BucketArn, s3ObjectArn,
  SimRequest, simulateRequest, synthesize, Synthesized, via,
} from '../util/requests';
import { resolveIntrinsics, TEST_ENV, WORST_CASE } from '../util/resolve';
import { sarViolations } from '../util/sar';
import { Verdict } from '../util/simulate';

jest.setTimeout(60_000);

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20260611;

// ---------------------------------------------------------------------------------------------
// The configuration as plain data.

interface LocationSpec {
  /** Index into the buckets (the last one is created in the stack when `createdBucket`). */
  readonly bucket: number;
  readonly prefix: string;
  /** Index into the keys, if the location is encrypted with one. */
  readonly key?: number;
  /** Whether the prefix is a token until synthesis (`Lazy`). */
  readonly lazy: boolean;
}

interface Spec {
  readonly env: boolean;
  readonly bucketNames: string[];
  readonly createdBucket: boolean;
  /** How many imported keys; one more is created when `createdKey`. */
  readonly importedKeys: number;
  readonly createdKey: boolean;
  readonly inputs: LocationSpec[];
  readonly output: LocationSpec;
  readonly checkpoint?: LocationSpec;
  readonly outputKmsKey?: number;
  readonly volumeKmsKey?: number;
  readonly repositories: number;
  readonly vpc: boolean;
}

/**
 * Characters S3 allows in keys and IAM in policies (less `*` and `?`, which the construct
 * refuses): ASCII and Latin-1. Characters above U+00FF are refused (test/bad-input/prefixes.test.ts).
 */
const KEY_CHARS = [...'abcxyz0129-_.!\'()&$@=;:+, ', 'é', 'ü', 'ß', 'ÿ'];
/** Common segments, so that prefixes often share, nest and repeat. */
const COMMON_SEGMENTS = ['data', 'data2', 'a', 'runs', 'données', 'größe'];

const segment = fc.oneof(
  { arbitrary: fc.constantFrom(...COMMON_SEGMENTS), weight: 2 },
  { arbitrary: fc.array(fc.constantFrom(...KEY_CHARS), { minLength: 1, maxLength: 6 }).map((c) => c.join('')), weight: 3 },
);
const prefix = fc.oneof(
  { arbitrary: fc.constant(''), weight: 1 },
  { arbitrary: fc.tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([s, slash]) => `${s.join('/')}${slash ? '/' : ''}`), weight: 12 },
);
const bucketName = fc.stringMatching(/^[a-z0-9][a-z0-9-]{6,20}[a-z0-9]$/).map((n) => `rc-${n}`);

function location(buckets: number, keys: number): fc.Arbitrary<LocationSpec> {
  return fc.record({
    bucket: fc.nat(buckets - 1),
    prefix,
    key: keys > 0 ? fc.option(fc.nat(keys - 1), { nil: undefined, freq: 3 }) : fc.constant(undefined),
    lazy: fc.boolean(),
  }, { requiredKeys: ['bucket', 'prefix', 'lazy'] });
}

const spec: fc.Arbitrary<Spec> = fc.record({
  env: fc.boolean(),
  bucketNames: fc.uniqueArray(bucketName, { minLength: 1, maxLength: 4 }),
  createdBucket: fc.boolean(),
  importedKeys: fc.nat(2),
  createdKey: fc.boolean(),
  repositories: fc.nat(2),
  vpc: fc.boolean(),
}).chain((base) => {
  const buckets = base.bucketNames.length + (base.createdBucket ? 1 : 0);
  const keys = base.importedKeys + (base.createdKey ? 1 : 0);
  const keyIndex = keys > 0 ? fc.option(fc.nat(keys - 1), { nil: undefined }) : fc.constant(undefined);
  return fc.record({
    inputs: fc.array(location(buckets, keys), { minLength: 1, maxLength: 20 }),
    output: location(buckets, keys),
    checkpoint: fc.option(location(buckets, keys), { nil: undefined }),
    outputKmsKey: keyIndex,
    volumeKmsKey: keyIndex,
  }).map((rest): Spec => ({
    ...base,
    ...rest,
    // SageMaker encrypts artifacts with one key: an explicit output key replaces the location's.
    output: rest.outputKmsKey !== undefined ? { ...rest.output, key: undefined } : rest.output,
  }));
}).filter(valid);

/** The construct refuses checkpoints that overlap the output or cover an input: not valid props. */
function valid(s: Spec): boolean {
  const c = s.checkpoint;
  if (!c) {
    return true;
  }
  const covers = (outer: LocationSpec, inner: LocationSpec) => outer.bucket === inner.bucket && inner.prefix.startsWith(outer.prefix);
  return !covers(c, s.output) && !covers(s.output, c) && !s.inputs.some((i) => covers(c, i));
}

// ---------------------------------------------------------------------------------------------
// The configuration as props, and as deployed values.

interface Built {
  readonly syn: Synthesized;
  /** Deployed bucket names, by spec index. */
  readonly buckets: string[];
  /** Deployed key ARNs and key objects, by spec index. */
  readonly keys: { arn: string; key: kms.IKey }[];
  readonly repositories: string[];
}

const KEY_IDS = ['1234abcd-12ab-34cd-56ef-00000000aaaa', '1234abcd-12ab-34cd-56ef-00000000bbbb'];

function propsOf(s: Spec, order: (inputs: LocationSpec[]) => LocationSpec[] = (i) => i) {
  return (stack: Stack): SageMakerTrainingRoleProps => {
    const buckets: s3.IBucket[] = s.bucketNames.map((name, i) => s3.Bucket.fromBucketName(stack, `Bucket${i}`, name));
    if (s.createdBucket) {
      buckets.push(new s3.Bucket(stack, 'CreatedBucket'));
    }
    const keys: kms.IKey[] = KEY_IDS.slice(0, s.importedKeys).map((id, i) => kms.Key.fromKeyArn(stack, `Key${i}`, `arn:${stack.partition}:kms:${stack.region}:${stack.account}:key/${id}`));
    if (s.createdKey) {
      keys.push(new kms.Key(stack, 'CreatedKey'));
    }
    const loc = (l: LocationSpec): TrainingS3Location => ({
      bucket: buckets[l.bucket],
      prefix: l.lazy ? Lazy.string({ produce: () => l.prefix }) : l.prefix,
      encryptionKey: l.key === undefined ? undefined : keys[l.key],
    });
    const vpc = s.vpc ? ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
    }) : undefined;
    return {
      inputBuckets: order(s.inputs).map(loc),
      outputBucket: loc(s.output),
      checkpointBucket: s.checkpoint ? loc(s.checkpoint) : undefined,
      outputKmsKey: s.outputKmsKey === undefined ? undefined : keys[s.outputKmsKey],
      volumeKmsKey: s.volumeKmsKey === undefined ? undefined : keys[s.volumeKmsKey],
      ecrRepositories: [...Array(s.repositories).keys()].map((i) => ecr.Repository.fromRepositoryName(stack, `Repo${i}`, `team/trainer-${i}`)),
      vpc,
      securityGroups: vpc ? [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0')] : undefined,
    };
  };
}

function build(s: Spec): Built {
  const syn = synthesize(propsOf(s), { env: s.env });
  // The keys by spec index: imported ones first, then the created one (as `propsOf` builds them).
  const keyAt = (i: number) => {
    const id = i < s.importedKeys ? `Key${i}` : 'CreatedKey';
    return syn.stack.node.findChild(id) as kms.IKey;
  };
  const keyCount = s.importedKeys + (s.createdKey ? 1 : 0);
  return {
    syn,
    buckets: [
      ...s.bucketNames,
      ...(s.createdBucket ? [syn.value((syn.stack.node.findChild('CreatedBucket') as s3.IBucket).bucketName)] : []),
    ],
    keys: [...Array(keyCount).keys()].map((i) => ({ key: keyAt(i), arn: syn.value(keyAt(i).keyArn) })),
    repositories: [...Array(s.repositories).keys()].map((i) => ecrRepositoryArn(`team/trainer-${i}`)),
  };
}

// ---------------------------------------------------------------------------------------------
// What the props ask for: the model the simulation is checked against.

interface Located { readonly bucket: string; readonly prefix: string }

function model(s: Spec, b: Built) {
  const at = (l: LocationSpec): Located => ({ bucket: b.buckets[l.bucket], prefix: l.prefix });
  const inputs = s.inputs.map(at);
  const output = at(s.output);
  const checkpoint = s.checkpoint ? at(s.checkpoint) : undefined;
  const readable = [...inputs, ...(checkpoint ? [checkpoint] : [])];
  const writable = [output, ...(checkpoint ? [checkpoint] : [])];
  const covers = (ls: Located[], bucket: string, key: string) => ls.some((l) => l.bucket === bucket && key.startsWith(l.prefix));
  const keyOf = (l?: LocationSpec) => (l?.key === undefined ? undefined : b.keys[l.key].arn);
  const inputKeys = s.inputs.map(keyOf).filter((k): k is string => k !== undefined);
  const checkpointKey = keyOf(s.checkpoint);
  const outputKey = s.outputKmsKey !== undefined ? b.keys[s.outputKmsKey].arn : keyOf(s.output);
  return {
    inputs,
    output,
    checkpoint,
    read: (bucket: string, key: string) => covers(readable, bucket, key),
    write: (bucket: string, key: string) => covers(writable, bucket, key),
    remove: (bucket: string, key: string) => covers(checkpoint ? [checkpoint] : [], bucket, key),
    list: (bucket: string, p: string | undefined) => readable.some((l) => l.bucket === bucket && (l.prefix === '' || (p !== undefined && p.startsWith(l.prefix)))),
    decrypt: (arn: string) => [...inputKeys, checkpointKey, outputKey].includes(arn),
    generate: (arn: string) => [checkpointKey, outputKey].includes(arn),
    encrypt: (arn: string) => outputKey === arn,
    grant: (arn: string) => s.volumeKmsKey !== undefined && b.keys[s.volumeKmsKey].arn === arn,
  };
}

const verdict = (allowed: boolean): Verdict => (allowed ? 'Allowed' : 'ImplicitlyDenied');

/** A key that differs from `p` in its last character, and so is outside a location at `p`. */
function sibling(p: string): string {
  const chars = [...p];
  const last = chars.pop() ?? '';
  return `${chars.join('')}${last === 'q' ? 'w' : 'q'}/part-0`;
}

/** Every request checked for a configuration, each with the verdict the model expects. */
function requests(s: Spec, b: Built): { request: SimRequest; expected: Verdict }[] {
  const m = model(s, b);
  const out: { request: SimRequest; expected: Verdict }[] = [];
  const objectProbe = (bucket: string, key: string) => {
    const resource = s3ObjectArn(bucket, key);
    out.push({ request: { action: 's3:GetObject', resource }, expected: verdict(m.read(bucket, key)) });
    out.push({ request: { action: 's3:PutObject', resource }, expected: verdict(m.write(bucket, key)) });
    out.push({ request: { action: 's3:DeleteObject', resource }, expected: verdict(m.remove(bucket, key)) });
  };
  const listProbe = (bucket: string, p: string) => {
    out.push({ request: { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': p } }, expected: verdict(m.list(bucket, p)) });
  };
  for (const l of [...m.inputs, m.output, ...(m.checkpoint ? [m.checkpoint] : [])]) {
    objectProbe(l.bucket, `${l.prefix}job-1/output/model.tar.gz`);
    objectProbe(l.bucket, sibling(l.prefix));
    objectProbe(`not-${l.bucket}`, `${l.prefix}x`);
    listProbe(l.bucket, l.prefix);
    listProbe(l.bucket, sibling(l.prefix));
  }
  // Every read location is really readable and listable, every write location writable.
  for (const l of m.inputs) {
    out.push({ request: { action: 's3:GetObject', resource: s3ObjectArn(l.bucket, `${l.prefix}part-0.csv`) }, expected: 'Allowed' });
  }
  out.push({ request: { action: 's3:PutObject', resource: s3ObjectArn(m.output.bucket, `${m.output.prefix}job-1/output/model.tar.gz`) }, expected: 'Allowed' });
  out.push({ request: { action: 's3:AbortMultipartUpload', resource: s3ObjectArn(m.output.bucket, `${m.output.prefix}job-1/output/model.tar.gz`) }, expected: 'Allowed' });

  for (const { key, arn } of b.keys) {
    const resourcePolicy = b.syn.keyPolicy(key);
    const onKey = (action: string, context: Record<string, string>, expected: boolean) =>
      out.push({ request: { action, resource: arn, context, resourcePolicy }, expected: verdict(expected) });
    onKey('kms:Decrypt', via('s3'), m.decrypt(arn));
    onKey('kms:GenerateDataKey', via('s3'), m.generate(arn));
    onKey('kms:Encrypt', via('sagemaker'), m.encrypt(arn));
    onKey('kms:Decrypt', via('ec2'), false);
    onKey('kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' }, m.grant(arn));
    onKey('kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'false' }, false);
  }
  out.push({
    request: { action: 'kms:Decrypt', resource: kmsKeyArn('1234abcd-12ab-34cd-56ef-00000000ffff'), context: via('s3'), resourcePolicy: defaultKeyPolicy(TEST_ENV.account) },
    expected: 'ImplicitlyDenied',
  });

  for (const repository of b.repositories) {
    out.push({ request: { action: 'ecr:BatchGetImage', resource: repository }, expected: 'Allowed' });
  }
  out.push({ request: { action: 'ecr:BatchGetImage', resource: ecrRepositoryArn('team/not-granted') }, expected: 'ImplicitlyDenied' });
  out.push({ request: { action: 'ecr:GetAuthorizationToken', resource: '*' }, expected: verdict(s.repositories > 0) });

  out.push({ request: { action: 'logs:PutLogEvents', resource: logStreamArn('/aws/sagemaker/TrainingJobs', 'job-1/algo-1-1700000000') }, expected: 'Allowed' });
  out.push({ request: { action: 'logs:PutLogEvents', resource: logStreamArn('/aws/lambda/other', 'x') }, expected: 'ImplicitlyDenied' });
  out.push({ request: { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': '/aws/sagemaker/TrainingJobs' } }, expected: 'Allowed' });
  out.push({ request: { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': 'AWS/EC2' } }, expected: 'ImplicitlyDenied' });

  out.push({ request: { action: 'ec2:CreateNetworkInterface', resource: ec2Arn('network-interface/eni-0123456789abcdef0') }, expected: verdict(s.vpc) });
  out.push({ request: { action: 'ec2:DescribeVpcs', resource: '*' }, expected: verdict(s.vpc) });
  out.push({ request: { action: 'ec2:CreateNetworkInterface', resource: ec2Arn('subnet/subnet-0fffffffffffffff1'), context: { 'ec2:Vpc': ec2Arn('vpc/vpc-0123456789abcdef0') } }, expected: 'ImplicitlyDenied' });
  return out;
}

// ---------------------------------------------------------------------------------------------

describe('random valid configurations', () => {
  const shapes: string[] = [];
  afterAll(() => {
    // Shown with --verbose: what was covered.
    process.stdout.write(`random configurations (seed ${seed}): ${shapes.join('; ')}\n`);
  });

  test('every needed request allowed, every near miss denied, every statement valid in the SAR, sizes within quota', async () => {
    await fc.assert(fc.asyncProperty(spec, async (s) => {
      const b = build(s);
      shapes.push(`${s.inputs.length} inputs${s.vpc ? ', vpc' : ''}${s.checkpoint ? ', checkpoint' : ''}, ${b.keys.length} keys`);

      const failures: string[] = [];
      for (const { request, expected } of requests(s, b)) {
        const actual = await simulateRequest(b.syn.policies, request);
        if (actual !== expected) {
          failures.push(`${request.action} on ${request.resource} ${JSON.stringify(request.context ?? {})}: ${actual}, expected ${expected}`);
        }
      }
      expect(failures).toEqual([]);

      expect(await sarViolations(b.syn.policies)).toEqual([]);

      const worst = b.syn.policies.map(({ name }) =>
        iamLength(resolveIntrinsics(b.syn.template, b.syn.template.Resources[name].Properties.PolicyDocument, WORST_CASE)));
      expect(worst.length).toBeLessThanOrEqual(10);
      expect(worst.filter((n) => n > 6144)).toEqual([]);
      expect(iamLength(b.syn.trust)).toBeLessThanOrEqual(2048);
    }), { seed, numRuns: 40 });
  });

  test('the same props with the inputs in another order give a byte-identical template', () => {
    // Several keys included: every resource list is sorted by its stable form (seed 20260611
    // once showed the inputs' order in TrainingDataDecrypt's resources).
    fc.assert(fc.property(spec, fc.nat(), (s, rotation) => {
      const synth = (order?: (inputs: LocationSpec[]) => LocationSpec[]) => {
        const stack = newStack({ env: s.env });
        new SageMakerTrainingRole(stack, 'TrainingRole', propsOf(s, order)(stack));
        return JSON.stringify(templateOf(stack));
      };
      const r = rotation % s.inputs.length;
      expect(synth((inputs) => [...inputs.slice(r), ...inputs.slice(0, r)].reverse())).toBe(synth());
    }), { seed, numRuns: 40 });
  });
});
