/**
 * The props a user gives the construct for each launcher, with the bucket names, prefixes and
 * layouts of the launcher fixtures (`test/fixtures/launchers/`).
 */
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { channelUri, launcherRequest, parseS3 } from './launchers';
import { SageMakerTrainingRoleProps, TensorFlowModelDir } from '../../src';

/** SDK v2 TensorFlow script mode: its input and output, the default model_dir. */
export function tensorFlowScriptModeProps(jobNamePrefix?: string) {
  const request = launcherRequest('sdk-v2-tensorflow-script-mode');
  const output = parseS3(request.OutputDataConfig.S3OutputPath);
  const input = parseS3(channelUri(request, 'training'));
  return (stack: Stack): SageMakerTrainingRoleProps => ({
    inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', input.bucket), prefix: input.key }],
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Output', output.bucket), prefix: output.key },
    tensorFlowModelDir: TensorFlowModelDir.underOutput(),
    trainingJobNamePrefix: jobNamePrefix,
  });
}
