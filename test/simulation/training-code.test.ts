/**
 * Script-mode code as the SDK stages it (the launcher fixtures): the job reads its code, and can
 * neither replace nor delete it, although the code lies under the output location it writes.
 */
import { allows, denies, deniesExplicitly } from '../util/cases';
import { modelTrainerOutputPathProps, modelTrainerProps, pyTorchProps, tensorFlowScriptModeProps } from '../util/launcher-props';
import { channelUri, hyperparameter, launcherRequest, parseS3 } from '../util/launchers';
import { s3BucketArn, s3ObjectArn, simulationTable, synthesize } from '../util/requests';

describe.each([
  { launcher: 'SDK v2 TensorFlow', fixture: 'sdk-v2-tensorflow-script-mode' as const, props: tensorFlowScriptModeProps },
  { launcher: 'SDK v2 PyTorch', fixture: 'sdk-v2-pytorch' as const, props: pyTorchProps },
])('$launcher: sourcedir.tar.gz at <output bucket>/<job>/source/', ({ fixture, props }) => {
  const request = launcherRequest(fixture);
  const job: string = request.TrainingJobName;
  const code = parseS3(hyperparameter(request, 'sagemaker_submit_directory')!);
  const output = parseS3(request.OutputDataConfig.S3OutputPath);

  test('the fixture stages the code under the output location, at <job>/source/sourcedir.tar.gz', () => {
    expect(code).toEqual({ bucket: output.bucket, key: `${output.key}${job}/source/sourcedir.tar.gz` });
  });

  describe.each([
    { setting: 'any job name', prefix: undefined },
    { setting: 'a job name prefix', prefix: 'sagemaker-' },
  ])('with $setting', ({ prefix }) => {
    const syn = synthesize(props(prefix), { env: true });
    simulationTable(() => syn.policies, [
      allows('the container downloading the code (HeadObject, GetObject)', { action: 's3:GetObject', resource: s3ObjectArn(code.bucket, code.key) }),
      allows('SageMaker uploading the model artifacts next to it', { action: 's3:PutObject', resource: s3ObjectArn(output.bucket, `${output.key}${job}/output/model.tar.gz`) }),
      allows('SageMaker uploading the Debugger output (the SDK\'s DebugHookConfig is the output path)', { action: 's3:PutObject', resource: s3ObjectArn(output.bucket, `${output.key}${job}/debug-output/events/000000000000/000000000000_worker_0.tfevents`) }),
      allows('SageMaker uploading the Profiler output (the SDK\'s ProfilerConfig is the output path)', { action: 's3:PutObject', resource: s3ObjectArn(output.bucket, `${output.key}${job}/profiler-output/system/incremental/2026120200/1764633600.algo-1.json`) }),
      deniesExplicitly('the job replacing its own code', { action: 's3:PutObject', resource: s3ObjectArn(code.bucket, code.key) }),
      deniesExplicitly('the job deleting its own code', { action: 's3:DeleteObject', resource: s3ObjectArn(code.bucket, code.key) }),
      deniesExplicitly('the job replacing the code of the next job', { action: 's3:PutObject', resource: s3ObjectArn(code.bucket, `${output.key}sagemaker-next-job/source/sourcedir.tar.gz`) }),
      denies('reading the model artifacts', { action: 's3:GetObject', resource: s3ObjectArn(output.bucket, `${output.key}${job}/output/model.tar.gz`) }),
      denies('reading other objects of the job folder', { action: 's3:GetObject', resource: s3ObjectArn(output.bucket, `${output.key}${job}/source/other.tar.gz`) }),
      denies('listing the job folder', { action: 's3:ListBucket', resource: s3BucketArn(code.bucket), context: { 's3:prefix': `${output.key}${job}/` } }),
      denies('reading code of the same layout in another bucket', { action: 's3:GetObject', resource: s3ObjectArn('example-unrelated-bucket', `${job}/source/sourcedir.tar.gz`) }),
    ]);
  });

  describe('a job name prefix keeps other teams\' code unreadable', () => {
    const syn = synthesize(props('sagemaker-'), { env: true });
    simulationTable(() => syn.policies, [
      denies('reading the code of a job outside the prefix', { action: 's3:GetObject', resource: s3ObjectArn(code.bucket, `${output.key}other-team-job/source/sourcedir.tar.gz`) }),
    ]);
  });
});

