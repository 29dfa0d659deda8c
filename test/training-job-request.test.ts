/**
 * The rendered CreateTrainingJob request fields (`renderTrainingJobRequest`): their values for each
 * fixture, and, by simulation, that every location, key and network resource they name is one the
 * role may use in the way the job uses it, so that the job definition and the role cannot drift.
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../src';
import { allows, denies } from './util/cases';
import { fullProps, importedProps, minimalProps, newStack, roleLogicalId, StackOptions, templateOf } from './util/fixtures';
import { Case, defaultKeyPolicy, ec2Arn, s3BucketArn, s3ObjectArn, simulationTable } from './util/requests';
import { attribute, physicalId, resolveIntrinsics, rolePolicies, TEST_ENV } from './util/resolve';

const JOB = 'example-job-0001';

interface Rendered {
  readonly stack: Stack;
  readonly props: SageMakerTrainingRoleProps;
  readonly template: any;
  readonly roleId: string;
  /** The request as CloudFormation would see it (`Stack.resolve`). */
  readonly cfn: any;
  /** The request as deployed: intrinsics replaced by the test environment's values. */
  readonly plain: any;
  readonly policies: { name: string; policy: any }[];
}

function render(fixture: (stack: Stack) => SageMakerTrainingRoleProps, options: StackOptions = {}): Rendered {
  const stack = newStack(options);
  const props = fixture(stack);
  const role = new SageMakerTrainingRole(stack, 'TrainingRole', props);
  const template = templateOf(stack);
  const roleId = roleLogicalId(stack, role);
  const cfn = stack.resolve(role.renderTrainingJobRequest());
  return { stack, props, template, roleId, cfn, plain: resolveIntrinsics(template, cfn), policies: rolePolicies(template, roleId) };
}

/** The logical id of the L1 behind a construct (a bucket, a key). */
function logicalIdOf(r: Rendered, construct: { node: { defaultChild?: any } }): string {
  return r.stack.getLogicalId(construct.node.defaultChild);
}

function bucketName(r: Rendered, bucket: s3.IBucket): string {
  return physicalId(r.template, logicalIdOf(r, bucket));
}

function keyArn(r: Rendered, key: kms.IKey): string {
  return attribute(r.template, logicalIdOf(r, key), 'Arn');
}

function channel(name: string, uri: string): any {
  return {
    ChannelName: name,
    DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: uri, S3DataDistributionType: 'FullyReplicated' } },
  };
}

describe('rendered fields of the minimal props', () => {
  const r = render(minimalProps);
  const data = bucketName(r, r.props.inputBuckets![0].bucket);
  const models = bucketName(r, r.props.outputBucket.bucket);

  test('RoleArn is the role\'s own ARN', () => {
    expect(r.cfn.RoleArn).toEqual({ 'Fn::GetAtt': [r.roleId, 'Arn'] });
  });

  test('one S3 channel named input-1 for the one input location', () => {
    expect(r.plain.InputDataConfig).toEqual([channel('input-1', `s3://${data}/datasets/train/`)]);
  });

  test('the output path has no KmsKeyId without an output key', () => {
    expect(r.plain.OutputDataConfig).toEqual({ S3OutputPath: `s3://${models}/models/` });
  });

  test('no checkpoint, VPC or resource fields without those props', () => {
    expect(Object.keys(r.plain).sort()).toEqual(['InputDataConfig', 'OutputDataConfig', 'RoleArn']);
  });

  test('S3 URIs are built from the bucket name (Ref), never from its ARN', () => {
    expect(r.cfn.InputDataConfig[0].DataSource.S3DataSource.S3Uri).toEqual({
      'Fn::Join': ['', ['s3://', { Ref: logicalIdOf(r, r.props.inputBuckets![0].bucket) }, '/datasets/train/']],
    });
    expect(r.cfn.OutputDataConfig.S3OutputPath).toEqual({
      'Fn::Join': ['', ['s3://', { Ref: logicalIdOf(r, r.props.outputBucket.bucket) }, '/models/']],
    });
  });

  test('the request is plain JSON once resolved', () => {
    expect(JSON.parse(JSON.stringify(r.cfn))).toEqual(r.cfn);
  });
});

