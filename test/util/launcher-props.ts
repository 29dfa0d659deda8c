/**
 * The props a user gives the construct for each launcher, with the bucket names, prefixes and
 * layouts of the launcher fixtures (`test/fixtures/launchers/`).
 */
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { channelUri, launcherRequest, parseS3 } from './launchers';
import { SageMakerTrainingRoleProps, TensorFlowModelDir, TrainingCode, TrainingImage } from '../../src';

/** SDK v2 TensorFlow script mode: its input and output, the default code layout and model_dir. */
export function tensorFlowScriptModeProps(jobNamePrefix?: string) {
  const request = launcherRequest('sdk-v2-tensorflow-script-mode');
  const output = parseS3(request.OutputDataConfig.S3OutputPath);
  const input = parseS3(channelUri(request, 'training'));
  return (stack: Stack): SageMakerTrainingRoleProps => ({
    inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', input.bucket), prefix: input.key }],
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Output', output.bucket), prefix: output.key },
    trainingCode: TrainingCode.fromSdkEstimator(),
    tensorFlowModelDir: TensorFlowModelDir.underOutput(),
    trainingJobNamePrefix: jobNamePrefix,
  });
}

/** SDK v2 PyTorch: its input and output, the default code layout, the Deep Learning Container. */
export function pyTorchProps(jobNamePrefix?: string) {
  const request = launcherRequest('sdk-v2-pytorch');
  const output = parseS3(request.OutputDataConfig.S3OutputPath);
  const input = parseS3(channelUri(request, 'training'));
  return (stack: Stack): SageMakerTrainingRoleProps => ({
    inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', input.bucket), prefix: input.key }],
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Output', output.bucket), prefix: output.key },
    trainingCode: TrainingCode.fromSdkEstimator(),
    // The fixture's image account (763104351884), given so that environment-agnostic stacks need no mapping.
    trainingImages: [TrainingImage.fromDeepLearningContainer('pytorch-training', { account: parseImageAccount(request.AlgorithmSpecification.TrainingImage) })],
    trainingJobNamePrefix: jobNamePrefix,
  });
}

/**
 * SDK v3 ModelTrainer with its code (and, with `stagedInputs`, the local input it uploaded) staged
 * under `<default bucket>/<default prefix>/<base job name>/`, which is also its output path; its
 * S3 input and its checkpoints. (The EFS channel, VPC and registry of the fixture are left out:
 * they are the subject of other tests.)
 */
export function modelTrainerProps(stagedInputs = false) {
  const request = launcherRequest('sdk-v3-model-trainer');
  const output = parseS3(request.OutputDataConfig.S3OutputPath);
  const test = parseS3(channelUri(request, 'test'));
  const checkpoint = parseS3(request.CheckpointConfig.S3Uri);
  return (stack: Stack): SageMakerTrainingRoleProps => {
    const bucket = s3.Bucket.fromBucketName(stack, 'DefaultBucket', output.bucket);
    return {
      inputBuckets: [{ bucket, prefix: test.key }],
      outputBucket: { bucket, prefix: output.key },
      checkpointBucket: { bucket, prefix: `${checkpoint.key}/` },
      trainingCode: TrainingCode.fromModelTrainer({ stagingLocation: { bucket, prefix: `${output.key}/` }, stagedInputs }),
    };
  };
}

/** SDK v3 ModelTrainer that staged its code under the output path (the role cannot write the default bucket). */
export function modelTrainerOutputPathProps() {
  const request = launcherRequest('sdk-v3-model-trainer-output-path-staging');
  const output = parseS3(request.OutputDataConfig.S3OutputPath);
  return (stack: Stack): SageMakerTrainingRoleProps => {
    const bucket = s3.Bucket.fromBucketName(stack, 'Output', output.bucket);
    return {
      outputBucket: { bucket, prefix: output.key },
      // <output path>/<default prefix>/<base job name>/ (model_trainer.py:1035-1044).
      trainingCode: TrainingCode.fromModelTrainer({ stagingLocation: { bucket, prefix: `${output.key}sample-prefix/dummy-image-job/` } }),
    };
  };
}

/** The account of an ECR image URI. */
function parseImageAccount(image: string): string {
  return image.split('.')[0];
}

/** SDK v2 JumpStart: its output, the JumpStart buckets, the Deep Learning Container of the fixture. */
export function jumpStartProps(gatedModels = false) {
  const request = launcherRequest('sdk-v2-jumpstart');
  const output = parseS3(request.OutputDataConfig.S3OutputPath);
  const image: string = request.AlgorithmSpecification.TrainingImage;
  const repository = /\/([^:@]+)/.exec(image)![1];
  return (stack: Stack): SageMakerTrainingRoleProps => ({
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Output', output.bucket), prefix: output.key },
    jumpStart: { gatedModels },
    trainingImages: [TrainingImage.fromDeepLearningContainer(repository, { account: parseImageAccount(image) })],
  });
}

/** SDK v2 PyTorch with its ExperimentConfig logged to from the script, and MLflow tracking. */
export function trackingProps(trackingServerArn: string) {
  const pyTorch = pyTorchProps('sagemaker-');
  return (stack: Stack): SageMakerTrainingRoleProps => ({
    ...pyTorch(stack),
    sageMakerExperiments: true,
    mlflowTracking: { trackingServerArn, artifactStore: { bucket: s3.Bucket.fromBucketName(stack, 'MlflowStore', 'example-mlflow'), prefix: 'artifacts/' } },
  });
}
