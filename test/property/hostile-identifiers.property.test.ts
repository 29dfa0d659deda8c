/**
 * Random configurations with hostile identifiers: wildcards, policy variables, other partitions,
 * malformed ids and characters IAM refuses, in prefixes (literal, `Lazy`, assembled with a
 * parameter), bucket ARNs, keys, repositories, VPC, subnet and security group ids, the registry
 * credentials function and the Deep Learning Containers account (values synthetic). For each:
 *
 * - a value that would widen the role or name nothing fails at synth (construction or validation);
 * - `${` in a prefix is escaped rather than refused (the literal key is allowed, a key the
 *   variable could stand for is not);
 * - otherwise the role synthesizes, every document holds only characters IAM accepts and no
 *   unescaped policy variable, and requests outside the job's needs are denied (by simulation):
 *   another bucket, a key outside the prefix, another key, repository, function and subnet.
 *
 * fast-check prints the seed and the shrunk counterexample on failure; `FC_SEED=<seed>` replays.
 */
import { CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps, TrainingImage } from '../../src';
import { refusedStrings } from '../../src/private/checks/characters';
import { newStack, roleLogicalId, templateOf } from '../util/fixtures';
import { ec2Arn, ecrRepositoryArn, kmsKeyArn, s3ObjectArn, SimRequest, simulateRequest, via } from '../util/requests';
import { resolveIntrinsics, TEST_ENV } from '../util/resolve';
import { Verdict } from '../util/simulate';

jest.setTimeout(120_000);

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261202;
const { account, region } = TEST_ENV;
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KEY_ID = '0000abcd-12ab-34cd-56ef-1234567890ab';

/** A value, and whether the construct must refuse it. */
interface Field<T> { readonly value: T; readonly refused: boolean; readonly label: string }
const ok = <T>(value: T, label = 'ok'): Field<T> => ({ value, refused: false, label });
const bad = <T>(value: T, label: string): Field<T> => ({ value, refused: true, label });

/** Mostly ordinary values, so that many configurations synthesize (about 1 in 10 hostile per field). */
const mix = <T>(ordinary: fc.Arbitrary<Field<T>>, ...hostile: Field<T>[]): fc.Arbitrary<Field<T>> =>
  fc.oneof({ arbitrary: ordinary, weight: 9 }, { arbitrary: fc.constantFrom(...hostile), weight: 1 });

const PREFIX_FORM = fc.constantFrom('literal', 'lazy', 'parameter');
const prefixText = fc.oneof(
  { arbitrary: fc.constantFrom('datasets/train/', 'données/größe/', 'a b=c/', 'prices$/', '').map((p) => ok(p)), weight: 6 },
  { arbitrary: fc.constantFrom('run${aws:username}/', 'a/${aws:userid}/').map((p) => ok(p, 'policy variable in prefix (escaped)')), weight: 3 },
  { arbitrary: fc.constantFrom('data/*/', 'data?/', '*').map((p) => bad(p, 'wildcard prefix')), weight: 1 },
  { arbitrary: fc.constantFrom('données/€/', 'data/学習/', 'x/\u{1F642}/').map((p) => bad(p, 'non-Latin-1 prefix')), weight: 1 },
);
const keyArn = mix(fc.constantFrom(ok(kmsKeyArn(KEY_ID)), ok(kmsKeyArn('mrk-1234abcd12ab34cd56ef1234567890ab'))),
  bad(kmsKeyArn('*'), 'key/*'),
  bad(kmsKeyArn('${aws:userid}'), 'policy variable key'),
  bad(`arn:aws-cn:kms:${region}:${account}:key/${KEY_ID}`, 'key of another partition'),
  bad(kmsKeyArn('not-a-key'), 'malformed key'),
);
const repositoryArn = mix(fc.constant(ok(ecrRepositoryArn('team/trainer'))),
  bad(ecrRepositoryArn('*'), 'repository/*'),
  bad(ecrRepositoryArn(`trainer@sha256:${'0f'.repeat(32)}`), 'digest in repository ARN'),
  bad(`arn:aws-us-gov:ecr:${region}:${account}:repository/trainer`, 'repository of another partition'),
);
const ec2Id = (prefix: string) => mix(fc.constantFrom(ok(`${prefix}-0123456789abcdef0`), ok(`${prefix}-0123abcd`)),
  bad(`${prefix}-*`, `${prefix} wildcard`),
  bad(`${prefix}-xyz`, `malformed ${prefix}`),
);
const functionArn = mix(fc.constant(ok(`arn:aws:lambda:${region}:${account}:function:registry-credentials`)),
  bad(`arn:aws:lambda:${region}:${account}:function:*`, 'function:*'),
  bad(`arn:aws:lambda:${region}:${account}:function:creds-?`, 'function wildcard'),
);
const dlcAccount = mix(fc.constantFrom(ok<string | undefined>(undefined), ok<string | undefined>('763104351884')),
  bad<string | undefined>('*', 'DLC account *'),
  bad<string | undefined>('12345', 'DLC account not 12 digits'),
);
const bucketArn = mix(fc.constant(ok('arn:aws:s3:::hostile-data')), bad('arn:aws-cn:s3:::hostile-data', 'bucket of another partition'));

