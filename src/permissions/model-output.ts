import { ArnContext } from '../private/arns';
import { Grant } from '../private/grant';
import { ResolvedLocation } from '../private/locations';
import { s3LocationGrants } from '../private/s3-grants';

/**
 * Writing the model artifacts (`OutputDataConfig.S3OutputPath`).
 *
 * `s3:PutObject` is documented; `s3:AbortMultipartUpload` lets SageMaker clean up a multipart
 * upload of a large `model.tar.gz` that failed. No read, list or delete: the job never reads its
 * output back.
 */
export function modelOutputGrants(ctx: ArnContext, location: ResolvedLocation): Grant[] {
  return s3LocationGrants(ctx, [location], {
    sid: 'ModelOutputWrite',
    actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
  });
}
