/**
 * `policy --from-job` on each launcher fixture (the request the SageMaker Python SDK sends, copied
 * from its own unit tests) prints a role under which every request that job makes is allowed, and
 * every near miss denied. The requests are written out here from the fixture's fields,
 * independently of the command's own request list.
 */
import { runCli, runCliJson } from '../util/cli';
import { hyperparameter, launcherFile, LauncherName, launcherRequest, parseS3, S3Location } from '../util/launchers';
import { SimRequest } from '../util/requests';
import { evaluateRequest, Verdict } from '../util/simulate';

/** A row: the request, and what IAM must answer (`Denied`: implicitly or explicitly). */
interface Case {
  readonly name: string;
  readonly request: SimRequest;
  readonly expected: Verdict | 'Denied';
}

const ACCOUNT = '111122223333';
const REGION = 'us-west-2';
const OTHER_BUCKET = 'example-unrelated-bucket';
const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];

const s3 = (bucket: string, key?: string) => `arn:aws:s3:::${bucket}${key === undefined ? '' : `/${key}`}`;
const folder = (key: string) => (key === '' || key.endsWith('/') ? key : `${key}/`);
/** An object of a channel: `name` in a folder, else the object the URI names. */
const objectOf = (l: S3Location, name: string) => (l.key === '' || l.key.endsWith('/') ? `${l.key}${name}` : l.key);

const allow = (why: string, request: SimRequest): Case => ({ name: `allows ${why}`, request, expected: 'Allowed' });
const deny = (why: string, request: SimRequest): Case => ({ name: `denies ${why}`, request, expected: 'ImplicitlyDenied' });
const denyAnyway = (why: string, request: SimRequest): Case => ({ name: `denies ${why}`, request, expected: 'Denied' });
const denyExplicitly = (why: string, request: SimRequest): Case => ({ name: `denies ${why} (explicit deny)`, request, expected: 'ExplicitlyDenied' });

