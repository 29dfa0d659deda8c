import { fixture, runCli, runCliJson, tempFile } from '../util/cli';

/** The failure texts of SPEC.md "How it fails in the field", as real messages print them. */
const FIELD_TEXTS: { text: string; id: string; category: string; permission: boolean }[] = [
  {
    text: 'ClientError: Data download failed:Unable to download object s3://example-training-data/datasets/train/part-00017.csv (AccessDenied: Access Denied)',
    id: 'input-object-denied',
    category: 'role',
    permission: true,
  },
  {
    text: 'ClientError: Data download failed:failed to download data. 403 Forbidden (403): Forbidden',
    id: 'input-download-denied',
    category: 'role',
    permission: true,
  },
  {
    text: 'ClientError: Artifact upload failed:Error 7: AccessDenied (403): Access Denied',
    id: 'output-upload-denied',
    category: 'role',
    permission: true,
  },
  {
    text: 'ClientError: Data download failed:Please ensure that the subnet\'s route table has a route to an S3 VPC endpoint or a NAT device, and the security groups allow outbound connections to S3.',
    id: 's3-network-path',
    category: 'not a permission problem',
    permission: false,
  },
  {
    text: 'ClientError: SageMaker was unable to assume the role \'arn:aws:iam::111122223333:role/ChurnTrainingRole\'',
    id: 'trust-policy',
    category: 'trust policy',
    permission: true,
  },
  {
    text: 'Could not assume role arn:aws:iam::111122223333:role/ChurnTrainingRole. Please ensure that the role exists and allows principal \'sagemaker.amazonaws.com\' to assume the role.',
    id: 'trust-policy',
    category: 'trust policy',
    permission: true,
  },
  {
    text: 'ClientError: Access denied for repository: churn-training in registry ID: 111122223333. Please check if your ECR repository and image exist and role arn:aws:iam::111122223333:role/ChurnTrainingRole has proper pull permissions for SageMaker: ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer',
    id: 'ecr-role-pull',
    category: 'role',
    permission: true,
  },
  {
    text: 'ClientError: The repository of your image 444455556666.dkr.ecr.eu-west-1.amazonaws.com/shared-trainer:3.1 does not grant ecr:GetDownloadUrlForLayer, ecr:BatchGetImage, ecr:BatchCheckLayerAvailability permission to sagemaker.amazonaws.com service principal.',
    id: 'ecr-repository-policy',
    category: 'repository policy',
    permission: true,
  },
  {
    text: 'An error occurred (AccessDeniedException) when calling the CreateTrainingJob operation: User: arn:aws:sts::111122223333:assumed-role/DataScientist/jane is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111122223333:role/ChurnTrainingRole because no identity-based policy allows the iam:PassRole action',
    id: 'caller-pass-role',
    category: 'caller side',
    permission: true,
  },
  {
    text: 'An error occurred (AccessDeniedException) when calling the CreateTrainingJob operation: User: arn:aws:sts::111122223333:assumed-role/DataScientist/jane is not authorized to perform: sagemaker:AddTags on resource: arn:aws:sagemaker:eu-west-1:111122223333:training-job/churn-xgb-0042 because no identity-based policy allows the sagemaker:AddTags action',
    id: 'caller-add-tags',
    category: 'caller side',
    permission: true,
  },
  {
    text: 'RoleValidationError: IAM role \'arn:aws:iam::111122223333:role/ChurnTrainingRole\' cannot be used for \'training\' workloads. Missing permissions: cloudwatch:PutMetricData, ec2:CreateNetworkInterface, ec2:DeleteNetworkInterface',
    id: 'sdk-role-validation',
    category: 'caller side',
    permission: true,
  },
  {
    text: 'ClientError: Data download failed:For FastFile mode, partial S3 prefix is not supported. Please use a full S3 prefix.',
    id: 'fastfile-partial-prefix',
    category: 'not a permission problem',
    permission: false,
  },
  {
    text: 'AlgorithmError: communication between worker nodes and leader node is broken. Please check your security group configuration.',
    id: 'worker-communication',
    category: 'not a permission problem',
    permission: false,
  },
  {
    text: 'ClientError: Data download failed:illegal char sub-sequence \'//\' in path datasets//train/part-0.csv',
    id: 'double-slash-in-uri',
    category: 'not a permission problem',
    permission: false,
  },
  {
    text: 'AlgorithmError: Please use an instance type with more memory, or reduce the size of your training data. Out of Memory',
    id: 'out-of-memory',
    category: 'not a permission problem',
    permission: false,
  },
  {
    text: 'CapacityError: Unable to provision requested ML compute capacity. Please retry using a different ML instance type.',
    id: 'capacity-error',
    category: 'not a permission problem',
    permission: false,
  },
  {
    text: 'InternalServerError: We encountered an internal error. Please try again.',
    id: 'internal-server-error',
    category: 'not a permission problem',
    permission: false,
  },
];

