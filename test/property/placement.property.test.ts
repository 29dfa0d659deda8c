import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import { newStack } from '../util/fixtures';
import { PlainLocation, iamLength, policyOfEachLocation, synthWithInputs } from '../util/locations';
import { resolveIntrinsics } from '../util/resolve';
import { simulateIdentity } from '../util/simulate';

/**
 * Random sets of locations, bounded so that CI stays fast. fast-check prints the seed and the
 * shrunk counterexample on failure; `FC_SEED` replays one.
 */
// Synthesizing hundreds of locations and simulating them takes seconds, more on a loaded machine.
jest.setTimeout(120_000);

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261124;

const bucketName = fc.stringMatching(/^[a-z0-9][a-z0-9-]{18,38}[a-z0-9]$/);
const prefix = fc.stringMatching(/^[a-zA-Z0-9_.=-]{1,12}(\/[a-zA-Z0-9_.=-]{1,12}){0,2}\/?$/)
  .filter((p) => p.length >= 10 && p.length <= 30);

/** Between 1 and `maxLocations` locations over 1 to 8 buckets; sizes spread over the whole range. */
function locationSet(maxLocations: number) {
  return fc.record({
    buckets: fc.uniqueArray(bucketName, { minLength: 1, maxLength: 8 }),
    picks: fc.integer({ min: 1, max: maxLocations }).chain((n) =>
      fc.array(fc.tuple(fc.nat(), prefix), { minLength: n, maxLength: n })),
  }).map(({ buckets, picks }) => picks.map(([i, p]): PlainLocation => ({ bucket: buckets[i % buckets.length], prefix: p })));
}

function isBudgetError(e: unknown): boolean {
  return e instanceof Error && /need \d+ managed policies of 6144 characters/.test(e.message);
}

function covered(locations: PlainLocation[], bucket: string, key: string): boolean {
  return locations.some((l) => l.bucket === bucket && key.startsWith(l.prefix));
}

describe('random location sets', () => {
  const sizes: number[] = [];
  afterAll(() => {
    // Shown with --verbose: the sizes that were synthesized, so a reader sees the range covered.
    process.stdout.write(`synthesized location counts: ${sizes.sort((a, b) => a - b).join(', ')}\n`);
  });

  test('every policy within quota, the count within the prop, every location allowed, nothing outside allowed', async () => {
    await fc.assert(fc.asyncProperty(locationSet(1000), fc.constantFrom(10, 20), fc.nat(), async (inputs, maxManagedPolicies, pick) => {
      let synthesized;
      try {
        synthesized = synthWithInputs(newStack(), inputs, { maxManagedPolicies });
      } catch (e) {
        // Only a budget refusal is acceptable, never another failure.
        expect(isBudgetError(e)).toBe(true);
        return;
      }
      const { template, worstCase } = synthesized;
      sizes.push(inputs.length);
      expect(worstCase.size).toBeLessThanOrEqual(maxManagedPolicies);
      for (const document of worstCase.values()) {
        expect(iamLength(document)).toBeLessThanOrEqual(6144);
      }
      const policies = [...worstCase.keys()].map((id) => ({
        name: id,
        policy: resolveIntrinsics(template, template.Resources[id].Properties.PolicyDocument),
      }));
      // A sample of locations, each read and listed; its sibling and another bucket denied.
      const sample = [0, pick % inputs.length, inputs.length - 1].map((i) => inputs[i]);
      for (const { bucket, prefix: p } of sample) {
        const read = await simulateIdentity(policies, { action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/${p}data/part-0.csv` });
        const list = await simulateIdentity(policies, { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}`, context: { 's3:prefix': p } });
        expect([p, read, list]).toEqual([p, 'Allowed', 'Allowed']);

        const sibling = `${p.slice(0, -1)}\u00a7/x`;
        const siblingVerdict = await simulateIdentity(policies, { action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/${sibling}` });
        expect([sibling, siblingVerdict]).toEqual([sibling, covered(inputs, bucket, sibling) ? 'Allowed' : 'ImplicitlyDenied']);

        const write = await simulateIdentity(policies, { action: 's3:PutObject', resource: `arn:aws:s3:::${bucket}/${p}x` });
        expect(write).toBe('ImplicitlyDenied');
      }
      const stranger = await simulateIdentity(policies, { action: 's3:GetObject', resource: `arn:aws:s3:::not-${inputs[0].bucket}/${inputs[0].prefix}x` });
      expect(stranger).toBe('ImplicitlyDenied');
    }), { seed, numRuns: 12, verbose: true });
  });

  test('one added location moves no other location while the role takes one policy, rarely past it, and the role warns when it may', () => {
    let single = 0;
    let several = 0;
    let unmoved = 0;
    // Sizes around one policy (about 40 locations) and well past it.
    fc.assert(fc.property(fc.oneof(locationSet(40), locationSet(400)), prefix, fc.nat(), (inputs, extraPrefix, pick) => {
      const extra: PlainLocation = { bucket: inputs[pick % inputs.length].bucket, prefix: `zz-${extraPrefix}` };
      let before, after;
      try {
        before = synthWithInputs(newStack(), inputs);
        after = synthWithInputs(newStack(), [...inputs, extra]);
      } catch (e) {
        expect(isBudgetError(e)).toBe(true);
        return;
      }
      const counts = [before, after].map((s) => s.worstCase.size);
      const warned = [before, after].map((s) => Annotations.fromStack(s.role.stack)
        .findWarning('*', Match.stringLikeRegexp('PolicyPlacementShifted')).length > 0);
      // The warning says exactly when statements may move: as soon as the role takes several policies.
      expect(warned).toEqual(counts.map((n) => n > 1));
      const a = policyOfEachLocation(before.template);
      const b = policyOfEachLocation(after.template);
      const moved = [...a].filter(([resource, policy]) => b.get(resource) !== policy);
      if (counts[1] === 1) {
        single++;
        expect(moved).toEqual([]);
      } else {
        several++;
        unmoved += moved.length === 0 ? 1 : 0;
      }
    }), { seed, numRuns: 24 });
    // Both regimes were exercised, not skipped.
    expect([single, several].every((n) => n > 5)).toBe(true);
    // Past one policy, each policy ends at the location with the lowest hash near its limit, so
    // most additions leave every other location in place (the bench measures how many move).
    expect(unmoved / several).toBeGreaterThanOrEqual(0.7);
  });

  test('the same locations in another order give a byte-identical template', () => {
    fc.assert(fc.property(locationSet(120), fc.nat(), (inputs, rotation) => {
      const r = rotation % inputs.length;
      const rotated = [...inputs.slice(r), ...inputs.slice(0, r)].reverse();
      expect(JSON.stringify(synthWithInputs(newStack(), rotated).template))
        .toEqual(JSON.stringify(synthWithInputs(newStack(), inputs).template));
    }), { seed, numRuns: 10 });
  });
});