/** Every request the job of `request` makes (allowed), and the near misses (denied). */
function casesOf(request: any, jobName: string): Case[] {
  const cases: Case[] = [];
  const output = parseS3(request.OutputDataConfig.S3OutputPath);
  const out = { bucket: output.bucket, key: folder(output.key) };
  const written = new Set([out.bucket]);
  const artifacts = `${out.key}${jobName}/output/model.tar.gz`;
  cases.push(allow('uploading the model artifacts', { action: 's3:PutObject', resource: s3(out.bucket, artifacts) }));
  cases.push(deny('reading the model artifacts back', { action: 's3:GetObject', resource: s3(out.bucket, artifacts) }));
  cases.push(deny('deleting the model artifacts', { action: 's3:DeleteObject', resource: s3(out.bucket, artifacts) }));
  cases.push(deny('reading another job\'s output', { action: 's3:GetObject', resource: s3(out.bucket, `${out.key}another-job/output/model.tar.gz`) }));

  for (const [field, folderName] of [['DebugHookConfig', 'debug-output'], ['ProfilerConfig', 'profiler-output'], ['TensorBoardOutputConfig', 'tensorboard-output']]) {
    const path = request[field]?.S3OutputPath;
    if (path && request[field].DisableProfiler !== true) {
      const l = parseS3(path);
      cases.push(allow(`${field} writing under its S3OutputPath`, { action: 's3:PutObject', resource: s3(l.bucket, `${folder(l.key)}${jobName}/${folderName}/events.json`) }));
      written.add(l.bucket);
    }
  }

  const checkpoint = request.CheckpointConfig?.S3Uri ? parseS3(request.CheckpointConfig.S3Uri) : undefined;
  if (checkpoint) {
    const object = `${folder(checkpoint.key)}checkpoint-1.pt`;
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      cases.push(allow(`syncing checkpoints (${action})`, { action, resource: s3(checkpoint.bucket, object) }));
    }
    written.add(checkpoint.bucket);
  }

  const modelDirUri = hyperparameter(request, 'model_dir');
  if (modelDirUri?.startsWith('s3://')) {
    const dir = parseS3(modelDirUri);
    cases.push(allow('the TensorFlow container asking for the model_dir bucket\'s region', { action: 's3:GetBucketLocation', resource: s3(dir.bucket) }));
    cases.push(allow('TensorFlow listing its model_dir', { action: 's3:ListBucket', resource: s3(dir.bucket), context: { 's3:prefix': `${folder(dir.key)}` } }));
    for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
      cases.push(allow(`TensorFlow saving a checkpoint in model_dir (${action})`, { action, resource: s3(dir.bucket, `${folder(dir.key)}model.ckpt-100.index`) }));
    }
    written.add(dir.bucket);
  }

  const code: S3Location[] = [];
  const submitDir = hyperparameter(request, 'sagemaker_submit_directory');
  if (submitDir?.startsWith('s3://')) {
    const l = parseS3(submitDir);
    code.push(l);
    cases.push(allow('the container downloading sourcedir.tar.gz', { action: 's3:GetObject', resource: s3(l.bucket, l.key) }));
  }
  for (const channel of request.InputDataConfig ?? []) {
    const uri = channel.DataSource?.S3DataSource?.S3Uri;
    if (!uri) {
      continue;
    }
    const l = parseS3(uri);
    const isCode = ['code', 'sm_drivers'].includes(channel.ChannelName);
    const object = isCode ? `${l.key}/${channel.ChannelName === 'code' ? 'train.py' : 'sm_train.sh'}` : objectOf(l, 'part-00000');
    cases.push(allow(`SageMaker listing channel ${channel.ChannelName}`, { action: 's3:ListBucket', resource: s3(l.bucket), context: { 's3:prefix': l.key } }));
    cases.push(allow(`SageMaker downloading channel ${channel.ChannelName}`, { action: 's3:GetObject', resource: s3(l.bucket, object) }));
    if (isCode) {
      code.push({ bucket: l.bucket, key: object });
    } else {
      // A ModelTrainer input staged next to the code is also under the code's explicit deny.
      cases.push(denyAnyway(`deleting from channel ${channel.ChannelName}`, { action: 's3:DeleteObject', resource: s3(l.bucket, object) }));
      if (!(l.bucket === out.bucket && l.key.startsWith(out.key))) {
        cases.push(deny(`writing to channel ${channel.ChannelName}`, { action: 's3:PutObject', resource: s3(l.bucket, object) }));
      }
    }
  }
  for (const l of code) {
    const write = written.has(l.bucket) ? denyExplicitly : deny;
    cases.push(write(`the job replacing its code ${l.key}`, { action: 's3:PutObject', resource: s3(l.bucket, l.key) }));
    cases.push(write(`the job deleting its code ${l.key}`, { action: 's3:DeleteObject', resource: s3(l.bucket, l.key) }));
    cases.push(deny(`reading code of the same name in another bucket (${l.key})`, { action: 's3:GetObject', resource: s3(OTHER_BUCKET, l.key) }));
  }

  const image: string | undefined = request.AlgorithmSpecification?.TrainingImage;
  const ecr = image ? /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)/.exec(image) : null;
  if (ecr) {
    const repository = `arn:aws:ecr:${ecr[2]}:${ecr[1]}:repository/${ecr[3]}`;
    // The image is in another account: its repository policy must admit the pull too (AWS's
    // repositories admit every account to pull); only the role's own policy is under test.
    const resourcePolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: PULL_ACTIONS, Resource: '*' }],
    };
    for (const action of PULL_ACTIONS) {
      cases.push(allow(`pulling the training image (${action})`, { action, resource: repository, resourceAccount: ecr[1], resourcePolicy }));
    }
    cases.push(deny('pushing to the image repository', { action: 'ecr:PutImage', resource: repository, resourceAccount: ecr[1], resourcePolicy }));
  }
  return cases;
}

