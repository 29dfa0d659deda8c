import { Purpose } from './purpose';
import { S3_OBJECTS } from './wildcard-exemptions';
import { ArnContext, viaService } from '../private/arns';
import { keyStatement } from '../private/kms-grants';
import { ResolvedLocation } from '../private/locations';
import { PlannedStatement } from '../private/planned-statement';
import { s3LocationGrants } from '../private/s3-grants';

/**
 * Writing the model artifacts (`OutputDataConfig.S3OutputPath`).
 *
 * `s3:PutObject` is documented; `s3:AbortMultipartUpload` lets SageMaker clean up a multipart
 * upload of a large `model.tar.gz` that failed. No read, list or delete: the job never reads its
 * output back.
 */
export function modelOutputGrants(ctx: ArnContext, location: ResolvedLocation): PlannedStatement[] {
  return s3LocationGrants(ctx, [location], {
    sid: 'ModelOutputWrite',
    actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
  });
}

/**
 * Encrypting model artifacts (`OutputDataConfig.KmsKeyId`, else the output bucket's key).
 *
 * The API reference names `kms:Encrypt`; S3 calls `kms:GenerateDataKey` for each upload and
 * `kms:Decrypt` to complete a multipart upload (aws/aws-cdk#12810).
 *
 * `kms:ViaService` allows S3 and SageMaker. The SageMaker value is kept because the API reference
 * has the role's key policy grant `kms:Encrypt` for the artifacts SageMaker encrypts itself, which
 * is a call SageMaker makes for the role rather than S3 (see the comment in
 * `OUTPUT_KEY_VIA_SERVICES`).
 */
export function modelOutputKeyGrants(ctx: ArnContext, keyArn: string, throughSageMaker: boolean = true): PlannedStatement[] {
  const services = throughSageMaker ? OUTPUT_KEY_VIA_SERVICES : ['s3'];
  return keyStatement('ModelOutputEncrypt', ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'], [keyArn],
    services.map((service) => viaService(ctx, service)));
}

/**
 * Services that may use the output key for the role. S3 for the uploads; SageMaker because
 * `OutputDataConfig.KmsKeyId` is documented as a key "that SageMaker uses to encrypt the model
 * artifacts at rest", with `kms:Encrypt` named for the role, an operation S3 itself never calls.
 */
export const OUTPUT_KEY_VIA_SERVICES = ['s3', 'sagemaker'];

export const MODEL_OUTPUT: Purpose = {
  props: ['outputBucket', 'outputKmsKey', 'outputKeyThroughSageMaker'],
  statements: [
    { sid: 'ModelOutputWrite', why: 'SageMaker uploads model.tar.gz under the output prefix; write only.', wildcard: S3_OBJECTS },
    { sid: 'ModelOutputEncrypt', why: 'The output key encrypts the artifacts, through S3 (and SageMaker).' },
  ],
  plan: (ctx, role) => [
    ...modelOutputGrants(ctx, role.output),
    ...(role.outputKeyArn ? modelOutputKeyGrants(ctx, role.outputKeyArn, role.outputKeyThroughSageMaker) : []),
  ],
};