describe('rendered fields of the full props', () => {
  const r = render(fullProps);
  const p = r.props;

  test('one channel per input location, numbered in props order', () => {
    expect(r.plain.InputDataConfig).toEqual(p.inputBuckets!.map((l, i) =>
      channel(`input-${i + 1}`, `s3://${bucketName(r, l.bucket)}/${l.prefix}`)));
    expect(r.plain.InputDataConfig.map((c: any) => c.ChannelName)).toEqual(['input-1', 'input-2', 'input-3']);
  });

  test('the output path carries the output key\'s ARN as KmsKeyId', () => {
    expect(r.plain.OutputDataConfig).toEqual({
      S3OutputPath: `s3://${bucketName(r, p.outputBucket.bucket)}/models/`,
      KmsKeyId: keyArn(r, p.outputKmsKey!),
    });
  });

  test('CheckpointConfig.S3Uri is the checkpoint location', () => {
    expect(r.plain.CheckpointConfig).toEqual({ S3Uri: `s3://${bucketName(r, p.checkpointBucket!.bucket)}/checkpoints/run-1/` });
  });

  test('VpcConfig names the selected subnets and the security groups', () => {
    const subnets = p.vpc!.selectSubnets(p.vpcSubnets).subnets;
    expect(subnets).toHaveLength(2);
    expect(r.cfn.VpcConfig).toEqual({
      Subnets: subnets.map((s) => ({ Ref: logicalIdOf(r, s) })),
      SecurityGroupIds: [{ 'Fn::GetAtt': [logicalIdOf(r, p.securityGroups![0]), 'GroupId'] }],
    });
  });

  test('ResourceConfig holds only VolumeKmsKeyId, the volume key\'s ARN', () => {
    expect(r.plain.ResourceConfig).toEqual({ VolumeKmsKeyId: keyArn(r, p.volumeKmsKey!) });
  });
});

describe('rendered fields of the imported props', () => {
  const r = render(importedProps);
  const { account, region } = TEST_ENV;
  const key = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

  test('imported names and ids appear literally, without any intrinsic', () => {
    const { RoleArn, ...rest } = r.cfn;
    expect(rest).toEqual({
      InputDataConfig: [channel('input-1', 's3://example-training-data/datasets/train/')],
      OutputDataConfig: { S3OutputPath: 's3://example-model-artifacts/models/', KmsKeyId: key },
      VpcConfig: { Subnets: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'], SecurityGroupIds: ['sg-0123456789abcdef0'] },
    });
    expect(RoleArn).toEqual({ 'Fn::GetAtt': [r.roleId, 'Arn'] });
  });
});

describe('rendered fields of other shapes', () => {
  test('a location without a prefix renders the whole bucket as s3://<bucket>/', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', {
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', 'example-data') }],
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models') },
    });
    const request = stack.resolve(role.renderTrainingJobRequest());
    expect(request.InputDataConfig[0].DataSource.S3DataSource.S3Uri).toBe('s3://example-data/');
    expect(request.OutputDataConfig.S3OutputPath).toBe('s3://example-models/');
  });

  test('no InputDataConfig without input locations (the API takes no empty list)', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', {
      outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'models/' },
    });
    expect(role.renderTrainingJobRequest()).not.toHaveProperty('InputDataConfig');
  });

  test('without outputKmsKey, KmsKeyId is the output bucket\'s key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'BucketKey');
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', {
      outputBucket: { bucket: new s3.Bucket(stack, 'Models', { encryptionKey: key }), prefix: 'models/' },
    });
    expect(stack.resolve(role.renderTrainingJobRequest()).OutputDataConfig.KmsKeyId)
      .toEqual({ 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] });
  });
});

// ---------------------------------------------------------------------------------------------
// Simulation: what the job does with each rendered field, asked of the role.

function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (!m) {
    throw new Error(`not an S3 URI: ${uri}`);
  }
  return { bucket: m[1], prefix: m[2] };
}

/** A key below a prefix, as SageMaker forms them (`<S3OutputPath>/<job>/output/model.tar.gz`). */
function under(prefix: string, rest: string): string {
  return prefix === '' || prefix.endsWith('/') ? `${prefix}${rest}` : `${prefix}/${rest}`;
}

function list(why: string, uri: string): Case {
  const { bucket, prefix } = parseS3Uri(uri);
  return allows(why, { action: 's3:ListBucket', resource: s3BucketArn(bucket), context: prefix === '' ? {} : { 's3:prefix': prefix } });
}

function onObject(why: string, action: string, uri: string, rest: string): Case {
  const { bucket, prefix } = parseS3Uri(uri);
  return allows(why, { action, resource: s3ObjectArn(bucket, under(prefix, rest)) });
}

function onKey(why: string, action: string, arn: string, context: Record<string, string>): Case {
  return allows(why, { action, resource: arn, context, resourcePolicy: defaultKeyPolicy(arn.split(':')[4]) });
}

const VIA_S3 = { 'kms:ViaService': `s3.${TEST_ENV.region}.amazonaws.com` };
const VIA_SAGEMAKER = { 'kms:ViaService': `sagemaker.${TEST_ENV.region}.amazonaws.com` };