const spec = fc.record({
  prefix: prefixText,
  prefixForm: PREFIX_FORM,
  bucket: bucketArn,
  key: fc.option(keyArn, { nil: undefined }),
  repository: fc.option(repositoryArn, { nil: undefined }),
  network: fc.option(fc.record({ vpc: ec2Id('vpc'), subnet: ec2Id('subnet'), sg: ec2Id('sg'), fn: fc.option(functionArn, { nil: undefined }) }), { nil: undefined }),
  dlc: dlcAccount,
});
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

/** Every field given, with the prop an error about it names. */
function fields(s: Spec): [Field<unknown>, string][] {
  const all: [Field<unknown> | undefined, string][] = [
    [s.prefix, 'inputBuckets[0].prefix'],
    [s.bucket, 'inputBuckets[0].bucket'],
    [s.key, 'inputBuckets[0].encryptionKey'],
    [s.repository, 'ecrRepositories[0]'],
    [s.network?.vpc, 'vpc'],
    [s.network?.subnet, 'vpc'],
    [s.network?.sg, 'securityGroups[0]'],
    [s.network?.fn, 'registryCredentialsProvider'],
    [s.dlc, 'TrainingImage.fromDeepLearningContainer(options.account)'],
  ];
  return all.filter((f): f is [Field<unknown>, string] => f[0] !== undefined);
}

const PARAMETER_VALUE = 'team';

function prefixOf(s: Spec, stack: Stack): string {
  const text = s.prefix.value;
  switch (s.prefixForm) {
    case 'lazy': return Lazy.string({ produce: () => text });
    case 'parameter': return `${new CfnParameter(stack, 'Team').valueAsString}/${text}`;
    default: return text;
  }
}

/** The prefix as deployed (the parameter given PARAMETER_VALUE). */
function deployedPrefix(s: Spec): string {
  return s.prefixForm === 'parameter' ? `${PARAMETER_VALUE}/${s.prefix.value}` : s.prefix.value;
}

function propsOf(s: Spec, stack: Stack): SageMakerTrainingRoleProps {
  const key = s.key ? kms.Key.fromKeyArn(stack, 'Key', s.key.value) : undefined;
  return {
    inputBuckets: [{ bucket: s3.Bucket.fromBucketArn(stack, 'Data', s.bucket.value), prefix: prefixOf(s, stack), encryptionKey: key }],
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'hostile-models'), prefix: 'models/' },
    ecrRepositories: s.repository
      ? [ecr.Repository.fromRepositoryAttributes(stack, 'Repo', { repositoryArn: s.repository.value, repositoryName: 'trainer' })] : undefined,
    trainingImages: [TrainingImage.fromDeepLearningContainer('pytorch-training', { account: s.dlc.value })],
    ...(s.network ? {
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: s.network.vpc.value, availabilityZones: [`${region}a`], privateSubnetIds: [s.network.subnet.value] }),
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', s.network.sg.value)],
      registryCredentialsProvider: s.network.fn ? lambda.Function.fromFunctionArn(stack, 'Credentials', s.network.fn.value) : undefined,
    } : {}),
  };
}