describe('SDK v3 ModelTrainer: code and sm_drivers at <default bucket>/<prefix>/<base job>/<job>/input/, also the output path', () => {
  const request = launcherRequest('sdk-v3-model-trainer');
  const codeUri = parseS3(channelUri(request, 'code'));
  const drivers = parseS3(channelUri(request, 'sm_drivers'));
  const staged = parseS3(channelUri(request, 'train'));
  const output = parseS3(request.OutputDataConfig.S3OutputPath);
  const job: string = request.TrainingJobName;
  const bucket = output.bucket;

  test('the fixture stages the channels under the output path', () => {
    for (const uri of [codeUri, drivers, staged]) {
      expect(uri.key.startsWith(`${output.key}/${job}/input/`)).toBe(true);
    }
  });

  describe('code and drivers only', () => {
    const syn = synthesize(modelTrainerProps(), { env: true });
    simulationTable(() => syn.policies, [
      allows('SageMaker listing the code channel', { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': codeUri.key } }),
      allows('SageMaker listing the sm_drivers channel', { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': drivers.key } }),
      allows('SageMaker downloading the entry script', { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${codeUri.key}/custom_script.py`) }),
      allows('SageMaker downloading sm_train.sh', { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${drivers.key}/sm_train.sh`) }),
      allows('SageMaker uploading the model artifacts', { action: 's3:PutObject', resource: s3ObjectArn(bucket, `${output.key}/${job}/output/model.tar.gz`) }),
      deniesExplicitly('the job replacing its entry script', { action: 's3:PutObject', resource: s3ObjectArn(bucket, `${codeUri.key}/custom_script.py`) }),
      deniesExplicitly('the job replacing sm_train.sh', { action: 's3:PutObject', resource: s3ObjectArn(bucket, `${drivers.key}/sm_train.sh`) }),
      deniesExplicitly('the job deleting its code', { action: 's3:DeleteObject', resource: s3ObjectArn(bucket, `${codeUri.key}/custom_script.py`) }),
      denies('reading the model artifacts', { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${output.key}/${job}/output/model.tar.gz`) }),
      denies('reading an uploaded input without stagedInputs', { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${staged.key}/part-0.csv`) }),
      denies('listing the job folder', { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': `${output.key}/${job}/` } }),
    ]);
  });

  describe('with stagedInputs', () => {
    const syn = synthesize(modelTrainerProps(true), { env: true });
    simulationTable(() => syn.policies, [
      allows('SageMaker listing the uploaded train channel', { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: { 's3:prefix': staged.key } }),
      allows('SageMaker downloading the uploaded train channel', { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${staged.key}/part-0.csv`) }),
      allows('SageMaker downloading the entry script', { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${codeUri.key}/custom_script.py`) }),
      deniesExplicitly('the job overwriting an uploaded input', { action: 's3:PutObject', resource: s3ObjectArn(bucket, `${staged.key}/part-0.csv`) }),
      deniesExplicitly('the job deleting an uploaded input', { action: 's3:DeleteObject', resource: s3ObjectArn(bucket, `${staged.key}/part-0.csv`) }),
      denies('reading the model artifacts', { action: 's3:GetObject', resource: s3ObjectArn(bucket, `${output.key}/${job}/output/model.tar.gz`) }),
    ]);
  });
});

describe('SDK v3 ModelTrainer staging under the output path (the role cannot write the default bucket)', () => {
  const request = launcherRequest('sdk-v3-model-trainer-output-path-staging');
  const codeUri = parseS3(channelUri(request, 'code'));
  const drivers = parseS3(channelUri(request, 'sm_drivers'));
  const output = parseS3(request.OutputDataConfig.S3OutputPath);
  const job: string = request.TrainingJobName;
  const syn = synthesize(modelTrainerOutputPathProps(), { env: true });
  simulationTable(() => syn.policies, [
    allows('SageMaker downloading the code', { action: 's3:GetObject', resource: s3ObjectArn(codeUri.bucket, `${codeUri.key}/train.py`) }),
    allows('SageMaker downloading the drivers', { action: 's3:GetObject', resource: s3ObjectArn(drivers.bucket, `${drivers.key}/sm_train.sh`) }),
    allows('SageMaker uploading the model artifacts', { action: 's3:PutObject', resource: s3ObjectArn(output.bucket, `${output.key}${job}/output/model.tar.gz`) }),
    deniesExplicitly('the job replacing its code, which the output grant covers', { action: 's3:PutObject', resource: s3ObjectArn(codeUri.bucket, `${codeUri.key}/train.py`) }),
    deniesExplicitly('the job replacing its drivers', { action: 's3:PutObject', resource: s3ObjectArn(drivers.bucket, `${drivers.key}/sm_train.sh`) }),
    denies('reading the rest of the output', { action: 's3:GetObject', resource: s3ObjectArn(output.bucket, `${output.key}${job}/output/model.tar.gz`) }),
  ]);
});
