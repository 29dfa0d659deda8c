import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps, TrainingCode } from '../../src';
import { fixture, runCli, runCliJson, tempFile } from '../util/cli';
import { roleLogicalId, templateOf } from '../util/fixtures';
import { rolePolicies, TEST_ENV, trustPolicy } from '../util/resolve';

const { account, region } = TEST_ENV;
const keyArn = (id: string, r = region) => `arn:aws:kms:${r}:${account}:key/${id}`;
const DATA_KEY = keyArn('1234abcd-12ab-34cd-56ef-1234567890ab');
const OUTPUT_KEY = keyArn('2234abcd-12ab-34cd-56ef-1234567890ab');
const VOLUME_KEY = keyArn('3234abcd-12ab-34cd-56ef-1234567890ab');
const CHECKPOINT_KEY = keyArn('4234abcd-12ab-34cd-56ef-1234567890ab');
const IMAGE = `${account}.dkr.ecr.${region}.amazonaws.com/training-image:1.0`;
const DLC_IMAGE = `763104351884.dkr.ecr.${region}.amazonaws.com/pytorch-training@sha256:${'ab'.repeat(32)}`;
const ENV_FLAGS = ['--account', account, '--region', region];

/** The construct's resolved policies for props built in a stack pinned to an environment. */
function constructSide(build: (stack: Stack) => SageMakerTrainingRoleProps, env = { account, region }) {
  const stack = new Stack(new App(), 'Construct', { env });
  const role = new SageMakerTrainingRole(stack, 'TrainingRole', build(stack));
  const template = templateOf(stack);
  const id = roleLogicalId(stack, role);
  return { policies: rolePolicies(template, id), trust: trustPolicy(template, id) };
}

function expectSameRole(cli: { trustPolicy: any; policies: { name: string; document: any }[] }, construct: ReturnType<typeof constructSide>) {
  expect(cli.policies.length).toBeGreaterThan(0);
  expect(cli.policies.map((p) => p.name).sort()).toEqual(
    construct.policies.map((p) => /(Policy\d+)[0-9A-F]{8}$/.exec(p.name)![1]).sort());
  for (const p of cli.policies) {
    const same = construct.policies.find((c) => new RegExp(`TrainingRole${p.name}[0-9A-F]{8}$`).test(c.name))!;
    expect(p.document).toEqual(same.policy);
  }
  expect(cli.trustPolicy).toEqual(construct.trust);
}

