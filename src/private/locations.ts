import { Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ArnContext } from './arns';
import { TrainingRoleError } from './errors';
import { validatePrefix } from './s3-prefix';
import { TrainingS3Location } from '../training-s3-location';

/** A location with its defaults applied and its values checked. */
export interface ResolvedLocation {
  readonly bucketName: string;
  /** `''` for the whole bucket. */
  readonly prefix: string;
  readonly key?: kms.IKey;
  /** Stable across synths: the resolved bucket name (a logical id for created buckets). */
  readonly bucketKey: string;
  /**
   * The prop the location was given as (`inputBuckets[2]`), for messages.
   *
   * @default - not from props (the CLI builds locations from plain names)
   */
  readonly prop?: string;
  /**
   * The bucket as given: its environment tells its account and region when they are known.
   *
   * @default - not from props
   */
  readonly bucket?: s3.IBucket;
}

export function resolveLocation(ctx: ArnContext, prop: string, location: TrainingS3Location): ResolvedLocation {
  const prefix = location.prefix ?? '';
  validatePrefix(`${prop}.prefix`, prefix);
  const bucketName = location.bucket.bucketName;
  validateBucketName(`${prop}.bucket`, bucketName);
  return {
    bucketName,
    prefix,
    key: location.encryptionKey ?? location.bucket.encryptionKey,
    bucketKey: ctx.stableKey(bucketName),
    prop,
    bucket: location.bucket,
  };
}

/**
 * Refuses a known bucket name that cannot name a general purpose bucket (S3 User Guide, "General
 * purpose bucket naming rules"). CDK's own check of imported names lets through the reserved
 * prefixes and suffixes, which name access points, Multi-Region Access Points, directory and table
 * buckets: requests through those are authorized on other ARNs (or other services' actions) than
 * the `arn:<partition>:s3:::<bucket>` this role grants, so the grant would be useless.
 *
 * Upper case letters and `_` are left to a warning (`legacyBucketName`): buckets created in
 * us-east-1 before March 2018 may still have them.
 */
export function validateBucketName(prop: string, name: string): void {
  const problem = bucketNameProblem(name);
  if (problem !== undefined) {
    throw new TrainingRoleError(prop, name, problem);
  }
}

/** What is wrong with a known bucket name, or `undefined`. Unresolved names are not checked. */
export function bucketNameProblem(name: string): string | undefined {
  if (Token.isUnresolved(name)) {
    return undefined;
  }
  const lower = name.toLowerCase();
  for (const [suffix, what] of RESERVED_SUFFIXES) {
    if (lower.endsWith(suffix)) {
      return `a name ending in "${suffix}" is ${what}, not a general purpose bucket; this role grants S3 on bucket ARNs (arn:<partition>:s3:::<bucket>), which do not authorize requests through it. Give the bucket itself.`;
    }
  }
  const reserved = RESERVED_PREFIXES.find((p) => lower.startsWith(p));
  if (reserved !== undefined) {
    return `S3 reserves bucket names starting with "${reserved}", so no bucket has this name; give the name of an existing bucket.`;
  }
  if (name.length < 3 || name.length > 63 || !/^[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9]$/.test(name)
    || /\.\.|\.-|-\./.test(name) || /^\d{1,3}(\.\d{1,3}){3}$/.test(name)) {
    return 'bucket names are 3 to 63 lower case letters, digits, "." and "-", start and end with a letter or digit, have no ".." and are not IP addresses; give the bucket\'s name, not a URI or a path.';
  }
  return undefined;
}

/** Whether a valid name is one only a legacy bucket can have (upper case letters or `_`). */
export function isLegacyBucketName(name: string): boolean {
  return !Token.isUnresolved(name) && /[A-Z_]/.test(name);
}

/** Reserved suffixes and what a name ending in them designates. */
const RESERVED_SUFFIXES: [string, string][] = [
  ['-s3alias', 'an S3 access point alias'],
  ['--ol-s3', 'an S3 Object Lambda access point alias'],
  ['.mrap', 'an S3 Multi-Region Access Point'],
  ['--x-s3', 'an S3 directory bucket (S3 Express One Zone, authorized through s3express:CreateSession)'],
  ['--table-s3', 'an S3 table bucket'],
];

const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
