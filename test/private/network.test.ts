import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { resolveNetwork } from '../../src/private/network';

function imported(stack: Stack, id = 'Vpc', vpcId = 'vpc-1'): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, id, {
    vpcId,
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-1', 'subnet-2'],
    isolatedSubnetIds: ['subnet-3', 'subnet-4'],
  });
}

function sg(stack: Stack, id = 'sg-1'): ec2.ISecurityGroup {
  return ec2.SecurityGroup.fromSecurityGroupId(stack, id, id);
}

describe('resolveNetwork', () => {
  test('returns nothing without a VPC', () => {
    expect(resolveNetwork({})).toBeUndefined();
  });

  test('returns the VPC ARN, the default (private) subnets and the security group ids', () => {
    const stack = new Stack();
    const vpc = imported(stack);
    expect(resolveNetwork({ vpc, securityGroups: [sg(stack, 'sg-1'), sg(stack, 'sg-2')] })).toEqual({
      vpcArn: vpc.vpcArn,
      // The VPC's own account and region own its subnets (another account's in a shared VPC).
      subnetOwner: { account: vpc.env.account, region: vpc.env.region },
      subnetIds: ['subnet-1', 'subnet-2'],
      securityGroupIds: ['sg-1', 'sg-2'],
    });
  });

  test('returns the subnets of the selection', () => {
    const stack = new Stack();
    const vpc = imported(stack);
    expect(resolveNetwork({ vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED }, securityGroups: [sg(stack)] })?.subnetIds)
      .toEqual(['subnet-3', 'subnet-4']);
  });

  test('accepts any subnet of the VPC, of whatever type, by id', () => {
    const stack = new Stack();
    const vpc = imported(stack);
    expect(resolveNetwork({ vpc, vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'S', 'subnet-4')] }, securityGroups: [sg(stack)] })?.subnetIds)
      .toEqual(['subnet-4']);
  });

  test('refuses a subnet id the imported VPC does not list', () => {
    const stack = new Stack();
    expect(() => resolveNetwork({
      vpc: imported(stack),
      vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'S', 'subnet-9')] },
      securityGroups: [sg(stack)],
    })).toThrow('vpcSubnets: every subnet must belong to `vpc` (vpc-1), whose subnets are subnet-1, subnet-2, subnet-3, subnet-4. Got: ["subnet-9"].');
  });

  test('refuses subnets imported with a VPC of another id', () => {
    const stack = new Stack();
    const other = ec2.Vpc.fromVpcAttributes(stack, 'Other', {
      vpcId: 'vpc-2', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'],
    });
    expect(() => resolveNetwork({ vpc: imported(stack), vpcSubnets: { subnets: other.privateSubnets }, securityGroups: [sg(stack)] }))
      .toThrow(/^vpcSubnets: every subnet must belong to `vpc` \(vpc-1\), .* Got: \["subnet-1"\]\.$/);
  });

  test('refuses a standalone subnet created in another VPC', () => {
    const stack = new Stack();
    const subnet = new ec2.Subnet(stack, 'Standalone', { vpcId: 'vpc-2', availabilityZone: 'us-east-1a', cidrBlock: '10.0.0.0/24' });
    expect(() => resolveNetwork({ vpc: imported(stack), vpcSubnets: { subnets: [subnet] }, securityGroups: [sg(stack)] }))
      .toThrow(/^vpcSubnets: every subnet must belong to `vpc` \(vpc-1\), .* Got: \["\$\{Default\/Standalone\.Ref\}"\]\.$/);
  });

  test('accepts a standalone subnet created in the VPC', () => {
    const stack = new Stack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const subnet = new ec2.Subnet(stack, 'Standalone', { vpcId: vpc.vpcId, availabilityZone: vpc.availabilityZones[0], cidrBlock: '10.0.200.0/24' });
    expect(() => resolveNetwork({ vpc, vpcSubnets: { subnets: [subnet] }, securityGroups: [sg(stack)] })).not.toThrow();
  });

  test('accepts subnets of a VPC whose id is a parameter (not checkable)', () => {
    const stack = new Stack();
    const vpcId = new CfnParameter(stack, 'VpcId').valueAsString;
    const other = ec2.Vpc.fromVpcAttributes(stack, 'Other', {
      vpcId: new CfnParameter(stack, 'OtherVpcId').valueAsString, availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'],
    });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId, availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'] });
    expect(() => resolveNetwork({ vpc, vpcSubnets: { subnets: other.privateSubnets }, securityGroups: [sg(stack)] })).not.toThrow();
  });

  test('refuses vpcSubnets without a VPC', () => {
    expect(() => resolveNetwork({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }))
      .toThrow('vpcSubnets: subnets are chosen from `vpc`; give `vpc` too, or leave vpcSubnets out for a job outside a VPC. Got: {"subnetType":"Public"}.');
  });

  test('refuses a VPC with an empty security group list', () => {
    const stack = new Stack();
    expect(() => resolveNetwork({ vpc: imported(stack), securityGroups: [] }))
      .toThrow('securityGroups: a training job in a VPC needs 1 to 5 security groups (VpcConfig.SecurityGroupIds). Got: [].');
  });
});
