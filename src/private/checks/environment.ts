import { Token, TokenComparison } from 'aws-cdk-lib';
import { ArnContext } from '../arns';
import { TrainingRoleError } from '../errors';
import { ResolvedRoleProps } from '../resolved-role-props';

/**
 * Resources in another region than the role's stack: errors. SageMaker works in the job's region
 * only, and KMS keys are regional. Only a region known to differ is refused (an unresolved region
 * may be the same).
 */
export function checkRegions(ctx: ArnContext, role: ResolvedRoleProps): void {
  for (const l of role.locations) {
    // The S3DataSource reference: the input bucket "must be located in same AWS region as your
    // training job"; an output path elsewhere fails with "BucketRegionError".
    checkRegion(ctx, `${l.prop}.bucket`, l.bucket?.env?.region, l.bucketName, (region) =>
      `SageMaker reads and writes S3 only in the training job's region (a bucket elsewhere fails with "BucketRegionError: bucket must be in the same region as the job"); this bucket is in ${region} and the role's stack in ${ctx.region}. Use a bucket in ${ctx.region} (replicate the data there), or deploy the role in ${region}.`);
  }
  for (const { prop, key } of role.keys) {
    checkRegion(ctx, prop, key.env?.region, key.keyArn, (region) =>
      `KMS keys are regional: S3 and SageMaker encrypt data of the training job's region only with keys of that region, and the role may use a key only through that region's services (kms:ViaService). This key is in ${region}, the role's stack in ${ctx.region}; give a key in ${ctx.region} (for a multi-Region key, its replica there).`);
  }
  for (const { prop, repository } of role.repositories) {
    checkRegion(ctx, prop, repository.env?.region, repository.repositoryArn, (region) =>
      `SageMaker pulls training images only from ECR in the training job's region (CreateTrainingJob refuses the image: "Cross region ECR image pulls are not allowed"); this repository is in ${region}, the role's stack in ${ctx.region}. Replicate the repository to ${ctx.region} (ECR replication) and give that one.`);
  }
}

/** Refuses a resource whose region is known and differs from the stack's. */
function checkRegion(ctx: ArnContext, prop: string, region: string | undefined, shown: unknown, why: (region: string) => string): void {
  if (region !== undefined && Token.compareStrings(region, ctx.region) === TokenComparison.DIFFERENT) {
    throw new TrainingRoleError(prop, shown, why(region));
  }
}
