import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole } from '../../src';
import { TrainingRoleError } from '../../src/private/errors';

function caught(fn: () => void): TrainingRoleError {
  try {
    fn();
  } catch (e) {
    return e as TrainingRoleError;
  }
  throw new Error('nothing was thrown');
}

describe('errors carry a stable id and the construct path', () => {
  const setup = () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    return { stack, bucket: s3.Bucket.fromBucketName(stack, 'Data', 'data-bucket') };
  };

  test('a refused prop of the role', () => {
    const { stack, bucket } = setup();
    const error = caught(() => new SageMakerTrainingRole(stack, 'Role', {
      inputBuckets: [{ bucket }, { bucket, prefix: 'train/*' }],
      outputBucket: { bucket, prefix: 'out/' },
    }));
    expect(error).toBeInstanceOf(TrainingRoleError);
    expect(error.id).toBe('cdk-sagemaker-training-role:inputBuckets.prefix');
    expect(error.constructPath).toBe('Stack/Role');
    expect(error.message).toMatch(/^inputBuckets\[1\]\.prefix: /);
  });

  test('a prop checked before the role exists', () => {
    const { stack, bucket } = setup();
    const error = caught(() => new SageMakerTrainingRole(stack, 'Named', { outputBucket: { bucket }, roleName: 'no spaces allowed' }));
    expect(error.id).toBe('cdk-sagemaker-training-role:roleName');
    expect(error.constructPath).toBe('Stack/Named');
  });

  test('a refused launch option', () => {
    const { stack, bucket } = setup();
    const role = new SageMakerTrainingRole(stack, 'Role', { outputBucket: { bucket } });
    const user = new iam.User(stack, 'User');
    const error = caught(() => role.grantLaunch(user, { instanceTypes: [] }));
    expect(error.id).toBe('cdk-sagemaker-training-role:grantLaunch.instanceTypes');
    expect(error.constructPath).toBe('Stack/Role');
  });
});