/** The requests the job makes because of each field of the (deployed) request, and the URIs they cover. */
function jobCases(request: any): { cases: Case[]; uris: string[] } {
  const cases: Case[] = [];
  const uris: string[] = [];
  for (const c of request.InputDataConfig ?? []) {
    const uri = c.DataSource.S3DataSource.S3Uri;
    uris.push(uri);
    cases.push(
      onObject(`reading channel ${c.ChannelName}`, 's3:GetObject', uri, 'part-00000'),
      list(`listing channel ${c.ChannelName}`, uri),
    );
  }
  const output = request.OutputDataConfig.S3OutputPath;
  uris.push(output);
  cases.push(
    onObject('uploading the model artifact', 's3:PutObject', output, `${JOB}/output/model.tar.gz`),
    onObject('aborting a multipart upload of the artifact', 's3:AbortMultipartUpload', output, `${JOB}/output/model.tar.gz`),
  );
  const outputKey = request.OutputDataConfig.KmsKeyId;
  if (outputKey) {
    cases.push(
      onKey('encrypting the artifact through S3', 'kms:GenerateDataKey', outputKey, VIA_S3),
      onKey('completing a multipart upload of the artifact through S3', 'kms:Decrypt', outputKey, VIA_S3),
      onKey('encrypting with the output key through SageMaker', 'kms:Encrypt', outputKey, VIA_SAGEMAKER),
    );
  }
  const checkpoint = request.CheckpointConfig?.S3Uri;
  if (checkpoint) {
    uris.push(checkpoint);
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      cases.push(onObject('syncing checkpoints', action, checkpoint, 'checkpoint-1.pt'));
    }
    cases.push(list('listing checkpoints', checkpoint));
  }
  for (const subnet of request.VpcConfig?.Subnets ?? []) {
    cases.push(allows('creating an interface in a rendered subnet', { action: 'ec2:CreateNetworkInterface', resource: ec2Arn(`subnet/${subnet}`) }));
  }
  for (const group of request.VpcConfig?.SecurityGroupIds ?? []) {
    cases.push(allows('creating an interface with a rendered security group', { action: 'ec2:CreateNetworkInterface', resource: ec2Arn(`security-group/${group}`) }));
  }
  const volumeKey = request.ResourceConfig?.VolumeKmsKeyId;
  if (volumeKey) {
    cases.push(onKey('granting the volumes the volume key', 'kms:CreateGrant', volumeKey, { 'kms:GrantIsForAWSResource': 'true' }));
  }
  return { cases, uris };
}

/** Every string in a JSON value that is an S3 URI. */
function s3UrisIn(value: any): string[] {
  if (typeof value === 'string') {
    return value.startsWith('s3://') ? [value] : [];
  }
  if (value && typeof value === 'object') {
    return Object.values(value).flatMap(s3UrisIn);
  }
  return [];
}

describe.each([
  { fixture: 'minimal', setting: 'an environment-agnostic stack', props: minimalProps, options: {} },
  { fixture: 'full', setting: 'an environment-agnostic stack', props: fullProps, options: {} },
  { fixture: 'full', setting: 'a stack in the test environment', props: fullProps, options: { env: true } },
  { fixture: 'imported', setting: 'an environment-agnostic stack', props: importedProps, options: {} },
  { fixture: 'imported', setting: 'a stack in the test environment', props: importedProps, options: { env: true } },
])('the job the rendered request describes: $fixture props, $setting', ({ props, options }) => {
  const r = render(props, options);
  const { cases, uris } = jobCases(r.plain);

  test('every S3 URI of the request has its requests below', () => {
    expect(uris.sort()).toEqual(s3UrisIn(r.plain).sort());
  });

  simulationTable(() => r.policies, cases);
});

describe('the simulation can fail: what the job must not do with the rendered URIs', () => {
  const r = render(fullProps);
  const input = parseS3Uri(r.plain.InputDataConfig[0].DataSource.S3DataSource.S3Uri);
  const output = parseS3Uri(r.plain.OutputDataConfig.S3OutputPath);
  simulationTable(() => r.policies, [
    denies('writing to an input URI', { action: 's3:PutObject', resource: s3ObjectArn(input.bucket, under(input.prefix, 'part-00000')) }),
    denies('reading back the output path', { action: 's3:GetObject', resource: s3ObjectArn(output.bucket, under(output.prefix, `${JOB}/output/model.tar.gz`)) }),
  ]);
});

