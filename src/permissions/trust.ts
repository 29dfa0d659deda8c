import { ArnContext, regionalArn } from '../private/arns';

/** The service principal that runs training jobs. */
export const SAGEMAKER_SERVICE_PRINCIPAL = 'sagemaker.amazonaws.com';

/**
 * The trust policy's conditions: SageMaker may assume the role only on behalf of this account
 * (confused-deputy prevention, SageMaker Developer Guide).
 *
 * `aws:SourceArn` is account-wide (`arn:P:sagemaker:R:A:*`) by default, not `training-job/*`:
 * training jobs started by a hyperparameter tuning job or a pipeline may present the tuning job's
 * or pipeline's ARN (AWS's confused-deputy page shows `training-job/*` for training jobs and says
 * nothing of tuning jobs), and a role SageMaker cannot assume fails every job. With a job-name
 * prefix it is AWS's training-job form, `training-job/<prefix>*`.
 */
export function trustConditions(ctx: ArnContext, jobNamePrefix?: string): { [operator: string]: { [key: string]: string } } {
  const source = jobNamePrefix === undefined ? '*' : `training-job/${jobNamePrefix}*`;
  return {
    StringEquals: { 'aws:SourceAccount': ctx.account },
    ArnLike: { 'aws:SourceArn': regionalArn(ctx, 'sagemaker', source) },
  };
}

/**
 * A prefix of SageMaker's training job names: letters, digits and hyphens, starting with a letter
 * or digit; names have at most 63 characters, so a prefix too. Lower case only: SageMaker has been
 * seen to report resource ARNs in lower case (aws/sagemaker-experiments#172), and `ArnLike`
 * compares case-sensitively, so an upper-case prefix could lock SageMaker out of the role.
 */
export const JOB_NAME_PREFIX = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** What `JOB_NAME_PREFIX` allows, for error messages. */
export const JOB_NAME_PREFIX_RULE = 'give 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit (job names allow upper case, but SageMaker may report job ARNs in lower case and the trust policy compares them case-sensitively).';
