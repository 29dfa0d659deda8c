import { Purpose } from './purpose';
import { ArnContext, regionalArn } from '../private/arns';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';

/**
 * SageMaker Experiments from the training script (SDK v2 `sagemaker.experiments`: `load_run()`,
 * `run.log_metric()`, `run.log_parameter()`), in the job's account and region. The calls, read in
 * aws/sagemaker-python-sdk v2.257.6 `src/sagemaker/experiments/`:
 * - `load_run()` in a job describes its own training job for `ExperimentConfig`
 *   (`_utils.py:118-123`);
 * - `Run(...)` creates (or, when it exists, describes) the experiment, the trial ("run group") and
 *   the trial component (`run.py:186-240`; `experiment.py:143-188`, `trial.py:252-288`,
 *   `trial_component.py:310-346`), the trial component with a tag (`run.py:697-710`), searches
 *   whether it is associated (`trial_component.py:351-387`) and associates it (`trial.py:189`);
 * - `log_metric` sends `BatchPutMetrics` (`_metrics.py:197, 265`); closing the run updates the
 *   trial component (`run.py:551-560`).
 * Creating with tags needs `sagemaker:AddTags` too, as for `CreateTrainingJob` (the launch
 * guardrails grant it for the same reason).
 */
export function experimentsStatements(ctx: ArnContext, jobNamePrefix: string | undefined): PlannedStatement[] {
  const arn = (resource: string) => regionalArn(ctx, 'sagemaker', resource);
  const experiment = arn('experiment/*');
  const trial = arn('experiment-trial/*');
  const component = arn('experiment-trial-component/*');
  const jobs = arn(`training-job/${jobNamePrefix ?? ''}*`);
  const base = { tokenBound: TOKEN_BOUND.jobName, placementKey: 'Experiments' };
  return [
    // One statement per resource type, each with the actions that act on it (Service Authorization
    // Reference): CreateTrial acts on the experiment and the trial, AssociateTrialComponent on the
    // trial and the trial component.
    {
      sid: 'ExperimentsRecord',
      actions: ['sagemaker:CreateExperiment', 'sagemaker:DescribeExperiment', 'sagemaker:CreateTrial', 'sagemaker:AddTags'],
      resources: [experiment],
      ...base,
    },
    {
      sid: 'ExperimentsRecord',
      actions: ['sagemaker:CreateTrial', 'sagemaker:DescribeTrial', 'sagemaker:AssociateTrialComponent', 'sagemaker:AddTags'],
      resources: [trial],
      ...base,
    },
    {
      sid: 'ExperimentsRecord',
      actions: ['sagemaker:CreateTrialComponent', 'sagemaker:DescribeTrialComponent', 'sagemaker:UpdateTrialComponent',
        'sagemaker:AssociateTrialComponent', 'sagemaker:AddTags'],
      resources: [component],
      ...base,
    },
    { sid: 'ExperimentsMetrics', actions: ['sagemaker:BatchPutMetrics'], resources: [component, jobs], ...base },
    // Search supports no resource-level permissions (Service Authorization Reference).
    { sid: 'ExperimentsSearch', actions: ['sagemaker:Search'], resources: ['*'], ...base },
    { sid: 'ExperimentsJobDescribe', actions: ['sagemaker:DescribeTrainingJob'], resources: [jobs], ...base },
  ];
}

/** A SageMaker ARN of this account and region, as cdk-nag flattens it. */
const SAGEMAKER_ARN = ':sagemaker:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\\d{12}):';

export const EXPERIMENTS: Purpose = {
  props: ['sageMakerExperiments'],
  statements: [
    {
      sid: 'ExperimentsRecord',
      why: 'The script creates or loads its experiment, run group and run, and records the run.',
      wildcard: {
        actions: ['sagemaker:CreateExperiment', 'sagemaker:DescribeExperiment', 'sagemaker:CreateTrial', 'sagemaker:DescribeTrial',
          'sagemaker:CreateTrialComponent', 'sagemaker:DescribeTrialComponent', 'sagemaker:UpdateTrialComponent',
          'sagemaker:AssociateTrialComponent', 'sagemaker:AddTags'],
        shape: (r) => new RegExp(`${SAGEMAKER_ARN}experiment(-trial|-trial-component)?/\\*$`).test(r),
        reason: 'The script names its experiments and runs when it runs (load_run, Run); they are limited to this account and region.',
      },
    },
    {
      sid: 'ExperimentsMetrics',
      why: 'The script logs metrics to its run (BatchPutMetrics).',
      wildcard: {
        actions: ['sagemaker:BatchPutMetrics'],
        shape: (r) => new RegExp(`${SAGEMAKER_ARN}(experiment-trial-component|training-job)/[a-z0-9-]*\\*$`).test(r),
        reason: 'Runs are named when the script runs, training jobs at launch (after trainingJobNamePrefix when given); limited to this account and region.',
      },
    },
    {
      sid: 'ExperimentsSearch',
      why: 'The SDK searches whether the run is already in its run group.',
      wildcard: { actions: ['sagemaker:Search'], shape: (r) => r === '*', reason: 'sagemaker:Search supports no resource-level permissions (Service Authorization Reference).' },
    },
    {
      sid: 'ExperimentsJobDescribe',
      why: 'load_run() reads the ExperimentConfig of its own training job.',
      wildcard: {
        actions: ['sagemaker:DescribeTrainingJob'],
        shape: (r) => new RegExp(`${SAGEMAKER_ARN}training-job/[a-z0-9-]*\\*$`).test(r),
        reason: 'Training jobs are named at launch (after trainingJobNamePrefix when given); limited to this account and region.',
      },
    },
  ],
  plan: (ctx, role) => (role.sageMakerExperiments ? experimentsStatements(ctx, role.jobNamePrefix) : []),
};