const LAUNCHERS: { launcher: string; fixture: LauncherName; flags: string[]; jobName?: string }[] = [
  { launcher: 'SDK v2 TensorFlow script mode', fixture: 'sdk-v2-tensorflow-script-mode', flags: ['--account', ACCOUNT, '--region', REGION] },
  { launcher: 'SDK v2 PyTorch', fixture: 'sdk-v2-pytorch', flags: ['--account', ACCOUNT, '--region', REGION] },
  { launcher: 'SDK v2 JumpStart', fixture: 'sdk-v2-jumpstart', flags: [] },
  {
    launcher: 'SDK v3 ModelTrainer',
    fixture: 'sdk-v3-model-trainer',
    // The SDK test's VolumeKmsKeyId is the placeholder "key-id", and its subnet and security group
    // ids have 12 hex digits (AWS ids have 8 or 17): flags replace them. VpcConfig names no VPC.
    flags: [
      '--volume-key', 'arn:aws:kms:us-west-2:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      '--vpc', 'vpc-0123456789abcdef0', '--subnet', 'subnet-0aaaaaaaaaaaaaaa1', '--security-group', 'sg-0123456789abcdef0',
    ],
  },
  { launcher: 'SDK v3 ModelTrainer staging under the output path', fixture: 'sdk-v3-model-trainer-output-path-staging', flags: [] },
  // A training job of the tuning job, named as SageMaker names them (<tuning job>-<3 digits>-<8 hex>).
  { launcher: 'SDK v2 tuner', fixture: 'sdk-v2-tuner', flags: ['--region', REGION], jobName: 'dummy-tuning-1-001-0123abcd' },
];

describe.each(LAUNCHERS)('policy --from-job on the $launcher fixture', ({ fixture, flags, jobName }) => {
  const request = launcherRequest(fixture);
  const name = jobName ?? request.TrainingJobName;
  const cases = casesOf(request.TrainingJobDefinition ?? request, name);
  let policies: { name: string; policy: any }[] = [];

  beforeAll(async () => {
    const { code, json, err } = await runCliJson(['policy', '--from-job', launcherFile(fixture), ...flags]);
    expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
    policies = json.policies.map((p: any) => ({ name: p.name, policy: p.document }));
  }, 60_000);

  test('prints no note that a path of the request is not covered', async () => {
    const { err } = await runCliJson(['policy', '--from-job', launcherFile(fixture), ...flags]);
    expect(err).not.toMatch(/has no flag for it yet|must be granted separately/);
  }, 60_000);

  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const verdict = await evaluateRequest(policies, c.request, { defaultKeyPolicy: true });
    if (c.expected === 'Denied') {
      expect(['ImplicitlyDenied', 'ExplicitlyDenied']).toContain(verdict);
    } else {
      expect(verdict).toBe(c.expected);
    }
  });
});

describe('the launcher flags refuse what the role cannot grant, naming the flag and the value', () => {
  const base = ['policy', '--account', ACCOUNT, '--region', REGION, '--output', 's3://mybucket/out/'];
  test.each([
    ['--model-dir', 'https://mybucket.s3.amazonaws.com/model', /^error: --model-dir: expected an S3 URI like s3:\/\/bucket\/prefix\/, got "https:\/\/mybucket\.s3\.amazonaws\.com\/model"/],
    ['--model-dir', 's3://mybucket/models/*/model', /^error: --model-dir: a key prefix is matched literally .* Got: "s3:\/\/mybucket\/models\/\*\/model"/],
    ['--code', 's3://mybucket/code*', /^error: --code: a key prefix is matched literally .* Got: "s3:\/\/mybucket\/code\*"/],
    ['--tensorboard', 'http://mybucket/tb', /^error: --tensorboard: expected an S3 URI/],
    ['--debug-hook', 's3://mybucket/debug?/', /^error: --debug-hook: a key prefix is matched literally/],
  ])('%s %s', async (flag, value, message) => {
    const { code, err } = await runCli([...base, flag, value]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
