import { Purpose } from './purpose';
import { WILDCARD_ONLY_ACTIONS } from './wildcard-exemptions';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';

/**
 * Training channels on Amazon FSx for Lustre and Amazon EFS (`FileSystemDataSource`).
 *
 * SageMaker mounts the file system through the job's network interfaces (the VPC statements);
 * the role only describes it. The actions are those AmazonSageMakerFullAccess carries for these
 * data sources. `fsx:DescribeFileSystems` supports no resource-level permissions (resource `*`
 * only); the EFS actions are scoped to the given file systems.
 */
export function fileSystemGrants(fsxCount: number, efsArns: string[]): PlannedStatement[] {
  const grants: PlannedStatement[] = [];
  if (fsxCount > 0) {
    grants.push({
      sid: 'FsxDescribe',
      actions: ['fsx:DescribeFileSystems'],
      resources: ['*'],
      tokenBound: TOKEN_BOUND.none,
      placementKey: 'file-systems',
    });
  }
  if (efsArns.length > 0) {
    grants.push({
      sid: 'EfsDescribe',
      actions: ['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeMountTargets'],
      resources: efsArns,
      tokenBound: TOKEN_BOUND.ec2Arn,
      placementKey: 'file-systems',
    });
  }
  return grants;
}

export const FILE_SYSTEMS: Purpose = {
  props: ['fsxFileSystems', 'efsFileSystems'],
  statements: [
    { sid: 'FsxDescribe', why: 'SageMaker describes the FSx for Lustre file systems it mounts; no resource-level permissions.', wildcard: WILDCARD_ONLY_ACTIONS },
    { sid: 'EfsDescribe', why: 'SageMaker describes the EFS file systems and mount targets it mounts.' },
  ],
  plan: (_ctx, role) => fileSystemGrants(role.fsxFileSystemCount, role.efsFileSystemArns),
};
