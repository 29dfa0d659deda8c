import { IConstruct } from 'constructs';
import { isLegacyBucketName } from '../locations';
import { ResolvedRoleProps } from '../resolved-role-props';
import { prefixWarning } from '../s3-prefix';
import { warnProp } from '../warnings';

/**
 * Names that are legal but often a slip: warnings.
 *
 * - A bucket name only legacy buckets can have (upper case, `_`).
 * - A `.` or `..` segment in a prefix: S3 keys may hold them; many clients resolve them.
 */
export function warnAboutLocationNames(scope: IConstruct, role: ResolvedRoleProps): void {
  const seen = new Set<string>();
  for (const l of role.locations) {
    if (isLegacyBucketName(l.bucketName) && !seen.has(l.bucketName)) {
      seen.add(l.bucketName);
      warnProp(scope, 'LegacyBucketName', `${l.prop}.bucket`, l.bucketName);
    }
  }
  for (const l of role.locations) {
    const text = prefixWarning(l.prefix);
    if (text !== undefined) {
      warnProp(scope, 'DotSegmentInPrefix', `${l.prop}.prefix`, l.prefix, text);
    }
  }
}