describe('policy: one code path with the construct', () => {
  test('every input kind from flags gives the policies and trust policy the construct synthesizes', async () => {
    const cli = await runCliJson(['policy', ...ENV_FLAGS,
      '--input', 's3://example-training-data/datasets/train/', '--input', 's3://example-training-data/datasets/validation/',
      '--input', 's3://example-features/features/v3/', '--input-key', DATA_KEY,
      '--output', 's3://example-model-artifacts/models/', '--output-key', OUTPUT_KEY, '--volume-key', VOLUME_KEY,
      '--checkpoint', 's3://example-checkpoints/run-1/', '--checkpoint-key', CHECKPOINT_KEY,
      '--image', IMAGE, '--image', DLC_IMAGE,
      '--vpc', 'vpc-0123456789abcdef0', '--subnet', 'subnet-0aaaaaaaaaaaaaaa1', '--subnet', 'subnet-0bbbbbbbbbbbbbbb2',
      '--security-group', 'sg-0123456789abcdef0']);
    expect(cli.code).toBe(0);

    const construct = constructSide((stack) => {
      const key = (id: string, arn: string) => kms.Key.fromKeyArn(stack, id, arn);
      const dataKey = key('DataKey', DATA_KEY);
      const data = s3.Bucket.fromBucketName(stack, 'Data', 'example-training-data');
      return {
        inputBuckets: [
          { bucket: data, prefix: 'datasets/train/', encryptionKey: dataKey },
          { bucket: data, prefix: 'datasets/validation/', encryptionKey: dataKey },
          { bucket: s3.Bucket.fromBucketName(stack, 'Features', 'example-features'), prefix: 'features/v3/', encryptionKey: dataKey },
        ],
        outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-model-artifacts'), prefix: 'models/' },
        outputKmsKey: key('OutputKey', OUTPUT_KEY),
        volumeKmsKey: key('VolumeKey', VOLUME_KEY),
        checkpointBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Checkpoints', 'example-checkpoints'), prefix: 'run-1/', encryptionKey: key('CheckpointKey', CHECKPOINT_KEY) },
        ecrRepositories: [
          ecr.Repository.fromRepositoryArn(stack, 'Repo', `arn:aws:ecr:${region}:${account}:repository/training-image`),
          ecr.Repository.fromRepositoryArn(stack, 'Dlc', `arn:aws:ecr:${region}:763104351884:repository/pytorch-training`),
        ],
        vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
          vpcId: 'vpc-0123456789abcdef0',
          availabilityZones: [`${region}a`, `${region}b`],
          privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
        }),
        securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0')],
      };
    });
    expectSameRole(cli.json, construct);
  });

  test('many inputs split over several policies exactly as the construct splits them', async () => {
    const uris = Array.from({ length: 60 }, (_, i) =>
      `s3://example-bucket-${i % 4}/datasets/${'long-directory-name/'.repeat(3)}partition-${String(i).padStart(3, '0')}/`);
    const cli = await runCliJson(['policy', ...ENV_FLAGS, ...uris.flatMap((u) => ['--input', u]), '--output', 's3://example-models/out/']);
    expect(cli.code).toBe(0);
    expect(cli.json.policies.length).toBeGreaterThan(1);

    const construct = constructSide((stack) => {
      const buckets = [0, 1, 2, 3].map((i) => s3.Bucket.fromBucketName(stack, `B${i}`, `example-bucket-${i}`));
      return {
        inputBuckets: uris.map((u, i) => ({ bucket: buckets[i % 4], prefix: u.replace(/^s3:\/\/[^/]+\//, '') })),
        outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Out', 'example-models'), prefix: 'out/' },
      };
    });
    expectSameRole(cli.json, construct);
  });

  test('a describe-training-job file gives the policies the construct synthesizes for the same job', async () => {
    const cli = await runCliJson(['policy', '--from-job', fixture('describe-training-job-input-denied.json'), '--vpc', 'vpc-0123456789abcdef0']);
    expect(cli.code).toBe(0);
    const env = { account: '111122223333', region: 'eu-west-1' };
    const construct = constructSide((stack) => {
      const data = s3.Bucket.fromBucketName(stack, 'Data', 'example-training-data');
      const models = s3.Bucket.fromBucketName(stack, 'Models', 'example-model-artifacts');
      return {
        inputBuckets: [
          { bucket: data, prefix: 'datasets/train/' },
          { bucket: data, prefix: 'datasets/validation/' },
        ],
        // sagemaker_submit_directory in the SDK's layout <code_location>/<job name>/source/sourcedir.tar.gz.
        trainingCode: TrainingCode.fromSdkEstimator({ codeLocation: { bucket: models, prefix: 'code/' } }),
        outputBucket: { bucket: models, prefix: 'models/' },
        outputKmsKey: kms.Key.fromKeyArn(stack, 'Out', keyArn('1234abcd-12ab-34cd-56ef-1234567890ab', 'eu-west-1')),
        volumeKmsKey: kms.Key.fromKeyArn(stack, 'Vol', keyArn('0987dcba-09fe-87dc-65ba-ab0987654321', 'eu-west-1')),
        checkpointBucket: { bucket: models, prefix: 'checkpoints/churn-xgb/' },
        ecrRepositories: [ecr.Repository.fromRepositoryArn(stack, 'Repo', 'arn:aws:ecr:eu-west-1:111122223333:repository/churn-training')],
        vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
          vpcId: 'vpc-0123456789abcdef0',
          availabilityZones: ['eu-west-1a'],
          privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
        }),
        securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0')],
      };
    }, env);
    expectSameRole(cli.json, construct);
  });
});

/** The statements of the printed policies, by Sid. */
function statements(json: any): { [sid: string]: any } {
  return Object.fromEntries(json.policies.flatMap((p: any) => p.document.Statement).map((s: any) => [s.Sid, s]));
}

