import { Purpose } from './purpose';
import { LOGS as LOGS_EXEMPTION } from './wildcard-exemptions';
import { ArnContext, regionalArn } from '../private/arns';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';

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
export function logsGrants(ctx: ArnContext, jobNamePrefix?: string): PlannedStatement[] {
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

export const LOGS: Purpose = {
  props: ['always', 'trainingJobNamePrefix'],
  statements: [
    { sid: 'LogGroupAccess', why: 'The job creates and describes SageMaker\'s training log group.', wildcard: LOGS_EXEMPTION },
    { sid: 'LogStreamWrite', why: 'The job writes its log streams in that group (named after the job at run time).', wildcard: LOGS_EXEMPTION },
  ],
  plan: (ctx, role) => logsGrants(ctx, role.jobNamePrefix),
};
