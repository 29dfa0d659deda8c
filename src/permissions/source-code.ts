import { Purpose } from './purpose';
import { S3_OBJECTS } from './wildcard-exemptions';
import { ArnContext, viaService } from '../private/arns';
import { keyStatement } from '../private/kms-grants';
import { ResolvedLocation } from '../private/locations';
import { PlannedStatement } from '../private/planned-statement';
import { s3LocationGrants } from '../private/s3-grants';

/**
 * Reading the training script (script mode: the SageMaker Python SDK uploads `sourcedir.tar.gz`
 * and passes its S3 URI as the `sagemaker_submit_directory` hyperparameter).
 *
 * The container downloads it with the role's credentials, like an input: `s3:GetObject` under
 * the prefix and listing narrowed to it. A missing grant shows up inside the container as a 403
 * on `HeadObject`.
 */
export function sourceCodeGrants(ctx: ArnContext, location: ResolvedLocation): PlannedStatement[] {
  return s3LocationGrants(ctx, [location], { sid: 'SourceCodeRead', actions: ['s3:GetObject'] }, 'SourceCodeList');
}

export const SOURCE_CODE: Purpose = {
  props: ['sourceCodeLocation'],
  statements: [
    { sid: 'SourceCodeRead', why: 'The container downloads the training script (script mode) like an input.', wildcard: S3_OBJECTS },
    { sid: 'SourceCodeList', why: 'Listing the source code prefix, narrowed to it.' },
    { sid: 'SourceCodeDecrypt', why: 'S3 decrypts the SSE-KMS source code for the role (through S3 only).' },
  ],
  plan: (ctx, role) => [
    ...(role.sourceCode ? sourceCodeGrants(ctx, role.sourceCode) : []),
    ...keyStatement('SourceCodeDecrypt', ['kms:Decrypt'], role.sourceCodeKeyArns, [viaService(ctx, 's3')]),
  ],
};
