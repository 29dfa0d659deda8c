import { CfnParameter } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole } from '../src';
import { newStack, templateOf } from './util/fixtures';
import { PlainLocation, iamLength, policyOfEachLocation, synthWithInputs } from './util/locations';
import { WORST_CASE, resolveIntrinsics } from './util/resolve';

const LIMIT = 6144;

// Binary searches synthesize a role many times.
jest.setTimeout(120_000);

/** `n` locations spread over `buckets` buckets with realistic names. */
function locations(n: number, buckets = 5, tag = 'part'): PlainLocation[] {
  return Array.from({ length: n }, (_, i) => ({
    bucket: `ml-training-data-${String(i % buckets).padStart(2, '0')}-us-east-1-example`,
    prefix: `datasets/${tag}-${String(i).padStart(5, '0')}/`,
  }));
}

function fits(n: number, maxManagedPolicies: number): boolean {
  try {
    synthWithInputs(newStack(), locations(n), { maxManagedPolicies });
    return true;
  } catch (e) {
    return false;
  }
}

/** The largest n that fits (binary search; fits(lo) holds, fits(hi) does not). */
function largestFitting(maxManagedPolicies: number, lo: number, hi: number): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid, maxManagedPolicies)) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}

describe('policy size', () => {
  test('every managed policy stays within 6,144 characters with the longest partition, region and names', () => {
    const { worstCase } = synthWithInputs(newStack(), locations(300));
    expect(worstCase.size).toBeGreaterThan(1);
    for (const [, document] of worstCase) {
      expect(iamLength(document)).toBeLessThanOrEqual(LIMIT);
    }
  });

  test('created buckets (unresolved names) are counted at 63 characters and still fit', () => {
    const stack = newStack();
    const buckets = Array.from({ length: 4 }, (_, i) => new s3.Bucket(stack, `Data${i}`));
    const role = new SageMakerTrainingRole(stack, 'Role', {
      inputBuckets: Array.from({ length: 200 }, (_, i) => ({ bucket: buckets[i % 4], prefix: `datasets/shard-${i}/` })),
      outputBucket: { bucket: buckets[0], prefix: 'models/' },
    });
    const template = templateOf(stack);
    for (const policy of role.permissionPolicies) {
      const id = stack.getLogicalId((policy as any).node.defaultChild);
      const document = resolveIntrinsics(template, template.Resources[id].Properties.PolicyDocument, WORST_CASE);
      expect(iamLength(document)).toBeLessThanOrEqual(LIMIT);
    }
  });

  test('prefixes given as parameters are counted at the longest key (1,024) and still fit when they are that long', () => {
    const withParameterPrefixes = (count: number) => {
      const stack = newStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Data', 'ml-training-data-parameters');
      const role = new SageMakerTrainingRole(stack, 'Role', {
        inputBuckets: Array.from({ length: count }, (_, i) => ({ bucket, prefix: new CfnParameter(stack, `Prefix${i}`).valueAsString })),
        outputBucket: { bucket, prefix: 'models/' },
      });
      return { stack, role };
    };
    // 30 prefixes of up to 1,024 characters each cannot be promised to fit 10 policies: refused.
    expect(() => withParameterPrefixes(30)).toThrow(/need \d+ managed policies of 6144 characters .*maxManagedPolicies allows 10\./);
    const { stack, role } = withParameterPrefixes(20);
    const template = templateOf(stack);
    const longest = {
      ...WORST_CASE,
      physicalId: (t: any, id: string) => (t.Parameters?.[id] ? 'p'.repeat(1024) : WORST_CASE.physicalId!(t, id)),
    };
    for (const policy of role.permissionPolicies) {
      const id = stack.getLogicalId((policy as any).node.defaultChild);
      const document = resolveIntrinsics(template, template.Resources[id].Properties.PolicyDocument, longest);
      expect(iamLength(document)).toBeLessThanOrEqual(LIMIT);
    }
  });

  test('at the edge of one policy: the largest count fits tightly, one more fails with the numbers', () => {
    const n = largestFitting(1, 1, 400);
    const { worstCase } = synthWithInputs(newStack(), locations(n), { maxManagedPolicies: 1 });
    const [document] = [...worstCase.values()];
    const perLocation = iamLength(document) / n;
    expect(worstCase.size).toBe(1);
    expect(iamLength(document)).toBeLessThanOrEqual(LIMIT);
    // Tight: less than two locations' worth of room is left unused.
    expect(LIMIT - iamLength(document)).toBeLessThan(2 * perLocation);
    expect(() => synthWithInputs(newStack(), locations(n + 1), { maxManagedPolicies: 1 })).toThrow(
      new RegExp(`^inputBuckets: the role's permissions need 2 managed policies of 6144 characters \\(counting unresolved values at their longest\\), and maxManagedPolicies allows 1\\. Merge prefixes .* set maxManagedPolicies to match\\. Got: "${n + 1} input locations"\\.$`),
    );
  });

  test('maxManagedPolicies bounds the number of policies, and 20 holds more than 10', () => {
    const ten = synthWithInputs(newStack(), locations(400));
    const twenty = synthWithInputs(newStack(), locations(800), { maxManagedPolicies: 20 });
    expect(ten.worstCase.size).toBeLessThanOrEqual(10);
    expect(twenty.worstCase.size).toBeLessThanOrEqual(20);
    expect(twenty.worstCase.size).toBeGreaterThan(10);
    expect(() => synthWithInputs(newStack(), locations(800))).toThrow(/need 1\d managed policies .* maxManagedPolicies allows 10\./);
  });

  test('the refusal names more policies than are allowed (the count it gives is what the role needs)', () => {
    for (const [n, max] of [[800, 10], [120, 2], [200, 3]]) {
      let message = '';
      try {
        synthWithInputs(newStack(), locations(n), { maxManagedPolicies: max });
      } catch (e) {
        message = (e as Error).message;
      }
      const needed = Number(/need (\d+) managed policies/.exec(message)?.[1]);
      expect([n, needed > max]).toEqual([n, true]);
      // With that many policies allowed, the same locations synthesize in at most that many.
      expect(synthWithInputs(newStack(), locations(n), { maxManagedPolicies: needed }).worstCase.size).toBeLessThanOrEqual(needed);
    }
  });

  test('reservedManagedPolicies leaves room: the role uses at most the rest, and the refusal names both numbers', () => {
    // 120 locations need 3 policies here (more than the 2 that 10 less 8 leaves).
    expect(synthWithInputs(newStack(), locations(120)).worstCase.size).toBe(3);
    expect(() => synthWithInputs(newStack(), locations(120), { reservedManagedPolicies: 8 })).toThrow(
      /^inputBuckets: the role's permissions need 3 managed policies of 6144 characters \(counting unresolved values at their longest\), and maxManagedPolicies 10 less reservedManagedPolicies 8 leaves 2\. Merge prefixes .*, reserve fewer policies, or raise .* Got: "120 input locations"\.$/);
    expect(synthWithInputs(newStack(), locations(120), { reservedManagedPolicies: 7 }).worstCase.size).toBe(3);
    expect(synthWithInputs(newStack(), locations(120), { maxManagedPolicies: 20, reservedManagedPolicies: 17 }).worstCase.size).toBe(3);
  });

  test('warns with a stable id when within 10% of the budget', () => {
    const n = largestFitting(1, 1, 400);
    const { role } = synthWithInputs(newStack(), locations(n), { maxManagedPolicies: 1 });
    Annotations.fromStack(role.stack).hasWarning('*', Match.stringLikeRegexp('cdk-sagemaker-training-role:PolicyBudgetNearlyFull'));
  });

  test('does not warn far from the budget', () => {
    const { role } = synthWithInputs(newStack(), locations(20));
    Annotations.fromStack(role.stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('placement', () => {
  test('the same inputs in another order synthesize the same template', () => {
    const inputs = locations(120, 7);
    const reversed = [...inputs].reverse();
    const shuffled = [...inputs].sort((a, b) => (a.prefix.split('').reverse().join('') < b.prefix.split('').reverse().join('') ? -1 : 1));
    const a = JSON.stringify(synthWithInputs(newStack(), inputs).template);
    expect(JSON.stringify(synthWithInputs(newStack(), reversed).template)).toEqual(a);
    expect(JSON.stringify(synthWithInputs(newStack(), shuffled).template)).toEqual(a);
  });

  test.each([true, false])('output does not depend on @aws-cdk/aws-iam:minimizePolicies=%s', (minimize) => {
    const inputs = locations(60, 3);
    const flagged = synthWithInputs(newStack({ minimizePolicies: minimize }), inputs).template;
    const plain = synthWithInputs(newStack(), inputs).template;
    expect(flagged.Resources).toEqual(plain.Resources);
  });

  test('adding a location leaves every other location in its policy, and no policy changes its logical id', () => {
    const before = policyOfEachLocation(synthWithInputs(newStack(), locations(150, 6)).template);
    const after = policyOfEachLocation(synthWithInputs(newStack(), [...locations(150, 6), { bucket: 'another-bucket-entirely', prefix: 'new/' }]).template);
    expect(after.size).toBe(before.size + 1);
    for (const [resource, policy] of before) {
      expect([resource, after.get(resource)]).toEqual([resource, policy]);
    }
  });

  test('removing a location leaves every other location in its policy', () => {
    const all = locations(150, 6);
    const before = policyOfEachLocation(synthWithInputs(newStack(), all).template);
    const after = policyOfEachLocation(synthWithInputs(newStack(), all.filter((_, i) => i !== 77)).template);
    expect(after.size).toBe(before.size - 1);
    for (const [resource, policy] of after) {
      expect([resource, policy]).toEqual([resource, before.get(resource)]);
    }
  });

  test('a role whose permissions fit one policy gets exactly one, Policy1', () => {
    for (const n of [1, 3, 10]) {
      const { template, worstCase } = synthWithInputs(newStack(), locations(n));
      const ids = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy').map(([id]) => id);
      expect([n, ids.length, ids[0]]).toEqual([n, 1, expect.stringMatching(/^RolePolicy1[0-9A-F]{8}$/)]);
      expect(iamLength([...worstCase.values()][0])).toBeLessThanOrEqual(LIMIT);
    }
  });

  test.each([40, 100, 300, 600])('%p locations: at most one policy more than the fewest possible, named Policy1 to PolicyN', (n) => {
    const { template, worstCase } = synthWithInputs(newStack(), locations(n, 7), { maxManagedPolicies: 20 });
    const total = [...worstCase.values()].reduce((sum, d) => sum + iamLength(d), 0);
    // No placement can use fewer policies than the characters need (each policy repeats its envelope).
    const envelope = iamLength({ Version: '2012-10-17', Statement: [] });
    const fewest = Math.ceil((total - worstCase.size * envelope) / (LIMIT - envelope));
    expect(worstCase.size).toBeLessThanOrEqual(fewest + 1);
    const names = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy')
      .map(([id]) => /^RolePolicy(\d+)[0-9A-F]{8}$/.exec(id)?.[1]).map(Number).sort((a, b) => a - b);
    expect(names).toEqual(Array.from({ length: worstCase.size }, (_, i) => i + 1));
  });
});

describe('compaction', () => {
  test('covered prefixes and duplicates add nothing', () => {
    const base = [{ bucket: 'ml-data-compaction-bucket', prefix: 'datasets/' }];
    const covered = [...base, { bucket: 'ml-data-compaction-bucket', prefix: 'datasets/a/' },
      { bucket: 'ml-data-compaction-bucket', prefix: 'datasets/b/c/' }, ...base];
    const sizes = (inputs: PlainLocation[]) => [...synthWithInputs(newStack(), inputs).worstCase.values()].map(iamLength);
    expect(sizes(covered)).toEqual(sizes(base));
  });
});