/** The ways real messages vary: prefix, case, whitespace, quoting, pasted JSON. */
const VARIATIONS: [string, (t: string) => string][] = [
  ['as printed', (t) => t],
  ['without the ClientError: prefix', (t) => t.replace(/^ClientError:\s*/, '')],
  ['in lower case', (t) => t.toLowerCase()],
  ['with extra whitespace and line breaks', (t) => `  ${t.replace(/ /g, '  \n ')}  `],
  ['in double quotes', (t) => `"${t}"`],
  ['pasted as a JSON field', (t) => `"FailureReason": "${t.replace(/"/g, '\\"')}",`],
];

describe('diagnose: every failure text of the field, and its variations', () => {
  const rows = FIELD_TEXTS.flatMap((c) => VARIATIONS.map(([how, vary]) => ({ ...c, how, input: vary(c.text) })));
  test.each(rows)('$id ($how)', async ({ input, id, category, permission }) => {
    const { json, code } = await runCliJson(['diagnose', input]);
    expect(json.recognised).toBe(true);
    expect(json.diagnosis.id).toBe(id);
    expect(json.diagnosis.causes[0].category).toBe(category);
    expect(json.diagnosis.permissionProblem).toBe(permission);
    expect(code).toBe(1);
  });

  test.each([
    ['another bucket and a dotted name', 'ClientError: Data download failed:Unable to download object s3://my.data-2024/x/y.parquet (AccessDenied: Access Denied)', 'input-object-denied'],
    ['another account in the role ARN', 'ClientError: SageMaker was unable to assume the role \'arn:aws:iam::999988887777:role/path/to/Other.Role\'', 'trust-policy'],
    ['a namespaced repository', 'Access denied for repository: team/ml/trainer in registry ID: 999988887777. Please check ...', 'ecr-role-pull'],
    ['an explicit deny', 'User: arn:aws:iam::111122223333:user/ci is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111122223333:role/R with an explicit deny in a service control policy', 'caller-pass-role'],
    ['CreateTrainingJob itself', 'User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sagemaker:CreateTrainingJob on resource: arn:aws:sagemaker:us-east-1:111122223333:training-job/job-1', 'caller-sagemaker-action'],
  ])('recognises %s', async (_, text, id) => {
    const { json } = await runCliJson(['diagnose', text]);
    expect(json.diagnosis?.id).toBe(id);
  });
});

