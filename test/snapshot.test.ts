import { fullProps, importedProps, minimalProps } from './util/fixtures';
import { resolvedRole } from './util/resolved-role';

/**
 * A backstop for review: the role's resolved policies and trust policy, as IAM will see them.
 * A change here is deliberate only when the snapshot is updated by hand (`test:update`); the
 * permission tests prove the content, these show every change to it in a diff.
 */
function sids(policies: { statements: any[] }[]): string[] {
  return policies.flatMap((p) => p.statements.map((s) => s.Sid)).sort();
}

/** The Sids of the role's one policy, in the order a reviewer reads them (the fixture fits one policy). */
function onlyPolicySids(policies: { name: string; statements: any[] }[]): string[] {
  expect(policies.map((p) => p.name)).toEqual([expect.stringMatching(/^TrainingRolePolicy1[0-9A-F]{8}$/)]);
  return policies[0].statements.map((s) => s.Sid);
}

const TRUST_STATEMENT = {
  Effect: 'Allow',
  Action: 'sts:AssumeRole',
  Principal: { Service: 'sagemaker.amazonaws.com' },
  Condition: {
    StringEquals: { 'aws:SourceAccount': '111122223333' },
    ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:us-east-1:111122223333:*' },
  },
};

test('minimal fixture: data, logs and metrics statements only', () => {
  const { policies, trust } = resolvedRole(minimalProps);
  expect(sids(policies)).toEqual([
    'LogGroupAccess', 'LogStreamWrite', 'MetricsPublish', 'ModelOutputWrite', 'TrainingDataList', 'TrainingDataRead',
  ]);
  expect(onlyPolicySids(policies)).toEqual(['TrainingDataRead', 'TrainingDataList', 'ModelOutputWrite', 'LogGroupAccess', 'LogStreamWrite', 'MetricsPublish']);
  expect(trust.Statement).toEqual([TRUST_STATEMENT]);
  expect({ policies, trust }).toMatchSnapshot();
});

test('full fixture: every purpose, in one policy, data first', () => {
  const { policies, trust } = resolvedRole(fullProps);
  expect(sids(policies)).toEqual([
    'CheckpointKeyUse', 'CheckpointList', 'CheckpointSync', 'ImagePull', 'ImageRegistryAuth',
    'LogGroupAccess', 'LogStreamWrite', 'MetricsPublish', 'ModelOutputEncrypt', 'ModelOutputWrite',
    'NetworkDescribe', 'NetworkInterfaceCreate', 'NetworkInterfaceManage',
    'TrainingDataDecrypt',
    // One listing statement per bucket: the two prefixes of the data bucket share one; one
    // reading statement holds the objects of both buckets.
    'TrainingDataList1', 'TrainingDataList2',
    'TrainingDataRead',
    'VolumeKeyGrant',
  ]);
  expect(onlyPolicySids(policies)).toEqual([
    'TrainingDataRead', 'TrainingDataList1', 'TrainingDataList2', 'TrainingDataDecrypt', 'ModelOutputWrite', 'ModelOutputEncrypt',
    'VolumeKeyGrant', 'CheckpointSync', 'CheckpointList', 'CheckpointKeyUse', 'ImagePull', 'ImageRegistryAuth',
    'LogGroupAccess', 'LogStreamWrite', 'MetricsPublish', 'NetworkInterfaceCreate', 'NetworkInterfaceManage', 'NetworkDescribe',
  ]);
  expect(trust.Statement).toEqual([TRUST_STATEMENT]);
  expect({ policies, trust }).toMatchSnapshot();
});

test('imported fixture: literal names and ARNs of imported resources', () => {
  const { policies, trust } = resolvedRole(importedProps, true);
  expect(sids(policies)).toEqual([
    'ImagePull', 'ImageRegistryAuth', 'LogGroupAccess', 'LogStreamWrite', 'MetricsPublish',
    'ModelOutputEncrypt', 'ModelOutputWrite', 'NetworkDescribe', 'NetworkInterfaceCreate', 'NetworkInterfaceManage',
    'TrainingDataDecrypt', 'TrainingDataList', 'TrainingDataRead',
  ]);
  const read = policies.flatMap((p) => p.statements).find((s) => s.Sid === 'TrainingDataRead');
  expect(read.Resource).toEqual('arn:aws:s3:::example-training-data/datasets/train/*');
  expect(trust.Statement).toEqual([TRUST_STATEMENT]);
  expect({ policies, trust }).toMatchSnapshot();
});
