import { Purpose } from './purpose';
import { S3_OBJECTS } from './wildcard-exemptions';
import { ArnContext, s3BucketArn } from '../private/arns';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';

/**
 * The AWS-owned buckets JumpStart serves its models, training scripts and sample datasets from,
 * in the job's region: `jumpstart-cache-prod-<region>`, and `jumpstart-private-cache-prod-<region>`
 * for gated models (aws/sagemaker-python-sdk v2.257.6 `src/sagemaker/jumpstart/region_config.json`,
 * the same names in each of its 42 regions; loaded by `jumpstart/constants.py:64-103`). The SDK
 * passes them as input channels (`training`, `model`), as `sagemaker_submit_directory`, and for
 * gated models in the `SageMakerGatedModelS3Uri` environment variable
 * (`jumpstart/artifacts/environment_variables.py:241-252`, `model_uris.py:179-192`).
 */
export function jumpStartBuckets(ctx: ArnContext, gated: boolean): string[] {
  return [`jumpstart-cache-prod-${ctx.region}`, ...(gated ? [`jumpstart-private-cache-prod-${ctx.region}`] : [])];
}

/** Reading and listing the JumpStart buckets of the job's region; nothing else there. */
export function jumpStartStatements(ctx: ArnContext, gated: boolean): PlannedStatement[] {
  const buckets = jumpStartBuckets(ctx, gated);
  return [
    {
      sid: 'JumpStartRead',
      actions: ['s3:GetObject'],
      resources: buckets.map((b) => `${s3BucketArn(ctx, b)}/*`),
      tokenBound: TOKEN_BOUND.none,
      placementKey: 'JumpStart',
    },
    {
      sid: 'JumpStartList',
      actions: ['s3:ListBucket'],
      resources: buckets.map((b) => s3BucketArn(ctx, b)),
      tokenBound: TOKEN_BOUND.none,
      placementKey: 'JumpStart',
    },
  ];
}

export const JUMPSTART: Purpose = {
  props: ['jumpStart'],
  statements: [
    {
      sid: 'JumpStartRead',
      why: 'JumpStart\'s models, scripts and datasets come from AWS-owned buckets of the job\'s region.',
      wildcard: {
        ...S3_OBJECTS,
        reason: 'JumpStart serves its models, training scripts and datasets from AWS-owned buckets '
          + '(jumpstart-cache-prod-<region>, jumpstart-private-cache-prod-<region> for gated models) under keys the model chosen at launch names; read only.',
      },
    },
    { sid: 'JumpStartList', why: 'SageMaker lists the JumpStart dataset and model channels before downloading them.' },
  ],
  plan: (ctx, role) => (role.jumpStart ? jumpStartStatements(ctx, role.jumpStart.gatedModels) : []),
};