describe('diagnose: says plainly what is not a permission problem, and what it does not recognise', () => {
  test.each([
    ['a download failure that is not a denial', 'ClientError: Data download failed:Unable to download object s3://example-data/train/a.csv (NoSuchKey: The specified key does not exist.)', 'not found'],
    ['an error in the training script', 'AlgorithmError: ExecuteUserScriptError: ExitCode 1 ErrorMessage "ModuleNotFoundError: No module named \'xgboost\'"', 'algorithm error'],
    ['an upload failure that is not a denial', 'ClientError: Artifact upload failed:Insufficient disk space', 'disk space'],
  ])('%s is named as not a permission problem, with no policy change', async (_, text, label) => {
    const { json } = await runCliJson(['diagnose', text]);
    expect(json.diagnosis.permissionProblem).toBe(false);
    expect(json.diagnosis.verdict).toEqual({ side: 'not a permission problem', label });
    expect(json.diagnosis.causes.flatMap((c: any) => c.changes)).toEqual([]);
  });

  test('the text view says "Not recognised" and repeats the text', async () => {
    const r = await runCli(['diagnose', 'something went wrong']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Not recognised');
    expect(r.out).toContain('Text: something went wrong');
  });
});

/** The statements of `policy` output, by Sid. */
async function policyStatements(args: string[]): Promise<{ [sid: string]: any }> {
  const { json } = await runCliJson(['policy', ...args]);
  return Object.fromEntries(json.policies.flatMap((p: any) => p.document.Statement).map((s: any) => [s.Sid, s]));
}

function change(json: any, category: string, where: RegExp): any {
  const cause = json.diagnosis.causes.find((c: any) => c.category === category);
  return cause.changes.find((c: any) => where.test(c.where));
}

const ENV = ['--account', '111122223333', '--region', 'eu-west-1'];
const OBJECT_DENIED = 'ClientError: Data download failed:Unable to download object s3://example-training-data/datasets/train/2024/05/part-1.csv (AccessDenied: Access Denied)';

describe('diagnose: resources and fixes', () => {
  test('an input denial names the object and its ARN', async () => {
    const { json } = await runCliJson(['diagnose', OBJECT_DENIED]);
    expect(json.diagnosis.resources[0]).toEqual({
      kind: 'S3 object',
      name: 's3://example-training-data/datasets/train/2024/05/part-1.csv',
      arn: 'arn:aws:s3:::example-training-data/datasets/train/2024/05/part-1.csv',
    });
  });

  test('without a job, the role fix covers the object\'s folder and says so', async () => {
    const { json } = await runCliJson(['diagnose', OBJECT_DENIED]);
    const fix = change(json, 'role', /execution role/);
    expect(fix.statements[0].Resource).toBe('arn:aws:s3:::example-training-data/datasets/train/2024/05/*');
    expect(json.diagnosis.notes.join(' ')).toContain('"datasets/train/2024/05/" is the object\'s folder');
  });

  test('with the job, the role fix is the channel\'s own statements, as `policy` prints them', async () => {
    const { json } = await runCliJson(['diagnose', OBJECT_DENIED, '--job', fixture('describe-training-job-input-denied.json')]);
    const fix = change(json, 'role', /execution role/);
    const expected = await policyStatements([...ENV, '--input', 's3://example-training-data/datasets/train/', '--output', 's3://example-model-artifacts/models']);
    expect(fix.statements).toEqual([expected.TrainingDataRead, expected.TrainingDataList]);
  });

  test('the key fix uses the job\'s region for kms:ViaService and the role from the job in the key policy', async () => {
    const { json } = await runCliJson(['diagnose', OBJECT_DENIED, '--job', fixture('describe-training-job-input-denied.json')]);
    const keyPolicy = change(json, 'key policy', /key policy/).statements[0];
    expect(keyPolicy.Principal).toEqual({ AWS: 'arn:aws:iam::111122223333:role/service-role/ChurnTrainingRole' });
    expect(keyPolicy.Condition).toEqual({ StringEquals: { 'kms:ViaService': ['s3.eu-west-1.amazonaws.com'] } });
  });

  test('an input denial without a URI uses every input of the job', async () => {
    const { json } = await runCliJson(['diagnose', 'ClientError: Data download failed:failed to download data. 403 Forbidden (403): Forbidden',
      '--job', fixture('describe-training-job-input-denied.json')]);
    const fix = change(json, 'role', /execution role/);
    expect(fix.statements[0].Resource).toEqual(expect.arrayContaining([
      'arn:aws:s3:::example-training-data/datasets/train/*',
      'arn:aws:s3:::example-training-data/datasets/validation/*',
    ]));
  });

  test('an output denial gives the construct\'s write and key statements for the job\'s output', async () => {
    const { json } = await runCliJson(['diagnose', '--job', fixture('describe-training-job-input-denied.json'),
      'ClientError: Artifact upload failed:Error 7: AccessDenied (403): Access Denied']);
    const expected = await policyStatements([...ENV, '--output', 's3://example-model-artifacts/models',
      '--output-key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab']);
    expect(change(json, 'role', /execution role/).statements).toEqual([expected.ModelOutputWrite]);
    expect(change(json, 'key policy', /execution role/).statements).toEqual([expected.ModelOutputEncrypt]);
  });

  test('an ECR denial gives the construct\'s pull statements for the repository of the registry named', async () => {
    const { json } = await runCliJson(['diagnose', ...ENV, 'Access denied for repository: churn-training in registry ID: 111122223333. Please check ...']);
    const expected = await policyStatements([...ENV, '--output', 's3://example-models/m/', '--image', '111122223333.dkr.ecr.eu-west-1.amazonaws.com/churn-training:1']);
    expect(change(json, 'role', /execution role/).statements).toEqual([expected.ImagePull, expected.ImageRegistryAuth]);
    expect(json.diagnosis.resources[0].arn).toBe('arn:aws:ecr:eu-west-1:111122223333:repository/churn-training');
  });

  test('an ECR denial on another account\'s registry puts the repository policy first', async () => {
    const { json } = await runCliJson(['diagnose', '--job', fixture('describe-training-job-input-denied.json'),
      'Access denied for repository: shared/trainer in registry ID: 444455556666. Please check ...']);
    expect(json.diagnosis.causes.map((c: any) => c.category)).toEqual(['repository policy', 'role']);
    expect(json.diagnosis.causes[0].changes[0].where).toContain('shared/trainer in account 444455556666');
  });

  test('a repository policy denial names the repository and gives statements for SageMaker and the role', async () => {
    const { json } = await runCliJson(['diagnose', '--job', fixture('describe-training-job-input-denied.json'),
      'The repository of your image 444455556666.dkr.ecr.eu-west-1.amazonaws.com/shared-trainer:3.1 does not grant ecr:GetDownloadUrlForLayer permission to sagemaker.amazonaws.com service principal.']);
    expect(json.diagnosis.resources[1].arn).toBe('arn:aws:ecr:eu-west-1:444455556666:repository/shared-trainer');
    const statements = change(json, 'repository policy', /repository policy/).statements;
    expect(statements.map((s: any) => s.Principal)).toEqual([
      { Service: 'sagemaker.amazonaws.com' },
      { AWS: 'arn:aws:iam::111122223333:role/service-role/ChurnTrainingRole' },
    ]);
  });

  test('a trust failure gives the trust policy `policy` prints, for the role\'s account', async () => {
    const { json } = await runCliJson(['diagnose', '--region', 'eu-west-1', 'ClientError: SageMaker was unable to assume the role \'arn:aws:iam::111122223333:role/ChurnTrainingRole\'']);
    const { json: policy } = await runCliJson(['policy', ...ENV, '--output', 's3://example-models/m/']);
    expect(change(json, 'trust policy', /trust policy/).document).toEqual(policy.trustPolicy);
    expect(json.diagnosis.resources[0]).toEqual({ kind: 'role', name: 'ChurnTrainingRole', arn: 'arn:aws:iam::111122223333:role/ChurnTrainingRole' });
  });

  test('a PassRole denial names the caller and gives the caller PassRole to SageMaker only', async () => {
    const { json } = await runCliJson(['diagnose', FIELD_TEXTS.find((t) => t.id === 'caller-pass-role')!.text]);
    expect(json.diagnosis.resources[0]).toEqual({ kind: 'caller', name: 'arn:aws:sts::111122223333:assumed-role/DataScientist/jane', arn: 'arn:aws:sts::111122223333:assumed-role/DataScientist/jane' });
    expect(json.diagnosis.causes[0].changes[0].statements).toEqual([{
      Sid: 'PassTrainingRoleToSageMaker',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: 'arn:aws:iam::111122223333:role/ChurnTrainingRole',
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    }]);
  });

  test('an explicit deny is named as such, not fixed by an Allow alone', async () => {
    const { json } = await runCliJson(['diagnose',
      'User: arn:aws:iam::111122223333:user/ci is not authorized to perform: iam:PassRole on resource: arn:aws:iam::111122223333:role/R with an explicit deny in a service control policy']);
    expect(json.diagnosis.causes[0].explanation).toContain('An explicit Deny in a service control policy refuses iam:PassRole');
  });

  test('an AddTags denial gives AddTags on training jobs, at creation only', async () => {
    const { json } = await runCliJson(['diagnose', FIELD_TEXTS.find((t) => t.id === 'caller-add-tags')!.text]);
    expect(json.diagnosis.causes[0].changes[0].statements).toEqual([{
      Sid: 'TagTrainingJobsOnCreate',
      Effect: 'Allow',
      Action: 'sagemaker:AddTags',
      Resource: 'arn:aws:sagemaker:eu-west-1:111122223333:training-job/*',
      Condition: { StringEquals: { 'sagemaker:TaggingAction': 'CreateTrainingJob' } },
    }]);
  });

  test('the SDK pre-flight refusal lists exactly the missing actions for the opt-in statement', async () => {
    const { json } = await runCliJson(['diagnose', FIELD_TEXTS.find((t) => t.id === 'sdk-role-validation')!.text]);
    expect(json.diagnosis.causes[0].changes[0].statements[0].Action)
      .toEqual(['cloudwatch:PutMetricData', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface']);
    expect(json.diagnosis.causes[0].changes[0].where).toContain('opt-in');
  });

  test('the FastFile look-alike names the channel whose prefix is partial', async () => {
    const { json } = await runCliJson(['diagnose', '--job', fixture('create-training-job-request.json'), 'For FastFile mode, partial S3 prefix is not supported']);
    expect(json.diagnosis.resources).toEqual([{ kind: 'input InputDataConfig[0] (training)', name: 's3://example-vision-data/images/train' }]);
  });

  test('the "//" look-alike names the URI with an empty segment', async () => {
    const job = tempFile('job.json', {
      TrainingJobName: 'j',
      RoleArn: 'arn:aws:iam::111122223333:role/r',
      OutputDataConfig: { S3OutputPath: 's3://example-models/models//run-1' },
      FailureReason: 'ClientError: illegal char sub-sequence \'//\'',
    });
    const { json } = await runCliJson(['diagnose', '--job', job]);
    expect(json.diagnosis.resources).toEqual([{ kind: 'OutputDataConfig.S3OutputPath', name: 's3://example-models/models//run-1' }]);
  });

  test('the worker-communication look-alike names the job\'s security groups', async () => {
    const { json } = await runCliJson(['diagnose', '--job', fixture('describe-training-job-input-denied.json'),
      'communication between worker nodes and leader node is broken']);
    expect(json.diagnosis.resources).toEqual([{ kind: 'security group', name: 'sg-0123456789abcdef0' }]);
  });

  test('the role ARN in the text makes a registry of another account a repository policy problem', async () => {
    const { json } = await runCliJson(['diagnose', 'Access denied for repository: trainer in registry ID: 444455556666. '
      + 'Please check if your ECR repository and image exist and role arn:aws:iam::111122223333:role/ChurnTrainingRole has proper pull permissions']);
    expect(json.diagnosis.causes[0].category).toBe('repository policy');
    expect(json.diagnosis.causes[0].changes[0].statements[1].Principal).toEqual({ AWS: 'arn:aws:iam::111122223333:role/ChurnTrainingRole' });
  });

  test('values nobody gave are shown as placeholders and named in the notes', async () => {
    const { json } = await runCliJson(['diagnose', 'Access denied for repository: trainer in registry ID: 111122223333.']);
    expect(json.diagnosis.resources[0].arn).toBe('arn:aws:ecr:<region>:111122223333:repository/trainer');
    expect(json.notes.join('\n')).toContain('the region is unknown and shown as <region>: pass --region');
  });
});

describe('diagnose: job files and the command line', () => {
  test('--job reads the FailureReason', async () => {
    const { json } = await runCliJson(['diagnose', '--job', fixture('describe-training-job-input-denied.json')]);
    expect(json.text).toContain('Unable to download object s3://example-training-data/datasets/train/part-00017.csv');
    expect(json.diagnosis.id).toBe('input-object-denied');
  });

  test('a job without a FailureReason is nothing to diagnose, exit 0', async () => {
    const { json, code } = await runCliJson(['diagnose', '--job', fixture('describe-training-job-completed.json')]);
    expect(code).toBe(0);
    expect(json.recognised).toBe(false);
    expect(json.notes[0]).toContain('has no FailureReason (status Completed): nothing to diagnose');
  });

  test('the text view names the cause categories in order, with the fix', async () => {
    const r = await runCli(['diagnose', OBJECT_DENIED]);
    expect(r.out).toMatch(/^Recognised: The job may not read its training data from S3 \[input-object-denied\]/);
    expect(r.out).toMatch(/1\. role[\s\S]*2\. key policy[\s\S]*3\. bucket policy/);
    expect(r.out).toContain('"Sid": "TrainingDataRead"');
  });

  test('fails without a text or a job', async () => {
    const r = await runCli(['diagnose']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('give the failure text (quoted) or --job FILE');
  });

  test('fails on a missing job file, naming it', async () => {
    const r = await runCli(['diagnose', '--job', '/nonexistent/describe.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot read job file /nonexistent/describe.json: no such file');
  });

  test('--help lists what it recognises in words, not internal ids, and the exit codes', async () => {
    const r = await runCli(['diagnose', '--help']);
    expect(r.code).toBe(0);
    for (const id of new Set(FIELD_TEXTS.map((t) => t.id))) {
      expect(r.out).not.toContain(id);
    }
    for (const words of ['iam:PassRole', 'sagemaker:AddTags', 'trust policy', 'Access denied for repository', 'RoleValidationError',
      'Data download failed', 'Artifact upload failed', 'FastFile', 'Out of Memory', 'CapacityError', 'InternalServerError',
      'ResourceLimitExceeded', 'ThrottlingException', 'Cannot pull algorithm container', 'ExpiredToken', 'AlgorithmError']) {
      expect(r.out).toContain(words);
    }
    expect(r.out).toContain('Exit codes: 0 nothing found');
    expect(r.out).toContain('--role-policies');
  });

  test('the top-level help names both commands; no command is a usage error', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/policy[\s\S]*diagnose/);
    const none = await runCli([]);
    expect(none.code).toBe(2);
    const unknown = await runCli(['diagnoze']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "diagnoze"');
  });
});
