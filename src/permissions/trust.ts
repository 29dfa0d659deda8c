import { ArnContext, regionalArn } from '../private/arns';

/** The service principal that runs training jobs. */
export const SAGEMAKER_SERVICE_PRINCIPAL = 'sagemaker.amazonaws.com';

/**
 * The trust policy's conditions: SageMaker may assume the role only on behalf of this account
 * (confused-deputy prevention, SageMaker Developer Guide).
 *
 * `aws:SourceArn` is account-wide (`arn:P:sagemaker:R:A:*`) by default, not `training-job/*`:
 * training jobs started by a hyperparameter tuning job or a pipeline may present the tuning job's
 * or pipeline's ARN, and a role SageMaker cannot assume fails every job.
 */
export function trustConditions(ctx: ArnContext): { [operator: string]: { [key: string]: string } } {
  return {
    StringEquals: { 'aws:SourceAccount': ctx.account },
    ArnLike: { 'aws:SourceArn': regionalArn(ctx, 'sagemaker', '*') },
  };
}