describe('the typed fields (renderTrainingJobFields) and channel names', () => {
  const WARNING = 'cdk-sagemaker-training-role:ChannelNameNotShellVariable';

  function withInputs(stack: Stack, ...inputs: { prefix: string; channelName?: string }[]): SageMakerTrainingRoleProps {
    const data = new s3.Bucket(stack, 'Data');
    return {
      inputBuckets: inputs.map((i) => ({ bucket: data, ...i })),
      outputBucket: { bucket: new s3.Bucket(stack, 'Models'), prefix: 'models/' },
    };
  }

  test.each([
    { fixture: 'minimal', props: minimalProps },
    { fixture: 'full', props: fullProps },
  ])('the JSON request is the typed fields in the API\'s shape ($fixture props)', ({ props }) => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', props(stack));
    const f = stack.resolve(role.renderTrainingJobFields());
    const json = stack.resolve(role.renderTrainingJobRequest());
    expect(json.RoleArn).toEqual(f.roleArn);
    expect(json.InputDataConfig).toEqual(f.inputDataConfig.map((c: any) => channel(c.channelName, c.s3Uri)));
    const key = f.outputDataConfig.kmsKeyId;
    expect(json.OutputDataConfig).toEqual({ S3OutputPath: f.outputDataConfig.s3OutputPath, ...(key ? { KmsKeyId: key } : {}) });
    expect(json.CheckpointConfig).toEqual(f.checkpointConfig ? { S3Uri: f.checkpointConfig.s3Uri } : undefined);
    expect(json.VpcConfig).toEqual(f.vpcConfig ? { Subnets: f.vpcConfig.subnets, SecurityGroupIds: f.vpcConfig.securityGroupIds } : undefined);
    expect(json.ResourceConfig).toEqual(f.volumeKmsKeyId ? { VolumeKmsKeyId: f.volumeKmsKeyId } : undefined);
  });

  test('names channels by channelName, and the others input-<n> by position', () => {
    const stack = newStack();
    const role = new SageMakerTrainingRole(stack, 'Role', withInputs(stack, { prefix: 'a/', channelName: 'train' }, { prefix: 'b/' }, { prefix: 'c/', channelName: 'val_1' }));
    expect(role.renderTrainingJobFields().inputDataConfig.map((c) => c.channelName)).toEqual(['train', 'input-2', 'val_1']);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WARNING))).toEqual([]);
  });

  test.each(['train data', '', 'a'.repeat(65), 'train/1'])('refuses the channel name %j, naming the prop and the value', (name) => {
    const stack = newStack();
    expect(() => new SageMakerTrainingRole(stack, 'Role', withInputs(stack, { prefix: 'a/', channelName: name }))).toThrow(
      `inputBuckets[0].channelName: SageMaker channel names are 1 to 64 letters, digits, ".", "-" and "_" (pattern [A-Za-z0-9\\.\\-_]+); for example "train". Got: ${JSON.stringify(name)}.`);
  });

  test('refuses two inputs with one channel name', () => {
    const stack = newStack();
    expect(() => new SageMakerTrainingRole(stack, 'Role', withInputs(stack, { prefix: 'a/', channelName: 'train' }, { prefix: 'b/', channelName: 'train' }))).toThrow(
      'inputBuckets[1].channelName: inputBuckets[0] is read as a channel of this name already; give each input location its own channelName. Got: "train".');
  });

  test('refuses a channel name on a location that is not an input', () => {
    const stack = newStack();
    const props = withInputs(stack, { prefix: 'a/' });
    expect(() => new SageMakerTrainingRole(stack, 'Role', { ...props, outputBucket: { ...props.outputBucket, channelName: 'model' } })).toThrow(
      'outputBucket.channelName: only input locations (inputBuckets) are read as channels; leave channelName out here. Got: "model".');
  });

  test('warns, by id, when a given name makes an SM_CHANNEL_ variable a shell cannot read', () => {
    const stack = newStack();
    new SageMakerTrainingRole(stack, 'Role', withInputs(stack, { prefix: 'a/', channelName: 'train-v2' }, { prefix: 'b/', channelName: 'eval.set' }));
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WARNING)).map((w) => w.entry.data as string);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^inputBuckets\[0\]\.channelName: the training toolkit gives the channel's directory to the script as SM_CHANNEL_TRAIN-V2, .* Got: "train-v2"\./);
    expect(warnings[1]).toContain('SM_CHANNEL_EVAL.SET');
  });

  test('gives no warning for the default names, kept for compatibility', () => {
    const stack = newStack();
    new SageMakerTrainingRole(stack, 'Role', withInputs(stack, { prefix: 'a/' }, { prefix: 'b/' }));
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(WARNING))).toEqual([]);
  });

  test('accepts a channel name from a parameter', () => {
    const stack = newStack();
    const name = new CfnParameter(stack, 'Channel').valueAsString;
    const role = new SageMakerTrainingRole(stack, 'Role', withInputs(stack, { prefix: 'a/', channelName: name }));
    expect(stack.resolve(role.renderTrainingJobFields().inputDataConfig[0].channelName)).toEqual({ Ref: 'Channel' });
  });
});
