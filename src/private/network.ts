import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { TrainingRoleError } from './errors';
import { NetworkInputs } from '../permissions/network-interfaces';

/** The network props of the construct, as `resolveNetwork` reads them. */
export interface NetworkProps {
  readonly vpc?: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * Checks the VPC props against SageMaker's `VpcConfig` (1 to 16 subnets, 1 to 5 security
 * groups, all in one VPC) and returns what the network statements need.
 */
export function resolveNetwork(props: NetworkProps): NetworkInputs | undefined {
  const { vpc, vpcSubnets, securityGroups } = props;
  if (!vpc) {
    if (vpcSubnets) {
      throw new TrainingRoleError('vpcSubnets', describeSelection(vpcSubnets),
        'subnets are chosen from `vpc`; give `vpc` too, or leave vpcSubnets out for a job outside a VPC.');
    }
    if (securityGroups && securityGroups.length > 0) {
      throw new TrainingRoleError('securityGroups', securityGroups.map((g) => g.securityGroupId),
        'security groups apply to a job in a VPC; give `vpc` too, or leave securityGroups out.');
    }
    return undefined;
  }

  const groups = securityGroups ?? [];
  if (groups.length < 1 || groups.length > 5) {
    throw new TrainingRoleError('securityGroups', groups.map((g) => g.securityGroupId),
      'a training job in a VPC needs 1 to 5 security groups (VpcConfig.SecurityGroupIds).');
  }

  const selected = vpc.selectSubnets(vpcSubnets);
  const subnetIds = selected.subnetIds;
  if (subnetIds.length < 1 || subnetIds.length > 16) {
    throw new TrainingRoleError('vpcSubnets', describeSelection(vpcSubnets ?? {}),
      `a training job needs 1 to 16 subnets (VpcConfig.Subnets); the selection gives ${subnetIds.length}.`);
  }

  if (vpcSubnets?.subnets) {
    const known = [...vpc.publicSubnets, ...vpc.privateSubnets, ...vpc.isolatedSubnets].map((s) => s.subnetId);
    const checkable = known.length > 0 && known.every((id) => !Token.isUnresolved(id));
    const outside = vpcSubnets.subnets.map((s) => s.subnetId)
      .filter((id) => !Token.isUnresolved(id) && checkable && !known.includes(id));
    if (outside.length > 0) {
      throw new TrainingRoleError('vpcSubnets', outside,
        `every subnet must belong to \`vpc\` (${Token.isUnresolved(vpc.vpcId) ? vpc.node.path : vpc.vpcId}), whose subnets are ${known.join(', ')}.`);
    }
  }

  return {
    vpcArn: vpc.vpcArn,
    subnetIds,
    securityGroupIds: groups.map((g) => g.securityGroupId),
  };
}

function describeSelection(selection: ec2.SubnetSelection): unknown {
  return {
    ...selection,
    subnets: selection.subnets?.map((s) => s.subnetId),
    subnetFilters: selection.subnetFilters ? `${selection.subnetFilters.length} filter(s)` : undefined,
  };
}
