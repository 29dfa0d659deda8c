import * as fs from 'fs';
import * as path from 'path';
import { fixture, runCli, runCliJson, tempFile } from '../util/cli';

const FAILED_JOB = fixture('describe-training-job-input-denied.json');
const COMPLETED_JOB = fixture('describe-training-job-completed.json');
const VPC = ['--vpc', 'vpc-0123456789abcdef0'];
const CHURN_POLICIES = ['get-role-policy-churn-data.json', 'get-policy-version-churn-base.json', 'get-role-churn.json']
  .flatMap((f) => ['--role-policies', fixture(f)]);

/** `action resource` of each denied request. */
function denied(json: any): string[] {
  return json.check.denied.map((d: any) => `${d.action} ${d.resource}`);
}

/** The role the construct builds for a job, as a role-policies file (the output of `policy`). */
async function constructRoleFile(job: string, edit: (role: any) => void = () => {}): Promise<string> {
  const { json } = await runCliJson(['policy', '--from-job', job, ...(job === FAILED_JOB ? VPC : [])]);
  edit(json);
  return tempFile('role.json', json);
}

describe('diagnose --role-policies: the role\'s actual policies against the job\'s requests', () => {
  test('lists exactly the requests the churn role\'s policies deny', async () => {
    const { json, code } = await runCliJson(['diagnose', '--job', FAILED_JOB, ...VPC, ...CHURN_POLICIES]);
    expect(code).toBe(1);
    expect(denied(json).sort()).toEqual([
      's3:GetObject arn:aws:s3:::example-model-artifacts/code/churn-xgb-2024-05-01-10-00-00-123/source/sourcedir.tar.gz',
      's3:GetObject arn:aws:s3:::example-training-data/datasets/validation/part-00000',
      'sts:AssumeRole arn:aws:iam::111122223333:role/service-role/ChurnTrainingRole',
    ]);
  });

  test('each denied request comes with the construct\'s statement that allows it', async () => {
    const { json } = await runCliJson(['diagnose', '--job', FAILED_JOB, ...VPC, ...CHURN_POLICIES]);
    const validation = json.check.denied.find((d: any) => d.resource.endsWith('validation/part-00000'));
    expect(validation.statement).toEqual({
      Sid: 'TrainingDataRead',
      Effect: 'Allow',
      Action: 's3:GetObject',
      // One policy holds every input; the job's source code has its own statement (SourceCodeRead).
      Resource: [
        'arn:aws:s3:::example-training-data/datasets/train/*',
        'arn:aws:s3:::example-training-data/datasets/validation/*',
      ],
    });
    const code = json.check.denied.find((d: any) => d.resource.endsWith('sourcedir.tar.gz'));
    expect(code.statement).toEqual({
      Sid: 'SourceCodeRead',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::example-model-artifacts/code/*/source/sourcedir.tar.gz',
    });
  });

  test('a trust policy for another account is denied, with the construct\'s trust policy as the fix', async () => {
    const { json } = await runCliJson(['diagnose', '--job', FAILED_JOB, ...VPC, ...CHURN_POLICIES]);
    const trust = json.check.denied.find((d: any) => d.action === 'sts:AssumeRole');
    expect(trust.where).toBe('the trust policy');
    expect(trust.statement.Statement[0].Condition.StringEquals).toEqual({ 'aws:SourceAccount': '111122223333' });
  });

  test('the construct\'s own policies for the job allow every request it makes', async () => {
    const role = await constructRoleFile(FAILED_JOB);
    const { json } = await runCliJson(['diagnose', '--job', FAILED_JOB, ...VPC, '--role-policies', role]);
    // 2 inputs x 2, code 1, output 2, output key 3, volume key 1, checkpoint 5, image 4, logs 4, metrics 1, VPC 12, trust 1.
    expect(json.check.checked).toBe(38);
    expect(json.check.denied).toEqual([]);
  });

  test('nothing denied and nothing to diagnose is exit 0', async () => {
    const role = await constructRoleFile(COMPLETED_JOB);
    const r = await runCli(['diagnose', '--job', COMPLETED_JOB, '--role-policies', role]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Checked \d+ requests the job makes against the policies of arn:aws:iam::111122223333:role\/ChurnTrainingRole: 0 denied/);
  });

  test('a role without the registry token statement is denied exactly ecr:GetAuthorizationToken', async () => {
    const role = await constructRoleFile(COMPLETED_JOB, (r) => {
      for (const p of r.policies) {
        p.document.Statement = p.document.Statement.filter((s: any) => s.Sid !== 'ImageRegistryAuth');
      }
    });
    const { json } = await runCliJson(['diagnose', '--job', COMPLETED_JOB, '--role-policies', role]);
    expect(denied(json)).toEqual(['ecr:GetAuthorizationToken *']);
    expect(json.check.denied[0].statement).toEqual({ Sid: 'ImageRegistryAuth', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' });
  });

  test('network-interface management narrowed to another VPC is denied for this one', async () => {
    const role = await constructRoleFile(FAILED_JOB, (r) => {
      const manage = r.policies.flatMap((p: any) => p.document.Statement).find((s: any) => s.Sid === 'NetworkInterfaceManage');
      manage.Condition.ArnEquals['ec2:Vpc'] = 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0ffffffffffffffff';
    });
    const { json } = await runCliJson(['diagnose', '--job', FAILED_JOB, ...VPC, '--role-policies', role]);
    expect(json.check.denied.map((d: any) => d.action).sort())
      .toEqual(['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission']);
  });

  test('an explicit Deny is reported as such', async () => {
    const role = await constructRoleFile(COMPLETED_JOB, (r) => {
      r.policies[0].document.Statement.push({ Effect: 'Deny', Action: 's3:PutObject', Resource: '*' });
    });
    const { json } = await runCliJson(['diagnose', '--job', COMPLETED_JOB, '--role-policies', role]);
    expect(json.check.denied.map((d: any) => [d.action, d.result])).toEqual([['s3:PutObject', 'ExplicitlyDenied']]);
  });

  test('without a trust policy the AssumeRole request is skipped, and the output says so', async () => {
    const { json } = await runCliJson(['diagnose', '--job', FAILED_JOB, ...VPC,
      '--role-policies', fixture('get-role-policy-churn-data.json'), '--role-policies', fixture('get-policy-version-churn-base.json')]);
    expect(denied(json).some((d) => d.startsWith('sts:AssumeRole'))).toBe(false);
    expect(json.check.skipped).toEqual([expect.stringContaining('no trust policy given')]);
  });
});

describe('diagnose --role-policies: the shapes AWS CLI output takes', () => {
  const inline = JSON.parse(fs.readFileSync(fixture('get-role-policy-churn-data.json'), 'utf8'));
  const managed = JSON.parse(fs.readFileSync(fixture('get-policy-version-churn-base.json'), 'utf8'));
  const role = JSON.parse(fs.readFileSync(fixture('get-role-churn.json'), 'utf8'));
  let expected: string[];
  beforeAll(async () => {
    expected = denied((await runCliJson(['diagnose', '--job', FAILED_JOB, ...VPC, ...CHURN_POLICIES])).json).sort();
  });

  test.each([
    ['URL-encoded documents, as the IAM API returns them', () => [
      { ...inline, PolicyDocument: encodeURIComponent(JSON.stringify(inline.PolicyDocument)) },
      { PolicyVersion: { ...managed.PolicyVersion, Document: encodeURIComponent(JSON.stringify(managed.PolicyVersion.Document)) } },
      { Role: { ...role.Role, AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(role.Role.AssumeRolePolicyDocument)) } },
    ]],
    ['a list of bare documents and the get-role output', () => [inline.PolicyDocument, managed.PolicyVersion.Document, role]],
    ['get-account-authorization-details', () => ({
      RoleDetailList: [
        { RoleName: 'OtherRole', AssumeRolePolicyDocument: role.Role.AssumeRolePolicyDocument, RolePolicyList: [], AttachedManagedPolicies: [] },
        {
          RoleName: 'ChurnTrainingRole',
          Arn: role.Role.Arn,
          AssumeRolePolicyDocument: role.Role.AssumeRolePolicyDocument,
          RolePolicyList: [{ PolicyName: inline.PolicyName, PolicyDocument: inline.PolicyDocument }],
          AttachedManagedPolicies: [{ PolicyName: 'churn-training-base', PolicyArn: 'arn:aws:iam::111122223333:policy/churn-training-base' }],
        },
      ],
      Policies: [{
        PolicyName: 'churn-training-base',
        Arn: 'arn:aws:iam::111122223333:policy/churn-training-base',
        PolicyVersionList: [
          { Document: { Version: '2012-10-17', Statement: [] }, VersionId: 'v2', IsDefaultVersion: false },
          { Document: managed.PolicyVersion.Document, VersionId: 'v3', IsDefaultVersion: true },
        ],
      }],
    })],
  ])('reads %s with the same result as the separate files', async (_, content) => {
    const file = tempFile('policies.json', content());
    const { json } = await runCliJson(['diagnose', '--job', FAILED_JOB, ...VPC, '--role-policies', file]);
    expect(denied(json).sort()).toEqual(expected);
  });

  test('fails on list-attached-role-policies output, saying how to get the documents', async () => {
    const r = await runCli(['diagnose', '--job', FAILED_JOB, ...VPC, '--role-policies', fixture('list-attached-role-policies.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('list-attached-role-policies.json, at $: this is aws iam list-attached-role-policies output');
    expect(r.err).toContain('aws iam get-policy-version');
  });

  test('fails on a file that is not JSON, naming it', async () => {
    const r = await runCli(['diagnose', '--job', FAILED_JOB, ...VPC, '--role-policies', fixture('truncated.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/role policies file .*truncated\.json is not valid JSON/);
  });

  test('fails on a statement without Effect, naming where it is', async () => {
    const file = tempFile('bad.json', { PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Action: 's3:GetObject', Resource: '*' }] } });
    const r = await runCli(['diagnose', '--job', FAILED_JOB, ...VPC, '--role-policies', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('at $.PolicyDocument.Statement[0]: each statement needs "Effect": "Allow" or "Deny"');
  });

  test('fails when nothing says what the job is', async () => {
    const r = await runCli(['diagnose', 'Out of Memory', '--role-policies', fixture('get-role-policy-churn-data.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('give --account');
  });
});

describe('diagnose --role-policies: the AGPL simulator is optional', () => {
  test('without it installed, says what to install and why it is not bundled, exit 2', async () => {
    let result: { code: number; err: string } | undefined;
    await jest.isolateModulesAsync(async () => {
      jest.doMock('@cloud-copilot/iam-simulate', () => {
        throw new Error('Cannot find module \'@cloud-copilot/iam-simulate\'');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { run } = require('../../src/cli/main');
      let err = '';
      const code = await run(['diagnose', '--job', FAILED_JOB, ...VPC, ...CHURN_POLICIES], { out: () => {}, err: (t: string) => { err += t; } });
      result = { code, err };
    });
    expect(result!.code).toBe(2);
    expect(result!.err).toContain('install @cloud-copilot/iam-simulate to check policies; it is AGPL-3.0 and not bundled');
  });

  test('no file under src imports it statically', () => {
    const files: string[] = [];
    const walk = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') && files.push(path.join(dir, e.name)));
    walk(path.join(__dirname, '..', '..', 'src'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect(fs.readFileSync(file, 'utf8')).not.toMatch(/(import|from)\s+['"]@cloud-copilot\/iam-simulate['"]/);
    }
  });
});
