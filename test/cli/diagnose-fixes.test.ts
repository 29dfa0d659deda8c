/**
 * The fixes `diagnose` offers work: they name roles as `--role-name` takes them, never offer an
 * Allow against an explicit Deny, leave AWS's own resources' policies alone, put the key policy
 * first for a key that refuses, and never bypass grantLaunch's guardrails.
 */
import * as fs from 'fs';
import { fixture, runCli, runCliJson } from '../util/cli';

interface Entry {
  readonly id: string;
  readonly text: string;
  readonly args?: string[];
  readonly expect: { readonly deny?: string; readonly awsOwned?: boolean; readonly side: string };
}

const corpus = JSON.parse(fs.readFileSync(fixture('diagnose-corpus.json'), 'utf8')) as { real: Entry[]; synthetic: Entry[] };
const all = [...corpus.real, ...corpus.synthetic];
const entry = (id: string) => all.find((e) => e.id === id)!;

async function diagnose(e: Entry, ...extra: string[]) {
  return runCliJson(['diagnose', ...(e.args ?? []), ...extra, e.text]);
}

function statements(diagnosis: any): any[] {
  return diagnosis.causes.flatMap((c: any) => c.changes.flatMap((ch: any) => ch.statements ?? ch.document?.Statement ?? []));
}

