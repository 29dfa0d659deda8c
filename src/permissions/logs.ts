import { ArnContext, regionalArn } from '../private/arns';
import { Grant, TOKEN_BOUND } from '../private/grant';

/** The log group every SageMaker training job writes to (SageMaker Developer Guide). */
export const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';

/**
 * Writing the training job's logs to CloudWatch Logs.
 *
 * The documented policy uses `*`; here the group is the one SageMaker uses. Following the Service
 * Authorization Reference, the group actions (`CreateLogGroup`, `DescribeLogStreams`) are on the
 * `log-group` resource (both ARN forms, with and without the trailing `:*`), and the stream
 * actions (`CreateLogStream`, `PutLogEvents`) on the group's `log-stream` resources, narrowed to
 * the job-name prefix when there is one.
 */
export function logsGrants(ctx: ArnContext, jobNamePrefix?: string): Grant[] {
  const group = regionalArn(ctx, 'logs', `log-group:${TRAINING_LOG_GROUP}`);
  return [
    {
      sid: 'LogGroupAccess',
      actions: ['logs:CreateLogGroup', 'logs:DescribeLogStreams'],
      resources: [group, `${group}:*`],
      tokenBound: TOKEN_BOUND.none,
      placementKey: 'logs',
    },
    {
      sid: 'LogStreamWrite',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      // Streams are named `<job-name>/algo-<n>-<time>`: a job-name prefix narrows them.
      resources: [`${group}:log-stream:${jobNamePrefix ?? ''}*`],
      tokenBound: TOKEN_BOUND.jobName,
      placementKey: 'logs',
    },
  ];
}
