import { Token } from 'aws-cdk-lib';
import { Purpose } from './purpose';
import { S3_JOB_LAYOUT, S3_OBJECTS } from './wildcard-exemptions';
import { ArnContext, viaService } from '../private/arns';
import { layoutStatements, ResolvedCode } from '../private/job-layout';
import { keyStatement } from '../private/kms-grants';
import { ResolvedLocation } from '../private/locations';
import { PlannedStatement } from '../private/planned-statement';
import { ResolvedRoleProps } from '../private/resolved-role-props';
import { s3LocationGrants } from '../private/s3-grants';

/**
 * Reading the training script (script mode: the SageMaker Python SDK uploads `sourcedir.tar.gz`
 * and passes its S3 URI as the `sagemaker_submit_directory` hyperparameter; SDK v3 `ModelTrainer`
 * passes the code as the `code` and `sm_drivers` channels).
 *
 * The container downloads it with the role's credentials, like an input: `s3:GetObject` on the
 * code, and listing narrowed to it where SageMaker lists (a location, the `ModelTrainer` channels).
 * A missing grant shows up inside the container as a 403 on `HeadObject`.
 */
export function sourceCodeGrants(ctx: ArnContext, code: ResolvedCode): PlannedStatement[] {
  if (code.whole) {
    return s3LocationGrants(ctx, [code.location], { sid: 'SourceCodeRead', actions: ['s3:GetObject'] }, 'SourceCodeList');
  }
  return layoutStatements(ctx, code, { sid: 'SourceCodeRead', actions: ['s3:GetObject'] }, 'SourceCodeList');
}

/** What the job must never do to its code. */
export const CODE_WRITE_ACTIONS = ['s3:PutObject', 's3:DeleteObject'];

/**
 * Never writing or deleting the code. The SDK stages the code in the output path's bucket unless
 * told otherwise (aws/sagemaker-python-sdk v2.257.6 `src/sagemaker/estimator.py:1087-1101`), and
 * `ModelTrainer` under the output path when the role cannot write the default bucket (v3.20.0
 * `sagemaker-train/src/sagemaker/train/model_trainer.py:866-913`): then the output grant covers
 * the code, and a job could replace the code its next runs download. An explicit deny on the code
 * objects wins over every allow of the role. Given only when the role writes in the code's bucket
 * (or that cannot be told at synthesis).
 */
export function sourceCodeWriteDeny(ctx: ArnContext, role: ResolvedRoleProps): PlannedStatement[] {
  const code = role.trainingCode;
  if (!code || !writesIn(role, code.location)) {
    return [];
  }
  return layoutStatements(ctx, { location: code.location, objects: code.protect },
    { sid: 'SourceCodeWriteDeny', actions: CODE_WRITE_ACTIONS, effect: 'Deny' });
}

/** Whether a statement of the role may write in the bucket of `location`. */
function writesIn(role: ResolvedRoleProps, location: ResolvedLocation): boolean {
  const written = [role.output, role.checkpoint, role.modelDir?.location,
    role.debugOutputs.tensorBoard, role.debugOutputs.debugHook, role.debugOutputs.profiler]
    .filter((l): l is ResolvedLocation => l !== undefined);
  return written.some((l) => l.bucketKey === location.bucketKey
    || Token.isUnresolved(l.bucketName) || Token.isUnresolved(location.bucketName));
}

export const SOURCE_CODE: Purpose = {
  props: ['sourceCodeLocation', 'trainingCode'],
  statements: [
    {
      sid: 'SourceCodeRead',
      why: 'The container downloads the training script (script mode) like an input.',
      wildcard: { ...S3_OBJECTS, shape: (r) => S3_OBJECTS.shape(r) || S3_JOB_LAYOUT.shape(r), reason: `${S3_OBJECTS.reason} ${S3_JOB_LAYOUT.reason}` },
    },
    { sid: 'SourceCodeList', why: 'Listing the source code prefix, narrowed to it.' },
    { sid: 'SourceCodeDecrypt', why: 'S3 decrypts the SSE-KMS source code for the role (through S3 only).' },
    { sid: 'SourceCodeWriteDeny', why: 'The job may write in the code\'s bucket, but never its own or another job\'s code.' },
  ],
  plan: (ctx, role) => [
    ...(role.trainingCode ? sourceCodeGrants(ctx, role.trainingCode) : []),
    ...keyStatement('SourceCodeDecrypt', ['kms:Decrypt'], role.sourceCodeKeyArns, [viaService(ctx, 's3')]),
    ...sourceCodeWriteDeny(ctx, role),
  ],
};
