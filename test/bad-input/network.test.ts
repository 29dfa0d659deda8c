/**
 * Bad VPC props, each refused with the exact message: subnets outside the VPC, subnets or
 * security groups without a VPC, a VPC without security groups, an empty subnet selection, and
 * security groups of another VPC.
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { build } from '../util/statements';

const VPC_ID = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'];
const SG_ID = 'sg-0123456789abcdef0';

const importedVpc = (stack: Stack) => ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: VPC_ID, availabilityZones: ['us-east-1a', 'us-east-1b'], privateSubnetIds: SUBNETS });
const sg = (stack: Stack, id = SG_ID) => ec2.SecurityGroup.fromSecurityGroupId(stack, `Sg-${id}`, id);
const isolatedVpc = (stack: Stack, id: string) => new ec2.Vpc(stack, id, { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });

describe('bad VPC props', () => {
  test('fails for a subnet outside the VPC, listing the VPC\'s subnets', () => {
    expect(() => build((stack) => ({
      vpc: importedVpc(stack),
      vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'Stray', 'subnet-0ccccccccccccccc3')] },
      securityGroups: [sg(stack)],
    }))).toThrow(`vpcSubnets: every subnet must belong to \`vpc\` (${VPC_ID}), whose subnets are ${SUBNETS.join(', ')}. Got: ["subnet-0ccccccccccccccc3"].`);
  });

  test('fails for subnets of another VPC created in the app', () => {
    expect(() => build((stack) => {
      const vpc = isolatedVpc(stack, 'Vpc');
      const other = isolatedVpc(stack, 'OtherVpc');
      return { vpc, vpcSubnets: { subnets: [other.isolatedSubnets[0]] }, securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc })] };
    })).toThrow('vpcSubnets: every subnet must belong to `vpc` (${TestStack/Vpc.Ref}), whose subnets are ${TestStack/Vpc/IsolatedSubnet1.Ref}, ${TestStack/Vpc/IsolatedSubnet2.Ref}. Got: ["${TestStack/OtherVpc/IsolatedSubnet1.Ref}"].');
  });

  test('fails for subnets without a VPC', () => {
    expect(() => build((stack) => ({ vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'S', SUBNETS[0])] } })))
      .toThrow(`vpcSubnets: subnets are chosen from \`vpc\`; give \`vpc\` too, or leave vpcSubnets out for a job outside a VPC. Got: {"subnets":["${SUBNETS[0]}"]}.`);
  });

  test('fails for security groups without a VPC', () => {
    expect(() => build((stack) => ({ securityGroups: [sg(stack)] })))
      .toThrow(`securityGroups: security groups apply to a job in a VPC; give \`vpc\` too, or leave securityGroups out. Got: ["${SG_ID}"].`);
  });

  test('fails for a VPC without security groups', () => {
    expect(() => build((stack) => ({ vpc: importedVpc(stack) })))
      .toThrow('securityGroups: a training job in a VPC needs 1 to 5 security groups (VpcConfig.SecurityGroupIds). Got: [].');
  });

  test('fails for security groups with an empty subnet list', () => {
    expect(() => build((stack) => ({ vpc: importedVpc(stack), vpcSubnets: { subnets: [] }, securityGroups: [sg(stack)] })))
      .toThrow('vpcSubnets: a training job needs 1 to 16 subnets (VpcConfig.Subnets); the selection gives 0. Got: {"subnets":[]}.');
  });

  test('fails for a selection that matches no subnet (a subnet type the VPC does not have)', () => {
    expect(() => build((stack) => ({ vpc: importedVpc(stack), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, securityGroups: [sg(stack)] })))
      .toThrow('vpcSubnets: the selection matches no subnets of `vpc` (There are no \'Public\' subnet groups in this VPC. Available types: Deprecated_Private_NAT,Private,Deprecated_Private); a training job needs 1 to 16 subnets (VpcConfig.Subnets). Got: {"subnetType":"Public"}.');
  });

  test('fails for six security groups', () => {
    const ids = [1, 2, 3, 4, 5, 6].map((i) => `sg-000000000000000${i}`);
    expect(() => build((stack) => ({ vpc: importedVpc(stack), securityGroups: ids.map((id) => sg(stack, id)) })))
      .toThrow(`securityGroups: a training job in a VPC needs 1 to 5 security groups (VpcConfig.SecurityGroupIds). Got: ${JSON.stringify(ids)}.`);
  });

  test('fails for a security group created in another VPC', () => {
    expect(() => build((stack) => {
      const vpc = isolatedVpc(stack, 'Vpc');
      const other = isolatedVpc(stack, 'OtherVpc');
      return { vpc, securityGroups: [new ec2.SecurityGroup(stack, 'ForeignSg', { vpc: other })] };
    })).toThrow('securityGroups: every security group must belong to `vpc` (${TestStack/Vpc.Ref}): EC2 creates the job\'s network interfaces in its subnets and refuses security groups of another VPC. Got: ["${TestStack/ForeignSg.GroupId}"].');
  });

  test('accepts a security group created in the VPC, and an imported one (undecidable)', () => {
    expect(() => build((stack) => {
      const vpc = isolatedVpc(stack, 'Vpc');
      return { vpc, securityGroups: [new ec2.SecurityGroup(stack, 'OwnSg', { vpc }), sg(stack)] };
    })).not.toThrow();
  });
});