/** Synthesizes the role: its template and resolved policies, or the error that refused it. */
function synth(s: Spec): { error: Error } | { template: any; policies: { name: string; policy: any }[] } {
  try {
    const stack = newStack({ env: true });
    const role = new SageMakerTrainingRole(stack, 'Role', propsOf(s, stack));
    const template = templateOf(stack);
    const roleId = roleLogicalId(stack, role);
    const policies = Object.entries<any>(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy' && r.Properties.Roles.some((x: any) => x.Ref === roleId))
      .map(([name, r]) => ({ name, policy: resolveIntrinsics(template, r.Properties.PolicyDocument, { pseudo: { Team: PARAMETER_VALUE } }) }));
    return { template, policies };
  } catch (e) {
    return { error: e as Error };
  }
}

/** Requests outside the job's needs, and the escaped literal key (allowed). */
function probes(s: Spec): { request: SimRequest; expected: Verdict }[] {
  const prefix = deployedPrefix(s);
  const out: { request: SimRequest; expected: Verdict }[] = [
    { request: { action: 's3:GetObject', resource: s3ObjectArn('other-data', `${prefix}x`) }, expected: 'ImplicitlyDenied' },
    { request: { action: 's3:GetObject', resource: s3ObjectArn('hostile-data', `${prefix}x`) }, expected: 'Allowed' },
    { request: { action: 'kms:Decrypt', resource: kmsKeyArn(OTHER_KEY_ID), context: via('s3') }, expected: 'ImplicitlyDenied' },
    { request: { action: 'ecr:BatchGetImage', resource: ecrRepositoryArn('someone-else') }, expected: 'ImplicitlyDenied' },
    { request: { action: 'lambda:InvokeFunction', resource: `arn:aws:lambda:${region}:${account}:function:another` }, expected: 'ImplicitlyDenied' },
    { request: { action: 'ec2:CreateNetworkInterface', resource: ec2Arn('subnet/subnet-0ffffffffffffffff') }, expected: 'ImplicitlyDenied' },
  ];
  if (prefix !== '') {
    out.push({ request: { action: 's3:GetObject', resource: s3ObjectArn('hostile-data', 'zz-outside/x') }, expected: 'ImplicitlyDenied' });
  }
  if (prefix.includes('${')) {
    // What IAM would have read had the variable not been escaped: the key with the variable's value.
    out.push({ request: { action: 's3:GetObject', resource: s3ObjectArn('hostile-data', `${prefix.replace(/\$\{[^}]*\}/g, 'alice')}x`) }, expected: 'ImplicitlyDenied' });
  }
  return out;
}

describe('random configurations with hostile identifiers', () => {
  const seen = new Map<string, number>();
  afterAll(() => {
    process.stdout.write(`hostile identifiers (seed ${seed}): ${[...seen].map(([k, n]) => `${k} ${n}`).join('; ')}\n`);
  });

  test('nothing hostile synthesizes; what synthesizes is deployable and allows nothing outside the job', async () => {
    await fc.assert(fc.asyncProperty(spec, async (s) => {
      const labels = fields(s).map(([f]) => f.label).filter((l) => l !== 'ok');
      for (const l of labels.length ? labels : ['ordinary']) {
        seen.set(l, (seen.get(l) ?? 0) + 1);
      }
      const result = synth(s);
      const refused = fields(s).filter(([f]) => f.refused).map(([, prop]) => prop);
      if (refused.length > 0) {
        // Refused at construction (TrainingRoleError) or, for a Lazy prefix, at synthesis: the
        // message names the prop of one of the hostile values.
        expect('error' in result).toBe(true);
        const message = 'error' in result ? result.error.message : '';
        expect(refused.some((prop) => message.includes(`${prop}: `))).toBe(true);
        return;
      }
      if ('error' in result) {
        throw result.error;
      }
      expect(result.policies.flatMap((p) => refusedStrings(p.policy))).toEqual([]);
      expect(JSON.stringify(result.policies).match(/\$\{(?!\$\})/g) ?? []).toEqual([]);
      const failures: string[] = [];
      for (const { request, expected } of probes(s)) {
        const actual = await simulateRequest(result.policies, request);
        if (actual !== expected) {
          failures.push(`${request.action} on ${request.resource}: ${actual}, expected ${expected}`);
        }
      }
      expect(failures).toEqual([]);
    }), { seed, numRuns: 100 });
  });
});
