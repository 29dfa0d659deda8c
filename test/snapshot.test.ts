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

function basePolicySids(policies: { name: string; statements: any[] }[]): string[] {
  return policies.find((p) => p.name.includes('BasePolicy'))!.statements.map((s) => s.Sid);
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
  expect(basePolicySids(policies)).toEqual(['LogGroupAccess', 'LogStreamWrite', 'MetricsPublish']);
  expect(trust.Statement).toEqual([TRUST_STATEMENT]);
  expect({ policies, trust }).toMatchSnapshot();
});

test('full fixture: every purpose, data locations outside the base policy', () => {
  const { policies, trust } = resolvedRole(fullProps);
  expect(sids(policies)).toEqual([
    'CheckpointKeyUse', 'CheckpointList', 'CheckpointSync', 'ImagePull', 'ImageRegistryAuth',
    'LogGroupAccess', 'LogStreamWrite', 'MetricsPublish', 'ModelOutputEncrypt', 'ModelOutputWrite',
    'NetworkDescribe', 'NetworkInterfaceCreate', 'NetworkInterfaceManage',
    'TrainingDataDecrypt',
    // One listing statement per bucket: the two prefixes of the data bucket share one.
    'TrainingDataList', 'TrainingDataList',
    'TrainingDataRead', 'TrainingDataRead',
    'VolumeKeyGrant',
  ]);
  expect(basePolicySids(policies)).toEqual([
    'TrainingDataDecrypt', 'ModelOutputEncrypt', 'VolumeKeyGrant', 'CheckpointKeyUse', 'ImagePull', 'ImageRegistryAuth',
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
