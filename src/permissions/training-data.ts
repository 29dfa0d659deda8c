import { Purpose } from './purpose';
import { S3_OBJECTS } from './wildcard-exemptions';
import { ArnContext, viaService } from '../private/arns';
import { keyStatement } from '../private/kms-grants';
import { ResolvedLocation } from '../private/locations';
import { PlannedStatement } from '../private/planned-statement';
import { s3LocationGrants } from '../private/s3-grants';

/**
 * Reading the training data (`InputDataConfig` S3 channels).
 *
 * SageMaker downloads (File mode) or streams (Pipe, FastFile) every object under the channel's
 * `S3Uri` with `s3:GetObject`, after listing them with `s3:ListBucket` (SageMaker Developer Guide,
 * "CreateTrainingJob API: Execution Role Permissions"). Listing is narrowed to the prefix with
 * `s3:prefix`, a tightening of the documented policy. Nothing is written to an input location.
 */
export function trainingDataGrants(ctx: ArnContext, locations: ResolvedLocation[]): PlannedStatement[] {
  return s3LocationGrants(ctx, locations, { sid: 'TrainingDataRead', actions: ['s3:GetObject'] }, 'TrainingDataList');
}

/** Decrypting SSE-KMS training data: S3 calls `kms:Decrypt` for the role when it reads an object. */
export function trainingDataKeyGrants(ctx: ArnContext, keyArns: string[]): PlannedStatement[] {
  return keyStatement('TrainingDataDecrypt', ['kms:Decrypt'], keyArns, [viaService(ctx, 's3')]);
}

export const TRAINING_DATA: Purpose = {
  props: ['inputBuckets'],
  statements: [
    { sid: 'TrainingDataRead', why: 'SageMaker downloads or streams every object under each input prefix.', wildcard: S3_OBJECTS },
    { sid: 'TrainingDataList', why: 'SageMaker lists each input channel, narrowed to its prefixes.' },
    { sid: 'TrainingDataDecrypt', why: 'S3 decrypts SSE-KMS training data for the role (through S3 only).' },
  ],
  plan: (ctx, role) => [...trainingDataGrants(ctx, role.inputs), ...trainingDataKeyGrants(ctx, role.inputKeyArns)],
};