describe('policy: reading flags', () => {
  test('an output path without a trailing slash is the folder below it', async () => {
    const { json } = await runCliJson(['policy', ...ENV_FLAGS, '--output', 's3://example-models/models']);
    expect(statements(json).ModelOutputWrite.Resource).toBe('arn:aws:s3:::example-models/models/*');
  });

  test('an input prefix is matched literally, as SageMaker\'s S3Prefix is', async () => {
    const { json } = await runCliJson(['policy', ...ENV_FLAGS, '--input', 's3://example-data/datasets/train', '--output', 's3://example-models/m/']);
    expect(statements(json).TrainingDataRead.Resource).toBe('arn:aws:s3:::example-data/datasets/train*');
  });

  test.each([
    ['a tag', `${account}.dkr.ecr.${region}.amazonaws.com/team/trainer:2024-05`, `arn:aws:ecr:${region}:${account}:repository/team/trainer`],
    ['a digest', `${account}.dkr.ecr.${region}.amazonaws.com/trainer@sha256:${'0f'.repeat(32)}`, `arn:aws:ecr:${region}:${account}:repository/trainer`],
    ['no tag', `${account}.dkr.ecr.${region}.amazonaws.com/trainer`, `arn:aws:ecr:${region}:${account}:repository/trainer`],
    ['a FIPS endpoint', `${account}.dkr.ecr-fips.us-east-2.amazonaws.com/trainer:1`, `arn:aws:ecr:us-east-2:${account}:repository/trainer`],
  ])('the repository ARN of an image with %s', async (_, image, arn) => {
    // The role's region is the image's: SageMaker pulls training images from its own region only.
    const imageRegion = arn.split(':')[3];
    const { json } = await runCliJson(['policy', '--account', account, '--region', imageRegion, '--output', 's3://example-models/m/', '--image', image]);
    expect(statements(json).ImagePull.Resource).toBe(arn);
  });

  test('a China region gives the aws-cn partition everywhere', async () => {
    const { json } = await runCliJson(['policy', '--account', account, '--region', 'cn-north-1', '--output', 's3://example-models/m/',
      '--image', `${account}.dkr.ecr.cn-north-1.amazonaws.com.cn/trainer:1`]);
    expect(statements(json).ImagePull.Resource).toBe(`arn:aws-cn:ecr:cn-north-1:${account}:repository/trainer`);
    expect(statements(json).ModelOutputWrite.Resource).toBe('arn:aws-cn:s3:::example-models/m/*');
    expect(JSON.stringify(json)).not.toContain('arn:aws:');
  });

  test('one --input-key applies to every input', async () => {
    const { json } = await runCliJson(['policy', ...ENV_FLAGS, '--input', 's3://example-a/x/', '--input', 's3://example-b/y/',
      '--input-key', DATA_KEY, '--output', 's3://example-models/m/']);
    expect(statements(json).TrainingDataDecrypt.Resource).toBe(DATA_KEY);
  });

  test('--input-key pairs with the inputs in order when there is one per input', async () => {
    const { json } = await runCliJson(['policy', ...ENV_FLAGS, '--input', 's3://example-a/x/', '--input', 's3://example-b/y/',
      '--input-key', DATA_KEY, '--input-key', OUTPUT_KEY, '--output', 's3://example-models/m/']);
    expect(statements(json).TrainingDataDecrypt.Resource).toEqual([DATA_KEY, OUTPUT_KEY]);
  });

  test('fails when the number of input keys matches neither one nor the inputs', async () => {
    const r = await runCli(['policy', ...ENV_FLAGS, '--input', 's3://example-a/x/', '--input', 's3://example-b/y/', '--input', 's3://example-c/z/',
      '--input-key', DATA_KEY, '--input-key', OUTPUT_KEY, '--output', 's3://example-models/m/']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--input-key: give one key for every input, or one per input in order; got 2 keys for 3 inputs');
  });

  test('a key id becomes the key ARN of the job\'s account and region', async () => {
    const { json } = await runCliJson(['policy', ...ENV_FLAGS, '--output', 's3://example-models/m/', '--volume-key', '3234abcd-12ab-34cd-56ef-1234567890ab']);
    expect(statements(json).VolumeKeyGrant.Resource).toBe(VOLUME_KEY);
  });

  test('fails on a key alias, and says how to find the key ARN', async () => {
    const r = await runCli(['policy', ...ENV_FLAGS, '--output', 's3://example-models/m/', '--output-key', 'alias/models']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--output-key: "alias/models" is a key alias');
    expect(r.err).toContain('aws kms describe-key --key-id alias/models');
  });

  test('fails without --output, naming the API field', async () => {
    const r = await runCli(['policy', ...ENV_FLAGS, '--input', 's3://example-a/x/']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--output is required');
    expect(r.err).toContain('OutputDataConfig.S3OutputPath');
  });

  test('fails without an account when nothing gives one', async () => {
    const r = await runCli(['policy', '--region', region, '--output', 's3://example-models/m/']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('give --account');
  });

  test('fails on an S3 location that is not an s3:// URI', async () => {
    const r = await runCli(['policy', ...ENV_FLAGS, '--output', 'https://example-models.s3.amazonaws.com/m/']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--output: expected an S3 URI like s3://bucket/prefix/');
  });

  test('passes on the construct\'s refusal of a wildcard in a prefix', async () => {
    const r = await runCli(['policy', ...ENV_FLAGS, '--input', 's3://example-data/datasets/*/train/', '--output', 's3://example-models/m/']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('inputBuckets[0].prefix');
    expect(r.err).toContain('"datasets/*/train/"');
  });

  test('--max-managed-policies reaches the construct: the role uses at most that many policies', async () => {
    const uris = Array.from({ length: 12 }, (_, i) => `s3://example-bucket-${i}/datasets/${i}/`);
    const { json } = await runCliJson(['policy', ...ENV_FLAGS, ...uris.flatMap((u) => ['--input', u]), '--output', 's3://example-models/m/', '--max-managed-policies', '2']);
    expect(json.policies.length).toBeLessThanOrEqual(2);
  });

  test('fails on --max-managed-policies outside 1 to 20', async () => {
    const r = await runCli(['policy', ...ENV_FLAGS, '--output', 's3://example-models/m/', '--max-managed-policies', '21']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--max-managed-policies: expected a whole number from 1 to 20, got "21"');
  });

  test('fails on an unknown option, naming it', async () => {
    const r = await runCli(['policy', '--outptu', 's3://example-models/m/']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown option --outptu');
  });

  test('fails on an unknown format', async () => {
    const r = await runCli(['policy', ...ENV_FLAGS, '--output', 's3://example-models/m/', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--format must be one of json, table');
  });

  test('fails on VPC subnets without their VPC', async () => {
    const r = await runCli(['policy', ...ENV_FLAGS, '--output', 's3://example-models/m/', '--subnet', 'subnet-0aaaaaaaaaaaaaaa1', '--security-group', 'sg-0123456789abcdef0']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('give --vpc');
  });
});

describe('policy: reading a job file', () => {
  test('the account and region come from RoleArn and TrainingJobArn', async () => {
    const { json } = await runCliJson(['policy', '--from-job', fixture('describe-training-job-completed.json')]);
    expect(json.trustPolicy.Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '111122223333' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:eu-west-1:111122223333:*' },
    });
  });

  test('an empty OutputDataConfig.KmsKeyId means no output key', async () => {
    const { json } = await runCliJson(['policy', '--from-job', fixture('describe-training-job-completed.json')]);
    expect(statements(json).ModelOutputEncrypt).toBeUndefined();
  });

  test('the region of a CreateTrainingJob request comes from its image', async () => {
    const { json, code } = await runCliJson(['policy', '--from-job', fixture('create-training-job-request.json')]);
    expect(code).toBe(0);
    expect(statements(json).ImagePull.Resource).toBe('arn:aws:ecr:us-east-1:763104351884:repository/pytorch-training');
    expect(statements(json).LogGroupAccess.Resource[0]).toBe('arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/TrainingJobs');
  });

  test('the script-mode source code is read in the SDK\'s layout, for every job, and never written', async () => {
    const { json } = await runCliJson(['policy', '--from-job', fixture('describe-training-job-input-denied.json'), '--vpc', 'vpc-0123456789abcdef0']);
    const code = 'arn:aws:s3:::example-model-artifacts/code/*/source/sourcedir.tar.gz';
    expect(statements(json).SourceCodeRead.Resource).toBe(code);
    expect(statements(json).SourceCodeWriteDeny).toEqual({ Sid: 'SourceCodeWriteDeny', Effect: 'Deny', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: code });
    const reads = json.policies.flatMap((p: any) => p.document.Statement).filter((s: any) => s.Sid.startsWith('TrainingDataRead'))
      .flatMap((s: any) => [s.Resource].flat());
    expect(reads.filter((r: string) => r.includes('sourcedir'))).toEqual([]);
  });

  test('flags override the job\'s values', async () => {
    const { json } = await runCliJson(['policy', '--from-job', fixture('describe-training-job-completed.json'), '--output', 's3://example-other/out/']);
    expect(statements(json).ModelOutputWrite.Resource).toBe('arn:aws:s3:::example-other/out/*');
  });

  test('fails on a job in a VPC without --vpc, and says how to find it', async () => {
    const r = await runCli(['policy', '--from-job', fixture('describe-training-job-input-denied.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('give --vpc: the job\'s VpcConfig names subnets subnet-0aaaaaaaaaaaaaaa1, subnet-0bbbbbbbbbbbbbbb2 but not their VPC');
    expect(r.err).toContain('aws ec2 describe-subnets --subnet-ids subnet-0aaaaaaaaaaaaaaa1');
  });

  test('notes what the role does not cover on stderr, keeping stdout JSON', async () => {
    const job = tempFile('job.json', {
      TrainingJobName: 'manifest-job',
      RoleArn: `arn:aws:iam::${account}:role/r`,
      TrainingJobArn: `arn:aws:sagemaker:${region}:${account}:training-job/manifest-job`,
      InputDataConfig: [
        { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'ManifestFile', S3Uri: 's3://example-data/manifests/train.manifest' } } },
        { ChannelName: 'fsx', DataSource: { FileSystemDataSource: { FileSystemId: 'fs-0123456789abcdef0', FileSystemType: 'FSxLustre', FileSystemAccessMode: 'ro', DirectoryPath: '/fsx/data' } } },
      ],
      OutputDataConfig: { S3OutputPath: 's3://example-models/out' },
      ProfilerConfig: { S3OutputPath: 's3://example-models/profiler' },
    });
    const r = await runCli(['policy', '--from-job', job]);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.out)).not.toThrow();
    expect(r.err).toContain('InputDataConfig[0] (train) reads a ManifestFile');
    expect(r.err).toContain('InputDataConfig[1] (fsx) reads from a file system');
    // The profiler writes outside the output path: granted, not noted.
    expect(r.err).not.toContain('ProfilerConfig');
    expect(statements(JSON.parse(r.out)).ProfilerWrite.Resource).toBe('arn:aws:s3:::example-models/profiler/*');
  });

  test('fails on a missing job file, naming it', async () => {
    const r = await runCli(['policy', '--from-job', '/nonexistent/job.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot read job file /nonexistent/job.json: no such file');
  });

  test('fails on a job file that is not JSON, naming it', async () => {
    const r = await runCli(['policy', '--from-job', fixture('truncated.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/job file .*truncated\.json is not valid JSON/);
  });

  test('fails on JSON that is not a training job', async () => {
    const r = await runCli(['policy', '--from-job', fixture('get-role-churn.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('does not look like a CreateTrainingJob request or describe-training-job output');
  });

  test('fails on a field of the wrong type, naming the field', async () => {
    const job = tempFile('job.json', { TrainingJobName: 'x', OutputDataConfig: { S3OutputPath: ['s3://example-models/out'] } });
    const r = await runCli(['policy', '--from-job', job, ...ENV_FLAGS]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('OutputDataConfig.S3OutputPath must be a string');
  });
});

describe('policy: output', () => {
  test('every printed policy is within the 6,144-character quota', async () => {
    const uris = Array.from({ length: 80 }, (_, i) => `s3://example-bucket-${i % 7}/a/${'segment/'.repeat(8)}${i}/`);
    const { json } = await runCliJson(['policy', ...ENV_FLAGS, ...uris.flatMap((u) => ['--input', u]), '--output', 's3://example-models/out/']);
    for (const p of json.policies) {
      expect(JSON.stringify(p.document).length).toBeLessThanOrEqual(6144);
    }
  });

  test('the JSON has exactly a trust policy and named policy documents', async () => {
    const { json } = await runCliJson(['policy', ...ENV_FLAGS, '--output', 's3://example-models/m/']);
    expect(Object.keys(json).sort()).toEqual(['policies', 'trustPolicy']);
    expect(json.policies.map((p: any) => p.name)).toEqual(['Policy1']);
    expect(json.trustPolicy.Version).toBe('2012-10-17');
  });

  test('the table shows each statement\'s Sid, why, actions, resources and conditions, and each policy\'s size, as review does', async () => {
    const r = await runCli(['policy', ...ENV_FLAGS, '--input', 's3://example-data/train/', '--output', 's3://example-models/m/', '--format', 'table']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^trust policy: 1 statement, \d+ characters\n/);
    expect(r.out).toMatch(/\nmanaged policy Policy1: 6 statements, [\d,]+ of 6,144 characters\n/);
    expect(r.out).toContain([
      '  Sid TrainingDataList',
      '    why        SageMaker lists each input channel, narrowed to its prefixes.',
      '    actions    s3:ListBucket',
      '    resources  arn:aws:s3:::example-data',
      '    conditions StringLike s3:prefix = train/*',
    ].join('\n'));
    expect(r.out).toMatch(/ArnLike aws:SourceArn =\s+arn:aws:sagemaker:us-east-1:111122223333:\*/);
    // The same renderer as review: wrapped to 80 columns.
    expect(r.out.split('\n').filter((l) => l.length > 80)).toEqual([]);
  });

  test('--help names every option', async () => {
    const r = await runCli(['policy', '--help']);
    expect(r.code).toBe(0);
    for (const option of ['--from-job', '--input', '--input-key', '--output', '--output-key', '--checkpoint', '--checkpoint-key',
      '--volume-key', '--image', '--vpc', '--subnet', '--security-group', '--account', '--region', '--partition', '--format', '--json']) {
      expect(r.out).toContain(option);
    }
    expect(r.out).toContain('Exit codes');
  });
});
