import { ArnContext } from '../private/arns';
import { Grant } from '../private/grant';
import { ResolvedLocation } from '../private/locations';
import { s3LocationGrants } from '../private/s3-grants';

/**
 * Syncing checkpoints (`CheckpointConfig.S3Uri`, used by managed spot training).
 *
 * SageMaker copies checkpoints from the local path to S3 while the job runs, copies them back
 * when a job restarts, and mirrors deletions: read, write, delete and abort under the prefix, and
 * listing narrowed to it.
 */
export function checkpointGrants(ctx: ArnContext, location: ResolvedLocation): Grant[] {
  return s3LocationGrants(ctx, [location], {
    sid: 'CheckpointSync',
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
  }, 'CheckpointList');
}
