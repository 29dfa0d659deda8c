import { ArnContext, viaService } from '../private/arns';
import { Grant, TOKEN_BOUND } from '../private/grant';

/**
 * The role's use of KMS keys. Each purpose is its own statement, and a key is usable only
 * through the service that needs it (`kms:ViaService`), never directly.
 */

/**
 * Decrypting SSE-KMS training data: S3 calls `kms:Decrypt` for the role when it reads an object.
 */
export function trainingDataKeyGrants(ctx: ArnContext, keyArns: string[]): Grant[] {
  return keyGrant(ctx, 'TrainingDataDecrypt', ['kms:Decrypt'], keyArns, [viaService(ctx, 's3')]);
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
export function modelOutputKeyGrants(ctx: ArnContext, keyArn: string, throughSageMaker: boolean = true): Grant[] {
  const services = throughSageMaker ? OUTPUT_KEY_VIA_SERVICES : ['s3'];
  return keyGrant(ctx, 'ModelOutputEncrypt', ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'], [keyArn],
    services.map((service) => viaService(ctx, service)));
}

/**
 * Services that may use the output key for the role. S3 for the uploads; SageMaker because
 * `OutputDataConfig.KmsKeyId` is documented as a key "that SageMaker uses to encrypt the model
 * artifacts at rest", with `kms:Encrypt` named for the role, an operation S3 itself never calls.
 */
export const OUTPUT_KEY_VIA_SERVICES = ['s3', 'sagemaker'];

/**
 * Encrypting the ML storage volumes (`ResourceConfig.VolumeKmsKeyId`): SageMaker creates a grant
 * for the EBS volumes it attaches, so the role may create grants for AWS resources only.
 */
export function volumeKeyGrants(_ctx: ArnContext, keyArn: string): Grant[] {
  return [{
    sid: 'VolumeKeyGrant',
    actions: ['kms:CreateGrant'],
    resources: [keyArn],
    conditions: { Bool: { 'kms:GrantIsForAWSResource': ['true'] } },
    tokenBound: TOKEN_BOUND.keyArn,
    placementKey: 'keys',
  }];
}

/** Reading and writing SSE-KMS checkpoints through S3. */
export function checkpointKeyGrants(ctx: ArnContext, keyArn: string): Grant[] {
  return keyGrant(ctx, 'CheckpointKeyUse', ['kms:Decrypt', 'kms:GenerateDataKey'], [keyArn], [viaService(ctx, 's3')]);
}

/**
 * Keys of the script-mode source code (read through S3) and of the TensorBoard, Debugger and
 * Profiler outputs (written through S3: `GenerateDataKey`, and `Decrypt` for multipart uploads
 * and for rules reading the data back).
 */
export function auxiliaryKeyGrants(ctx: ArnContext, readKeyArns: string[], writeKeyArns: string[]): Grant[] {
  return [
    ...keyGrant(ctx, 'SourceCodeDecrypt', ['kms:Decrypt'], readKeyArns, [viaService(ctx, 's3')]),
    ...keyGrant(ctx, 'DebugOutputKeyUse', ['kms:GenerateDataKey', 'kms:Decrypt'], writeKeyArns, [viaService(ctx, 's3')]),
  ];
}

function keyGrant(_ctx: ArnContext, sid: string, actions: string[], keyArns: string[], services: string[]): Grant[] {
  if (keyArns.length === 0) {
    return [];
  }
  return [{
    sid,
    actions,
    resources: keyArns,
    conditions: { StringEquals: { 'kms:ViaService': services } },
    tokenBound: TOKEN_BOUND.keyArn,
    placementKey: 'keys',
  }];
}
