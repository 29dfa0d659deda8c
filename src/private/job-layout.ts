import { Token } from 'aws-cdk-lib';
import { ArnContext, s3BucketArn } from './arns';
import { ResolvedLocation } from './locations';
import { PlannedStatement, TOKEN_BOUND } from './planned-statement';
import { iamPattern } from './s3-prefix';

/**
 * Objects of an S3 location named by a layout rather than by one prefix: the SageMaker Python SDK
 * and SageMaker put each job's files in a folder named after the job (`<prefix>/<job name>/...`),
 * a name chosen at launch.
 */
export interface ResolvedLayout {
  /** The location the layout is under (bucket, base prefix, key, the prop it came from). */
  readonly location: ResolvedLocation;
  /** IAM string patterns of the object keys (after `bucket/`), `*` included. */
  readonly objects: string[];
  /**
   * IAM string patterns of the `s3:prefix` a listing of them may ask for; empty for the whole
   * bucket (no condition: `s3:prefix` is absent from a listing without a prefix).
   *
   * @default - the layout is not listed
   */
  readonly listPrefixes?: string[];
}

/**
 * The IAM pattern of the job folders under a location: `<prefix>/<trainingJobNamePrefix>*`.
 *
 * SageMaker and the SDK join the location and the job name with one `/` (an output path
 * `s3://b/models` holds `models/<job>/...`). An unresolved prefix may or may not end with `/`,
 * so the job name prefix cannot be placed after it: `<prefix>*` then.
 */
export function jobFolders(location: ResolvedLocation, jobNamePrefix: string | undefined): string {
  const prefix = location.prefix;
  if (Token.isUnresolved(prefix)) {
    return `${prefix}*`;
  }
  const base = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  return `${iamPattern(base)}${jobNamePrefix ?? ''}*`;
}

/**
 * The statements of a layout: the object actions on every object pattern and, with `listSid`,
 * `s3:ListBucket` narrowed to the listing prefixes. One statement each, placed with the location.
 */
export function layoutStatements(
  ctx: ArnContext,
  layout: ResolvedLayout,
  objects: { sid: string; actions: string[]; effect?: 'Deny' },
  listSid?: string,
): PlannedStatement[] {
  const { location } = layout;
  const bucketArn = s3BucketArn(ctx, location.bucketName);
  const placementKey = `${objects.sid}:${location.bucketKey}/${layout.objects.map(ctx.stableKey).join(',')}`;
  const affinity = `${objects.sid}:${location.bucketKey}`;
  const tokenBound = Token.isUnresolved(location.prefix) ? TOKEN_BOUND.keyPrefix : TOKEN_BOUND.bucketName + TOKEN_BOUND.jobName;
  const statements: PlannedStatement[] = [{
    sid: objects.sid,
    ...(objects.effect ? { effect: objects.effect } : {}),
    actions: objects.actions,
    resources: layout.objects.map((pattern) => `${bucketArn}/${pattern}`),
    tokenBound,
    placementKey,
    affinity,
  }];
  if (listSid && layout.listPrefixes) {
    statements.push({
      sid: listSid,
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      ...(layout.listPrefixes.length > 0 ? { conditions: { StringLike: { 's3:prefix': layout.listPrefixes } } } : {}),
      tokenBound,
      placementKey,
      affinity,
    });
  }
  return statements;
}

/** A location as a layout: every object under its prefix, listed with that prefix. */
export function wholeLocation(location: ResolvedLocation): ResolvedLayout {
  const pattern = `${iamPattern(location.prefix)}*`;
  return { location, objects: [pattern], listPrefixes: location.prefix === '' ? [] : [pattern] };
}

/** The training code: what the role reads, and what it must never write or delete. */
export interface ResolvedCode extends ResolvedLayout {
  /** IAM string patterns of the code objects no statement of the role may write or delete. */
  readonly protect: string[];
  /** Whether the layout is the whole location (`sourceCodeLocation`, `TrainingCode.fromLocation`). */
  readonly whole: boolean;
}
