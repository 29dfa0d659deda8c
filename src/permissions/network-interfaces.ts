import { Purpose } from './purpose';
import { NETWORK_INTERFACES, WILDCARD_ONLY_ACTIONS } from './wildcard-exemptions';
import { ArnContext, regionalArn } from '../private/arns';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';
import { NetworkInputs } from '../private/resolved-role-props';

/**
 * Creating and removing the job's elastic network interfaces in the VPC (`VpcConfig`).
 *
 * - `ec2:CreateNetworkInterface` is authorized against the new interface and the subnet and
 *   security groups it uses: those are exactly the configured ones. Subnet ARNs carry the VPC's
 *   account, which differs from the role's in a shared VPC.
 * - Permission and deletion act on existing interfaces: narrowed to interfaces in this VPC with
 *   `ec2:Vpc`. The Service Authorization Reference lists `ec2:Vpc` for all three actions on the
 *   `network-interface` resource. For `DeleteNetworkInterfacePermission` that resource is marked
 *   optional (the API takes only a permission id); we keep the scoped form, since AWS resolves the
 *   interface of the permission, and no AWS document shows the action checked against `*`.
 *   AWS's managed policies grant all three on `*` without a condition.
 * - The `Describe*` actions support no resource-level permissions (resource `*` only).
 */
export function networkInterfaceGrants(ctx: ArnContext, network: NetworkInputs | undefined,
  permissionDeletionOnAnyResource: boolean = false): PlannedStatement[] {
  if (!network) {
    return [];
  }
  const anyInterface = regionalArn(ctx, 'ec2', 'network-interface/*');
  return [
    {
      sid: 'NetworkInterfaceCreate',
      actions: ['ec2:CreateNetworkInterface'],
      resources: [
        anyInterface,
        ...network.subnetIds.map((id) => regionalArn({ ...ctx, ...network.subnetOwner }, 'ec2', `subnet/${id}`)),
        ...network.securityGroupIds.map((id) => regionalArn(ctx, 'ec2', `security-group/${id}`)),
      ],
      tokenBound: TOKEN_BOUND.ec2Arn,
      placementKey: 'network',
    },
    {
      sid: 'NetworkInterfaceManage',
      actions: ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface',
        ...(permissionDeletionOnAnyResource ? [] : ['ec2:DeleteNetworkInterfacePermission'])],
      resources: [anyInterface],
      conditions: { ArnEquals: { 'ec2:Vpc': [network.vpcArn] } },
      tokenBound: TOKEN_BOUND.ec2Arn,
      placementKey: 'network',
    },
    // The switch for the one unconfirmed choice here: as AWS's managed policies grant it.
    ...(permissionDeletionOnAnyResource ? [{
      sid: 'NetworkInterfacePermissionDelete',
      actions: ['ec2:DeleteNetworkInterfacePermission'],
      resources: ['*'],
      tokenBound: TOKEN_BOUND.none,
      placementKey: 'network',
    }] : []),
    {
      sid: 'NetworkDescribe',
      actions: [
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeVpcs',
        'ec2:DescribeDhcpOptions',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
      ],
      resources: ['*'],
      tokenBound: TOKEN_BOUND.none,
      placementKey: 'network',
    },
  ];
}

export const NETWORK: Purpose = {
  props: ['vpc', 'vpcSubnets', 'securityGroups', 'networkInterfacePermissionDeletionOnAnyResource', 'addSecurityGroups'],
  statements: [
    { sid: 'NetworkInterfaceCreate', why: 'SageMaker creates the job\'s network interfaces in these subnets with these security groups.', wildcard: NETWORK_INTERFACES },
    { sid: 'NetworkInterfaceManage', why: 'SageMaker manages and deletes the job\'s network interfaces, in this VPC only.', wildcard: NETWORK_INTERFACES },
    { sid: 'NetworkInterfacePermissionDelete', why: 'Opt-in: deleting network interface permissions on any resource, as AWS\'s managed policies do.' },
    { sid: 'NetworkDescribe', why: 'SageMaker describes the VPC, subnets and security groups; no resource-level permissions.', wildcard: WILDCARD_ONLY_ACTIONS },
    { sid: 'NetworkInterfaceLateSecurityGroups', why: 'Network interfaces may also use the security groups given to addSecurityGroups.' },
  ],
  plan: (ctx, role) => networkInterfaceGrants(ctx, role.network, role.networkInterfacePermissionDeletionOnAnyResource),
};