describe('diagnose: fixes that work', () => {
  test.each(all.map((e) => [e.id, e] as const))('%s: no ARN is passed to --role-name', async (_, e) => {
    const { out } = await runCli(['diagnose', ...(e.args ?? []), e.text]);
    expect(out).not.toMatch(/--role-name\s+arn:/);
  });

  test.each(all.filter((e) => e.expect.deny === 'explicit').map((e) => [e.id, e] as const))(
    '%s: an explicit Deny is fixed by narrowing it, never by an Allow', async (_, e) => {
      const { json } = await diagnose(e);
      expect(json.diagnosis.verdict.deny).toBe('explicit');
      expect(statements(json.diagnosis)).toEqual([]);
      expect(json.diagnosis.causes[0].fix).toMatch(/narrow/i);
    });

  test.each(all.filter((e) => e.expect.side === 'image or model URI').map((e) => [e.id, e] as const))(
    '%s: a resource AWS owns is fixed in the URI or region, not in its policy', async (_, e) => {
      const { json } = await diagnose(e);
      const policyChanges = json.diagnosis.causes.filter((c: any) => /repository policy|bucket policy/.test(c.category) && c.changes.length > 0);
      expect(policyChanges).toEqual([]);
      expect(json.diagnosis.causes[0].fix).toMatch(/URI|region/);
    });

  test('a redacted role ARN keeps its role name for the commands', async () => {
    const { json } = await diagnose(entry('unable-to-assume-role-missing-service-role-path'));
    const fixes = json.diagnosis.causes.map((c: any) => c.fix).join('\n');
    expect(fixes).toContain('aws iam get-role --role-name AmazonSageMaker-ExecutionRole-20180114T073202 ');
    expect(fixes).toContain('aws iam update-assume-role-policy --role-name AmazonSageMaker-ExecutionRole-20180114T073202 ');
  });

  test('a console role ARN without service-role/ is named as a wrong RoleArn first', async () => {
    const { json } = await diagnose(entry('unable-to-assume-role-missing-service-role-path'));
    expect(json.diagnosis.causes.map((c: any) => c.category)).toEqual(['caller side', 'trust policy']);
    expect(json.diagnosis.causes[0].explanation).toContain('without the path service-role/');
  });

  test('a key that refuses: the key policy statement comes first, with the text\'s key, role and account', async () => {
    const { json } = await diagnose(entry('kms-decrypt-key-policy-in-job'));
    const [keyPolicy, role] = json.diagnosis.causes[0].changes;
    expect(keyPolicy.where).toBe('the key policy of arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(keyPolicy.statements).toEqual([{
      Sid: 'AllowRoleToUseKey',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:role/ChurnTrainingRole' },
      Action: 'kms:Decrypt',
      Resource: '*',
    }]);
    expect(role.where).toContain('the key is in another account');
    expect(role.statements[0].Resource).toBe('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  });

  test('a key refused through S3 keeps kms:ViaService of the key\'s region', async () => {
    const { json } = await runCliJson(['diagnose', '--where', 'job',
      'An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::111122223333:assumed-role/ChurnTrainingRole/SageMaker is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:eu-central-1:111122223333:key/abcd because no resource-based policy allows the kms:GenerateDataKey action']);
    expect(json.diagnosis.causes[0].changes[0].statements[0].Condition).toEqual({ StringEquals: { 'kms:ViaService': ['s3.eu-central-1.amazonaws.com'] } });
  });

  test('the training data\'s key fix puts the key policy first, for the job\'s key', async () => {
    const { json } = await runCliJson(['diagnose', '--job', fixture('describe-training-job-input-denied.json'),
      '--input-key', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'ClientError: Data download failed:failed to download data. 403 Forbidden (403): Forbidden']);
    const key = json.diagnosis.causes.find((c: any) => c.category === 'key policy');
    expect(key.changes.map((c: any) => c.where)).toEqual([
      'the key policy of arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'the execution role',
    ]);
  });

  test('a registry in the role\'s own account is not called another account', async () => {
    const { json } = await diagnose(entry('ecr-same-account-registry'));
    expect(JSON.stringify(json.diagnosis.causes)).not.toContain('another account');
    expect(json.diagnosis.causes.map((c: any) => c.category)).toEqual(['role', 'repository policy']);
    expect(json.diagnosis.causes[1].changes).toEqual([]);
  });

  test('a refused launch names the grantLaunch guardrails and offers no Allow that bypasses them', async () => {
    const { json } = await diagnose(entry('grant-launch-guardrail-job-name'));
    expect(json.diagnosis.verdict.guardrails).toEqual(expect.arrayContaining(['jobNamePrefix', 'allowTags', 'requireVpcConfig', 'maxRuntime']));
    expect(json.diagnosis.causes[0].explanation).toContain('grantLaunch');
    expect(json.diagnosis.causes[0].explanation).toContain('the job is adhoc-run-1');
    const allowsLaunch = statements(json.diagnosis).filter((s) => [s.Action].flat().includes('sagemaker:CreateTrainingJob'));
    expect(allowsLaunch).toEqual([]);
  });
});

describe('diagnose: where the refused call ran', () => {
  const text = 'botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the PutObject operation: Access Denied (s3://example-model-artifacts/models/model.tar.gz)';

  test('in a job, the execution role; in local mode, the caller', async () => {
    const job = await runCliJson(['diagnose', '--where', 'job', text]);
    const local = await runCliJson(['diagnose', '--where', 'local', text]);
    expect(job.json.diagnosis.verdict).toMatchObject({ side: 'role', action: 's3:PutObject', resource: 'arn:aws:s3:::example-model-artifacts/models/model.tar.gz' });
    expect(job.json.diagnosis.causes[0].changes[0].statements[0].Sid).toBe('ModelOutputWrite');
    expect(local.json.diagnosis.verdict).toMatchObject({ side: 'caller side', action: 's3:PutObject' });
    expect(job.json.diagnosis.notes).toContain('The execution role made the call in a training job: --where job says so.');
    expect(local.json.diagnosis.notes).toContain('The call ran with your own credentials, not the execution role\'s: --where local says so.');
  });

  test('where the call ran is not offered as the reason when the text itself names who called', async () => {
    const trust = entry('airflow-training-host-agent-trust');
    const { json } = await diagnose(trust, '--where', 'job');
    expect(json.diagnosis.notes.join(' ')).not.toMatch(/made the call|own credentials/);
  });

  test('without a sign, no side is chosen and both are named', async () => {
    const { json } = await runCliJson(['diagnose', text]);
    expect(json.diagnosis.verdict.side).toBeUndefined();
    expect(json.diagnosis.causes.slice(0, 2).map((c: any) => c.category)).toEqual(['role', 'caller side']);
    expect(json.diagnosis.notes.join(' ')).toContain('--where');
  });

  test('--where takes job or local only', async () => {
    const r = await runCli(['diagnose', '--where', 'cloud', text]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--where must be job (a training job\'s FailureReason or logs) or local (local mode, a notebook, your machine), got "cloud"');
  });
});

describe('diagnose: the same FailureReason, whatever wraps it', () => {
  const reason = 'ClientError: Data download failed:Unable to download object s3://example-training-data/datasets/train/part-0.csv (AccessDenied: Access Denied)';
  const description = JSON.stringify({ TrainingJobName: 'churn-1', TrainingJobStatus: 'Failed', FailureReason: reason });
  test.each([
    ['bare', reason],
    ['the SDK\'s UnexpectedStatusException', `sagemaker.exceptions.UnexpectedStatusException: Error for Training job churn-1: Failed. Reason: ${reason}. Check troubleshooting guide for common errors: https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-python-sdk-troubleshooting.html`],
    ['Airflow', `airflow.exceptions.AirflowException: SageMaker job failed because ${reason}`],
    ['a Step Functions .sync Cause', JSON.stringify({ Error: 'States.TaskFailed', Cause: description })],
    ['the console', `Failure reason\n${reason}`],
  ])('%s', async (_, text) => {
    const { json } = await runCliJson(['diagnose', text]);
    expect(json.diagnosis.id).toBe('input-object-denied');
    expect(json.diagnosis.verdict).toEqual({ side: 'role', action: 's3:GetObject', resource: 'arn:aws:s3:::example-training-data/datasets/train/part-0.csv' });
  });
});
