/**
 * The budget error never contradicts itself: when the statements need fewer characters in all than
 * the policies hold, it says why they still do not fit (placement is by whole locations).
 */
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole } from '../src';
import { newStack } from './util/fixtures';
import { BudgetExceeded } from '../src/private/placement';

jest.mock('../src/private/placement', () => {
  const actual = jest.requireActual('../src/private/placement');
  return { ...actual, placeGrants: jest.fn() };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const placement = require('../src/private/placement');

function fails(needed: number, available: number): string {
  placement.placeGrants.mockImplementation(() => { throw new BudgetExceeded(needed, available); });
  const stack = newStack();
  try {
    new SageMakerTrainingRole(stack, 'Role', { outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models') } });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error');
}

test('fewer characters needed than held: explains that whole locations do not fit', () => {
  expect(fails(60756, 61440)).toBe('inputBuckets: the role\'s permissions need at least 60756 characters of policy (counting unresolved values at their longest); 10 managed policies of 6144 characters hold 61440 in all, yet the statements do not fit: each location\'s statements go whole into one policy, beside the base statements (keys, image, logs, network) in the first, and no policy has room enough left. Merge prefixes (a shorter common prefix covers longer ones), or raise the account\'s managed-policies-per-role quota (up to 20) and set maxManagedPolicies to match. Got: "0 input locations".');
});

test('more characters needed than held: says so', () => {
  expect(fails(70000, 61440)).toMatch(/^inputBuckets: the role's permissions need at least 70000 characters of policy \(counting unresolved values at their longest\), but 10 managed policies of 6144 characters hold 61440\. Merge prefixes/);
});
