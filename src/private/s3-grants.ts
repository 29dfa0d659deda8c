import { Token } from 'aws-cdk-lib';
import { ArnContext, s3BucketArn, s3ObjectsArn } from './arns';
import { ResolvedLocation } from './locations';
import { PlannedStatement, TOKEN_BOUND } from './planned-statement';
import { compactPrefixes, iamPattern } from './s3-prefix';

/**
 * The grants of one S3 purpose (training data, model output, checkpoints): object actions on
 * `bucket/prefix*`, and, when `listSid` is given, `s3:ListBucket` on the bucket narrowed to the
 * prefixes by `s3:prefix`. Prefixes covered by another prefix of the same bucket are dropped.
 * One grant per location, so that each location can be placed on its own.
 */
export function s3LocationGrants(
  ctx: ArnContext,
  locations: ResolvedLocation[],
  objects: { sid: string; actions: string[] },
  listSid?: string,
): PlannedStatement[] {
  const grants: PlannedStatement[] = [];
  for (const [bucketKey, group] of byBucket(locations)) {
    const bucketName = group[0].bucketName;
    for (const prefix of compactPrefixes(group.map((l) => l.prefix))) {
      const placementKey = `${objects.sid}:${bucketKey}/${ctx.stableKey(prefix)}`;
      const pattern = iamPattern(prefix);
      const affinity = `${objects.sid}:${bucketKey}`;
      // An unresolved prefix may be as long as any key; every token is counted at the longest.
      const tokenBound = Token.isUnresolved(prefix) ? TOKEN_BOUND.keyPrefix : TOKEN_BOUND.bucketName;
      grants.push({
        sid: objects.sid,
        actions: objects.actions,
        resources: [s3ObjectsArn(ctx, bucketName, pattern)],
        tokenBound,
        placementKey,
        affinity,
      });
      if (listSid) {
        grants.push({
          sid: listSid,
          actions: ['s3:ListBucket'],
          resources: [s3BucketArn(ctx, bucketName)],
          // The whole bucket is listed without a condition: `s3:prefix` is absent when a
          // ListObjects request has no prefix, and StringLike would then deny it.
          conditions: prefix === '' ? undefined : { StringLike: { 's3:prefix': [`${pattern}*`] } },
          tokenBound,
          placementKey,
          affinity,
        });
      }
    }
  }
  return grants;
}

function byBucket(locations: ResolvedLocation[]): Map<string, ResolvedLocation[]> {
  const groups = new Map<string, ResolvedLocation[]>();
  for (const location of locations) {
    const group = groups.get(location.bucketKey) ?? [];
    group.push(location);
    groups.set(location.bucketKey, group);
  }
  return groups;
}
