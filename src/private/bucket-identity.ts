import { Stack, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ResolvedLocation } from './locations';

/**
 * Which bucket a location names, as far as synthesis can tell: its name when it is known (a
 * literal, a `Lazy` value, or the `bucketName` given to a bucket created in the app), a bucket
 * created in the app without a name (CloudFormation generates one, which no other bucket has),
 * or an unknown value (a parameter, an import).
 */
export interface BucketIdentity {
  readonly key: string;
  /** Whether another identity that differs is known to be another bucket. */
  readonly known: boolean;
}

export function bucketIdentity(location: ResolvedLocation): BucketIdentity {
  let identity = IDENTITIES.get(location);
  if (identity === undefined) {
    identity = identify(location);
    IDENTITIES.set(location, identity);
  }
  return identity;
}

/** Identities already worked out: locations are read-only once resolved. */
const IDENTITIES = new WeakMap<ResolvedLocation, BucketIdentity>();

function identify(location: ResolvedLocation): BucketIdentity {
  const name = location.bucketName;
  if (!Token.isUnresolved(name)) {
    return { key: `name:${name}`, known: true };
  }
  const stack = location.bucket ? Stack.of(location.bucket) : undefined;
  const resolved = stack ? stack.resolve(name) : undefined;
  if (typeof resolved === 'string') {
    return { key: `name:${resolved}`, known: true };
  }
  const ref = resolved && typeof resolved === 'object' && Object.keys(resolved).length === 1 ? resolved.Ref : undefined;
  const created = stack && typeof ref === 'string' ? createdBucket(stack, ref) : undefined;
  if (stack && created) {
    const given = created.bucketName === undefined ? undefined : stack.resolve(created.bucketName);
    if (typeof given === 'string') {
      return { key: `name:${given}`, known: true };
    }
    if (given === undefined) {
      return { key: `created:${created.node.path}`, known: true };
    }
  }
  return { key: `value:${JSON.stringify(resolved ?? name)}`, known: false };
}

/** The bucket of the stack with this logical id, if one was created in the app. */
function createdBucket(stack: Stack, logicalId: string): s3.CfnBucket | undefined {
  return stack.node.findAll().find((c): c is s3.CfnBucket => c instanceof s3.CfnBucket && stack.resolve(c.logicalId) === logicalId);
}

/** Whether two locations name the same bucket: `true`, `false`, or `undefined` when it cannot be told. */
export function sameBucket(a: ResolvedLocation, b: ResolvedLocation): boolean | undefined {
  const [x, y] = [bucketIdentity(a), bucketIdentity(b)];
  if (x.key === y.key) {
    return true;
  }
  return x.known && y.known ? false : undefined;
}
