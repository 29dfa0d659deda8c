import { Purpose } from './purpose';
import { WILDCARD_ONLY_ACTIONS } from './wildcard-exemptions';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';

/** The CloudWatch namespace of training job metrics (SageMaker Developer Guide). */
export const TRAINING_METRICS_NAMESPACE = '/aws/sagemaker/TrainingJobs';

/**
 * Publishing the training job's metrics.
 *
 * `cloudwatch:PutMetricData` supports no resource-level permissions (resource `*` only), so it is
 * narrowed by the `cloudwatch:namespace` condition key to SageMaker's training namespace.
 */
export function metricsGrants(): PlannedStatement[] {
  return [{
    sid: 'MetricsPublish',
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': [TRAINING_METRICS_NAMESPACE] } },
    tokenBound: TOKEN_BOUND.none,
    placementKey: 'metrics',
  }];
}

export const METRICS: Purpose = {
  props: ['always'],
  statements: [
    { sid: 'MetricsPublish', why: 'The job publishes metrics in SageMaker\'s training namespace only.', wildcard: WILDCARD_ONLY_ACTIONS },
  ],
  plan: () => metricsGrants(),
};
