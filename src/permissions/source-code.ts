import { ArnContext } from '../private/arns';
import { Grant } from '../private/grant';
import { ResolvedLocation } from '../private/locations';
import { s3LocationGrants } from '../private/s3-grants';

/**
 * Reading the training script (script mode: the SageMaker Python SDK uploads `sourcedir.tar.gz`
 * and passes its S3 URI as the `sagemaker_submit_directory` hyperparameter).
 *
 * The container downloads it with the role's credentials, like an input: `s3:GetObject` under
 * the prefix and listing narrowed to it. A missing grant shows up inside the container as a 403
 * on `HeadObject`.
 */
export function sourceCodeGrants(ctx: ArnContext, location: ResolvedLocation): Grant[] {
  return s3LocationGrants(ctx, [location], { sid: 'SourceCodeRead', actions: ['s3:GetObject'] }, 'SourceCodeList');
}
