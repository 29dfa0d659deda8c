import { Purpose } from './purpose';
import { S3_JOB_LAYOUT, S3_OBJECTS } from './wildcard-exemptions';
import { ArnContext, s3BucketArn, viaService } from '../private/arns';
import { layoutStatements, ResolvedLayout } from '../private/job-layout';
import { keyStatement } from '../private/kms-grants';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';

/** What TensorFlow does in its model directory: read, write, delete (and abort a multipart upload). */
export const MODEL_DIR_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];

/**
 * TensorFlow's `model_dir` (the SageMaker Python SDK's TensorFlow estimator).
 *
 * - `s3:GetBucketLocation` on the bucket: the AWS TensorFlow training container asks for the
 *   bucket's region before the script starts (aws/sagemaker-tensorflow-training-toolkit
 *   `src/sagemaker_tensorflow_container/s3_utils.py:30-41`, called from `training.py:280`;
 *   without it the job fails with "GetBucketLocation operation: Access Denied",
 *   aws/amazon-sagemaker-examples#606).
 * - Read, write, delete and abort in the model directories, listing narrowed to them: TensorFlow's
 *   S3 file system reads with GetObject, writes with PutObject, checks a path with HeadObject and a
 *   listing, and renames (how a checkpoint is saved) by listing, copying and deleting
 *   (tensorflow/tensorflow `tensorflow/core/platform/s3/s3_file_system.cc`).
 */
export function modelDirStatements(ctx: ArnContext, modelDir: ResolvedLayout): PlannedStatement[] {
  const { location } = modelDir;
  return [
    {
      sid: 'ModelDirBucketLocation',
      actions: ['s3:GetBucketLocation'],
      resources: [s3BucketArn(ctx, location.bucketName)],
      tokenBound: TOKEN_BOUND.bucketName,
      placementKey: `ModelDirBucketLocation:${location.bucketKey}`,
      affinity: `ModelDir:${location.bucketKey}`,
    },
    ...layoutStatements(ctx, modelDir, { sid: 'ModelDirReadWrite', actions: MODEL_DIR_ACTIONS }, 'ModelDirList'),
  ];
}

export const TENSORFLOW_MODEL_DIR: Purpose = {
  props: ['tensorFlowModelDir'],
  statements: [
    { sid: 'ModelDirBucketLocation', why: 'The TensorFlow container asks for the model_dir bucket\'s region before the script starts.' },
    {
      sid: 'ModelDirReadWrite',
      why: 'TensorFlow reads, writes and deletes (saving a checkpoint renames it) in its model directory.',
      wildcard: { ...S3_JOB_LAYOUT, shape: (r) => S3_JOB_LAYOUT.shape(r) || S3_OBJECTS.shape(r) },
    },
    { sid: 'ModelDirList', why: 'TensorFlow lists its model directory, narrowed to it.' },
    { sid: 'ModelDirKeyUse', why: 'S3 encrypts and decrypts the model directory\'s objects with its key (through S3 only).' },
  ],
  plan: (ctx, role) => [
    ...(role.modelDir ? modelDirStatements(ctx, role.modelDir) : []),
    ...keyStatement('ModelDirKeyUse', ['kms:Decrypt', 'kms:GenerateDataKey'], role.modelDirKeyArns, [viaService(ctx, 's3')]),
  ],
};
