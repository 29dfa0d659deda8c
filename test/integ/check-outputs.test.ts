import { assertionOutcomes } from './check-outputs';

describe('assertionOutcomes', () => {
  test('reads integ-tests-alpha results from cdk deploy outputs, and only those', () => {
    expect(assertionOutcomes({
      SageMakerTrainingRoleInteg: { ExportsOutputRefModelBucket: 'bucket' },
      TrainingJobDefaultTestDeployAssertD499B595: {
        AssertionResultsAwsApiCallS3listObjectsV2abc: '{"status":"success"}',
        AssertionResultsAwsApiCallSageMakerdescribeTrainingJobdef: '{"status":"fail","message":"Expected Failed"}',
        AssertionResultsOther: 'not json',
      },
    })).toEqual([
      { stack: 'TrainingJobDefaultTestDeployAssertD499B595', output: 'AssertionResultsAwsApiCallS3listObjectsV2abc', status: 'success', message: undefined },
      { stack: 'TrainingJobDefaultTestDeployAssertD499B595', output: 'AssertionResultsAwsApiCallSageMakerdescribeTrainingJobdef', status: 'fail', message: 'Expected Failed' },
      { stack: 'TrainingJobDefaultTestDeployAssertD499B595', output: 'AssertionResultsOther', status: 'unreadable', message: 'not json' },
    ]);
  });
});
