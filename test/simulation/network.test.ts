/**
 * The VPC (VpcConfig): the job creates its network interfaces in the configured subnets with the
 * configured security groups, manages interfaces of its own VPC only, and describes the network.
 * Interface requests carry `ec2:Vpc` and `ec2:Subnet` as EC2 does: ARNs.
 */
import { allows, denies } from '../util/cases';
import { fullProps, importedProps, minimalProps } from '../util/fixtures';
import { Case, ec2Arn, OTHER_ACCOUNT, OTHER_REGION, simulationTable, synthesize, Synthesized } from '../util/requests';

const ENI = 'network-interface/eni-0123456789abcdef0';
const OTHER_VPC = ec2Arn('vpc/vpc-0fffffffffffffff0');
const OTHER_SUBNET = 'subnet/subnet-0fffffffffffffff1';
const OTHER_GROUP = 'security-group/sg-0fffffffffffffff2';
const MANAGE_ACTIONS = ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'];
const DESCRIBE_ACTIONS = ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'];

/** The deployed VPC ARN, subnet ARNs and security-group ARNs of a synthesized role. */
function network(syn: Synthesized): { vpc: string; subnets: string[]; groups: string[] } {
  const props = syn.props;
  return {
    vpc: syn.value(props.vpc!.vpcArn),
    subnets: props.vpc!.selectSubnets(props.vpcSubnets).subnetIds.map((id) => ec2Arn(`subnet/${syn.value(id)}`)),
    groups: props.securityGroups!.map((g) => ec2Arn(`security-group/${syn.value(g.securityGroupId)}`)),
  };
}

/** The requests a job in a VPC makes, and their near misses. */
function vpcCases(syn: Synthesized): Case[] {
  const { vpc, subnets, groups } = network(syn);
  const inVpc = { 'ec2:Vpc': vpc, 'ec2:Subnet': subnets[0] };
  return [
    allows('creating the job\'s interface', { action: 'ec2:CreateNetworkInterface', resource: ec2Arn(ENI) }),
    ...subnets.map((subnet) => allows('creating an interface in a configured subnet', { action: 'ec2:CreateNetworkInterface', resource: subnet, context: { 'ec2:Vpc': vpc } })),
    ...groups.map((group) => allows('creating an interface with a configured security group', { action: 'ec2:CreateNetworkInterface', resource: group, context: { 'ec2:Vpc': vpc } })),
    ...MANAGE_ACTIONS.map((action) => allows('managing an interface of the job\'s VPC', { action, resource: ec2Arn(ENI), context: inVpc })),
    ...DESCRIBE_ACTIONS.map((action) => allows('describing the network', { action, resource: '*' })),

    denies('creating an interface in another subnet', { action: 'ec2:CreateNetworkInterface', resource: ec2Arn(OTHER_SUBNET), context: { 'ec2:Vpc': vpc } }),
    denies('creating an interface in a subnet of another VPC', { action: 'ec2:CreateNetworkInterface', resource: ec2Arn(OTHER_SUBNET), context: { 'ec2:Vpc': OTHER_VPC } }),
    denies('creating an interface with another security group', { action: 'ec2:CreateNetworkInterface', resource: ec2Arn(OTHER_GROUP), context: { 'ec2:Vpc': vpc } }),
    denies('creating an interface in another region', { action: 'ec2:CreateNetworkInterface', resource: ec2Arn(ENI, undefined, OTHER_REGION) }),
    denies('creating an interface in another account', { action: 'ec2:CreateNetworkInterface', resource: ec2Arn(ENI, OTHER_ACCOUNT), resourceAccount: OTHER_ACCOUNT }),
    ...MANAGE_ACTIONS.map((action) => denies('managing an interface in another VPC', {
      action, resource: ec2Arn(ENI), context: { 'ec2:Vpc': OTHER_VPC, 'ec2:Subnet': ec2Arn(OTHER_SUBNET) },
    })),
    ...MANAGE_ACTIONS.map((action) => denies('managing an interface without ec2:Vpc', { action, resource: ec2Arn(ENI), context: { 'ec2:Subnet': subnets[0] } })),
    denies('modifying an interface', { action: 'ec2:ModifyNetworkInterfaceAttribute', resource: ec2Arn(ENI), context: inVpc }),
    denies('attaching an interface', { action: 'ec2:AttachNetworkInterface', resource: ec2Arn(ENI), context: inVpc }),
    denies('describing instances (no ec2:Describe* wildcard)', { action: 'ec2:DescribeInstances', resource: '*' }),
    denies('creating a security group', { action: 'ec2:CreateSecurityGroup', resource: ec2Arn('security-group/*'), context: { 'ec2:Vpc': vpc } }),
  ];
}

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('network of the full props, $setting', ({ options }) => {
  const syn = synthesize(fullProps, options);
  simulationTable(() => syn.policies, vpcCases(syn));
});

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('network of the imported props, $setting', ({ options }) => {
  const syn = synthesize(importedProps, options);
  simulationTable(() => syn.policies, vpcCases(syn));
});

describe('no VPC (minimal props)', () => {
  const syn = synthesize(minimalProps);
  simulationTable(() => syn.policies, [
    denies('creating an interface without a VPC', { action: 'ec2:CreateNetworkInterface', resource: ec2Arn(ENI) }),
    ...MANAGE_ACTIONS.map((action) => denies('managing an interface without a VPC', { action, resource: ec2Arn(ENI), context: { 'ec2:Vpc': OTHER_VPC } })),
    ...DESCRIBE_ACTIONS.map((action) => denies('describing the network without a VPC', { action, resource: '*' })),
  ]);
});
