import { ArnContext } from '../private/arns';
import { Grant } from '../private/grant';
import { ResolvedLocation } from '../private/locations';
import { s3LocationGrants } from '../private/s3-grants';

/**
 * Reading the training data (`InputDataConfig` S3 channels).
 *
 * SageMaker downloads (File mode) or streams (Pipe, FastFile) every object under the channel's
 * `S3Uri` with `s3:GetObject`, after listing them with `s3:ListBucket` (SageMaker Developer Guide,
 * "CreateTrainingJob API: Execution Role Permissions"). Listing is narrowed to the prefix with
 * `s3:prefix`, a tightening of the documented policy. Nothing is written to an input location.
 */
export function trainingDataGrants(ctx: ArnContext, locations: ResolvedLocation[]): Grant[] {
  return s3LocationGrants(ctx, locations, { sid: 'TrainingDataRead', actions: ['s3:GetObject'] }, 'TrainingDataList');
}
