import { Purpose } from './purpose';
import { S3_OBJECTS } from './wildcard-exemptions';
import { ArnContext, viaService } from '../private/arns';
import { keyStatement } from '../private/kms-grants';
import { ResolvedLocation } from '../private/locations';
import { PlannedStatement } from '../private/planned-statement';
import { s3LocationGrants } from '../private/s3-grants';

/**
 * Syncing checkpoints (`CheckpointConfig.S3Uri`, used by managed spot training).
 *
 * SageMaker copies checkpoints from the local path to S3 while the job runs, copies them back
 * when a job restarts, and mirrors deletions: read, write, delete and abort under the prefix, and
 * listing narrowed to it.
 */
export function checkpointGrants(ctx: ArnContext, location: ResolvedLocation): PlannedStatement[] {
  return s3LocationGrants(ctx, [location], {
    sid: 'CheckpointSync',
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
  }, 'CheckpointList');
}

/** Reading and writing SSE-KMS checkpoints through S3. */
export function checkpointKeyGrants(ctx: ArnContext, keyArn: string): PlannedStatement[] {
  return keyStatement('CheckpointKeyUse', ['kms:Decrypt', 'kms:GenerateDataKey'], [keyArn], [viaService(ctx, 's3')]);
}

export const CHECKPOINTS: Purpose = {
  props: ['checkpointBucket'],
  statements: [
    { sid: 'CheckpointSync', why: 'Checkpoints sync both ways and deletions are mirrored (managed spot training).', wildcard: S3_OBJECTS },
    { sid: 'CheckpointList', why: 'Listing the checkpoint prefix to sync it, narrowed to it.' },
    { sid: 'CheckpointKeyUse', why: 'S3 encrypts and decrypts SSE-KMS checkpoints for the role (through S3 only).' },
  ],
  plan: (ctx, role) => [
    ...(role.checkpoint ? checkpointGrants(ctx, role.checkpoint) : []),
    ...(role.checkpointKeyArn ? checkpointKeyGrants(ctx, role.checkpointKeyArn) : []),
  ],
};
