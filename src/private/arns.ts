import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';

/**
 * Where ARNs are built: partition, region and account come from the stack (tokens when the
 * stack is environment-agnostic), never from a literal.
 */
export interface ArnContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** A stable rendering of an unresolved value, for sorting and placement. */
  readonly stableKey: (value: string) => string;
}

export function arnContext(stack: Stack): ArnContext {
  const keys = new Map<string, string>();
  return {
    partition: stack.partition,
    region: stack.region,
    account: stack.account,
    stableKey: (value: string) => {
      if (!Token.isUnresolved(value)) {
        return value;
      }
      let key = keys.get(value);
      if (key === undefined) {
        key = JSON.stringify(stack.resolve(value));
        keys.set(value, key);
      }
      return key;
    },
  };
}

export function s3BucketArn(ctx: ArnContext, bucketName: string): string {
  return `arn:${ctx.partition}:s3:::${bucketName}`;
}

/** Every object whose key starts with `pattern` (already escaped for IAM). */
export function s3ObjectsArn(ctx: ArnContext, bucketName: string, pattern: string): string {
  return `arn:${ctx.partition}:s3:::${bucketName}/${pattern}*`;
}

export function regionalArn(ctx: ArnContext, service: string, resource: string): string {
  return `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.account}:${resource}`;
}

/** `service.region.amazonaws.com`, the value of `kms:ViaService` for a service calling KMS for the role. */
export function viaService(ctx: ArnContext, service: string): string {
  return `${service}.${ctx.region}.amazonaws.com`;
}

/**
 * The stack's partition when it is known at synth time: literal, or implied by a concrete region
 * (`aws-cdk-lib/region-info`); `undefined` for an environment-agnostic stack or an unknown region.
 */
export function knownPartition(ctx: ArnContext): string | undefined {
  if (!Token.isUnresolved(ctx.partition)) {
    return ctx.partition;
  }
  return Token.isUnresolved(ctx.region) ? undefined : RegionInfo.get(ctx.region).partition;
}
