import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import { importedNetwork as network } from '../util/fixtures';
import { allActions, arn, build, expectStatement, logicalIdOf, roleWith, statementsOf } from '../util/statements';

const FSX_ID = 'fs-0123456789abcdef0';
const EFS_ID = 'fs-0aaaaaaaaaaaaaaa1';
const OTHER_EFS_ID = 'fs-0bbbbbbbbbbbbbbb2';

function lustre(stack: Stack, id: string, fileSystemId: string): fsx.IFileSystem {
  return fsx.LustreFileSystem.fromLustreFileSystemAttributes(stack, id, {
    fileSystemId,
    dnsName: `${fileSystemId}.fsx.us-east-1.amazonaws.com`,
    securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, `${id}Sg`, 'sg-0123456789abcdef0'),
  });
}

function importedEfs(stack: Stack, id: string, fileSystemId: string): efs.IFileSystem {
  return efs.FileSystem.fromFileSystemAttributes(stack, id, {
    fileSystemId,
    securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, `${id}Sg`, 'sg-0123456789abcdef0'),
  });
}

const WITHOUT_VPC = (prop: string) =>
  `${prop}: SageMaker reaches file systems and private registries through the job's network interfaces; give \`vpc\` (and securityGroups) too. Got: "given without vpc".`;

describe('FSx for Lustre channels (SPEC: later features)', () => {
  test('grants fsx:DescribeFileSystems on * (the action has no resource-level permissions) (FsxDescribe)', () => {
    const { template } = roleWith((stack) => ({ ...network(stack), fsxFileSystems: [lustre(stack, 'Fsx', FSX_ID)] }), { env: true });
    expectStatement(template, { Sid: 'FsxDescribe', Action: 'fsx:DescribeFileSystems', Resource: '*' });
  });

  test('two file systems still make one FsxDescribe statement', () => {
    const { template } = roleWith((stack) => ({
      ...network(stack),
      fsxFileSystems: [lustre(stack, 'FsxA', FSX_ID), lustre(stack, 'FsxB', 'fs-0fffffffffffffff9')],
    }), { env: true });
    expect(statementsOf(template, 'FsxDescribe')).toHaveLength(1);
  });

  test('grants no other fsx action', () => {
    const { template } = roleWith((stack) => ({ ...network(stack), fsxFileSystems: [lustre(stack, 'Fsx', FSX_ID)] }), { env: true });
    expect(allActions(template).filter((a) => a.startsWith('fsx:'))).toEqual(['fsx:DescribeFileSystems']);
  });

  test('grants no fsx action without FSx file systems, also in a VPC', () => {
    const { template } = roleWith((stack) => ({ ...network(stack), fsxFileSystems: [] }), { env: true });
    expect(allActions(template).filter((a) => a.startsWith('fsx:'))).toEqual([]);
  });

  test('fails when fsxFileSystems is given without vpc', () => {
    expect(() => build((stack) => ({ fsxFileSystems: [lustre(stack, 'Fsx', FSX_ID)] }))).toThrow(WITHOUT_VPC('fsxFileSystems'));
  });
});

describe('EFS channels (SPEC: later features)', () => {
  test('grants elasticfilesystem:DescribeFileSystems and DescribeMountTargets on the file system\'s ARN (EfsDescribe)', () => {
    const { template } = roleWith((stack) => ({ ...network(stack), efsFileSystems: [importedEfs(stack, 'Efs', EFS_ID)] }), { env: true });
    expectStatement(template, {
      Sid: 'EfsDescribe',
      Action: ['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeMountTargets'],
      Resource: arn(`:elasticfilesystem:us-east-1:111122223333:file-system/${EFS_ID}`),
    });
  });

  test('two file systems share one statement; one given twice is named once', () => {
    const { template } = roleWith((stack) => {
      const a = importedEfs(stack, 'EfsA', EFS_ID);
      return { ...network(stack), efsFileSystems: [a, importedEfs(stack, 'EfsB', OTHER_EFS_ID), a] };
    }, { env: true });
    expect(statementsOf(template, 'EfsDescribe').map((s) => s.Resource)).toEqual([[
      arn(`:elasticfilesystem:us-east-1:111122223333:file-system/${EFS_ID}`),
      arn(`:elasticfilesystem:us-east-1:111122223333:file-system/${OTHER_EFS_ID}`),
    ]]);
  });

  test('names a file system created in the stack by its ARN attribute', () => {
    const { template } = roleWith((stack) => {
      const net = network(stack);
      return { ...net, efsFileSystems: [new efs.FileSystem(stack, 'Efs', { vpc: net.vpc! })] };
    });
    expect(statementsOf(template, 'EfsDescribe').map((s) => s.Resource))
      .toEqual([{ 'Fn::GetAtt': [logicalIdOf(template, 'AWS::EFS::FileSystem', 'Efs'), 'Arn'] }]);
  });

  test('grants no elasticfilesystem action without EFS file systems', () => {
    const { template } = roleWith((stack) => ({ ...network(stack) }), { env: true });
    expect(allActions(template).filter((a) => a.startsWith('elasticfilesystem:'))).toEqual([]);
  });

  test('fails when efsFileSystems is given without vpc', () => {
    expect(() => build((stack) => ({ efsFileSystems: [importedEfs(stack, 'Efs', EFS_ID)] }))).toThrow(WITHOUT_VPC('efsFileSystems'));
  });
});
