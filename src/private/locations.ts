import * as kms from 'aws-cdk-lib/aws-kms';
import { TrainingS3Location } from '../training-s3-location';
import { ArnContext } from './arns';
import { validatePrefix } from './s3-prefix';

/** A location with its defaults applied and its values checked. */
export interface ResolvedLocation {
  readonly bucketName: string;
  /** `''` for the whole bucket. */
  readonly prefix: string;
  readonly key?: kms.IKey;
  /** Stable across synths: the resolved bucket name (a logical id for created buckets). */
  readonly bucketKey: string;
}

export function resolveLocation(ctx: ArnContext, prop: string, location: TrainingS3Location): ResolvedLocation {
  const prefix = location.prefix ?? '';
  validatePrefix(`${prop}.prefix`, prefix);
  return {
    bucketName: location.bucket.bucketName,
    prefix,
    key: location.encryptionKey ?? location.bucket.encryptionKey,
    bucketKey: ctx.stableKey(location.bucket.bucketName),
  };
}
