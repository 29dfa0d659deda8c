import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  allActions, arn, build, expectStatement, logicalIdOf, ref, roleWith, statementsOf,
} from '../util/statements';

const VPC_ID = 'vpc-0123456789abcdef0';
const SUBNET_A = 'subnet-0aaaaaaaaaaaaaaa1';
const SUBNET_B = 'subnet-0bbbbbbbbbbbbbbb2';
const SG_ID = 'sg-0123456789abcdef0';
const IN_ENV = ':ec2:us-east-1:111122223333';
const MANAGE_ACTIONS = ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'];
const DESCRIBE_ACTIONS = ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'];

function importedVpc(stack: Stack, id = 'Vpc', subnetIds = [SUBNET_A, SUBNET_B]): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, id, {
    vpcId: VPC_ID,
    availabilityZones: subnetIds.map((_, i) => `us-east-1${'abcdefghijklmnopqrstuvwxyz'[i]}`),
    privateSubnetIds: subnetIds,
  });
}

function securityGroup(stack: Stack, id = 'Sg', groupId = SG_ID): ec2.ISecurityGroup {
  return ec2.SecurityGroup.fromSecurityGroupId(stack, id, groupId);
}

function createdVpc(stack: Stack, id = 'Vpc'): ec2.Vpc {
  return new ec2.Vpc(stack, id, { maxAzs: 2, natGateways: 0 });
}

// Resources are listed in their stable (sorted) order, never in the order the props gave them.
describe('network interfaces (SPEC: VPC)', () => {
  test('grants CreateNetworkInterface on new interfaces, the selected subnets and the security groups', () => {
    const { template } = roleWith((stack) => ({ vpc: importedVpc(stack), securityGroups: [securityGroup(stack)] }), { env: true });
    expectStatement(template, {
      Sid: 'NetworkInterfaceCreate',
      Action: 'ec2:CreateNetworkInterface',
      Resource: [
        arn(`${IN_ENV}:network-interface/*`),
        arn(`${IN_ENV}:security-group/${SG_ID}`),
        arn(`${IN_ENV}:subnet/${SUBNET_A}`),
        arn(`${IN_ENV}:subnet/${SUBNET_B}`),
      ],
    });
  });

  test('grants permission and deletion on interfaces only in the VPC (ArnEquals ec2:Vpc)', () => {
    const { template } = roleWith((stack) => ({ vpc: importedVpc(stack), securityGroups: [securityGroup(stack)] }), { env: true });
    expectStatement(template, {
      Sid: 'NetworkInterfaceManage',
      Action: MANAGE_ACTIONS,
      Resource: arn(`${IN_ENV}:network-interface/*`),
      Condition: { ArnEquals: { 'ec2:Vpc': [arn(`${IN_ENV}:vpc/${VPC_ID}`)] } },
    });
  });

  test('grants the five EC2 Describe actions on * (wildcard-only)', () => {
    const { template } = roleWith((stack) => ({ vpc: importedVpc(stack), securityGroups: [securityGroup(stack)] }), { env: true });
    expectStatement(template, { Sid: 'NetworkDescribe', Action: DESCRIBE_ACTIONS, Resource: '*' });
  });

  test('a created VPC appears by Ref, its subnets by Ref and the security group by GroupId', () => {
    const { template } = roleWith((stack) => {
      const vpc = createdVpc(stack);
      return {
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc })],
      };
    });
    const inRegion = [':ec2:', ref('AWS::Region'), ':', ref('AWS::AccountId')];
    const subnets = ['VpcIsolatedSubnet1', 'VpcIsolatedSubnet2'].map((p) => logicalIdOf(template, 'AWS::EC2::Subnet', p));
    expectStatement(template, {
      Sid: 'NetworkInterfaceCreate',
      Action: 'ec2:CreateNetworkInterface',
      Resource: [
        arn(...inRegion, ':network-interface/*'),
        arn(...inRegion, ':security-group/', { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'Sg'), 'GroupId'] }),
        ...subnets.map((id) => arn(...inRegion, ':subnet/', ref(id))),
      ],
    });
    expectStatement(template, {
      Sid: 'NetworkInterfaceManage',
      Action: MANAGE_ACTIONS,
      Resource: arn(...inRegion, ':network-interface/*'),
      Condition: { ArnEquals: { 'ec2:Vpc': [arn(...inRegion, ':vpc/', ref(logicalIdOf(template, 'AWS::EC2::VPC', 'Vpc')))] } },
    });
  });

  test('names only the subnets vpcSubnets selects', () => {
    const { template } = roleWith((stack) => {
      const vpc = importedVpc(stack);
      return { vpc, vpcSubnets: { subnets: [vpc.privateSubnets[1]] }, securityGroups: [securityGroup(stack)] };
    }, { env: true });
    expect(statementsOf(template, 'NetworkInterfaceCreate').map((s) => s.Resource)).toEqual([[
      arn(`${IN_ENV}:network-interface/*`),
      arn(`${IN_ENV}:security-group/${SG_ID}`),
      arn(`${IN_ENV}:subnet/${SUBNET_B}`),
    ]]);
  });

  test('names every security group given', () => {
    const { template } = roleWith((stack) => ({
      vpc: importedVpc(stack),
      vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'A', SUBNET_A)] },
      securityGroups: [securityGroup(stack, 'Sg1', 'sg-0000aa01'), securityGroup(stack, 'Sg2', 'sg-0000aa02')],
    }), { env: true });
    expect(statementsOf(template, 'NetworkInterfaceCreate').map((s) => s.Resource)).toEqual([[
      arn(`${IN_ENV}:network-interface/*`),
      arn(`${IN_ENV}:security-group/sg-0000aa01`),
      arn(`${IN_ENV}:security-group/sg-0000aa02`),
      arn(`${IN_ENV}:subnet/${SUBNET_A}`),
    ]]);
  });

  test('without a VPC, no EC2 statement exists', () => {
    const { template } = roleWith();
    expect(statementsOf(template, 'NetworkInterfaceCreate')).toEqual([]);
    expect(statementsOf(template, 'NetworkInterfaceManage')).toEqual([]);
    expect(statementsOf(template, 'NetworkDescribe')).toEqual([]);
    expect(allActions(template).filter((a) => a.startsWith('ec2:'))).toEqual([]);
  });

  test('an empty securityGroups list without a VPC is no VPC', () => {
    const { template } = roleWith(() => ({ securityGroups: [] }));
    expect(allActions(template).filter((a) => a.startsWith('ec2:'))).toEqual([]);
  });
});

describe('bad input: network props', () => {
  test('fails when vpcSubnets is given without vpc', () => {
    expect(() => build(() => ({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } })))
      .toThrow('vpcSubnets: subnets are chosen from `vpc`; give `vpc` too, or leave vpcSubnets out for a job outside a VPC. Got: {"subnetType":"Isolated"}.');
  });

  test('fails when securityGroups is given without vpc, showing the group ids', () => {
    expect(() => build((stack) => ({ securityGroups: [securityGroup(stack)] })))
      .toThrow(`securityGroups: security groups apply to a job in a VPC; give \`vpc\` too, or leave securityGroups out. Got: ["${SG_ID}"].`);
  });

  test('fails when a created security group is given without vpc, naming the group by its path', () => {
    expect(() => build((stack) => ({ securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc: createdVpc(stack) })] })))
      .toThrow(/^securityGroups: security groups apply to a job in a VPC; .* Got: \["\$\{TestStack\/Sg\.GroupId\}"\]\.$/);
  });

  test('fails when vpc is given without security groups', () => {
    expect(() => build((stack) => ({ vpc: importedVpc(stack) })))
      .toThrow('securityGroups: a training job in a VPC needs 1 to 5 security groups (VpcConfig.SecurityGroupIds). Got: [].');
  });

  test('fails with more than 5 security groups', () => {
    const ids = ['sg-0000aa01', 'sg-0000aa02', 'sg-0000aa03', 'sg-0000aa04', 'sg-0000aa05', 'sg-0000aa06'];
    expect(() => build((stack) => ({
      vpc: importedVpc(stack),
      securityGroups: ids.map((id) => securityGroup(stack, id, id)),
    }))).toThrow(`securityGroups: a training job in a VPC needs 1 to 5 security groups (VpcConfig.SecurityGroupIds). Got: ${JSON.stringify(ids)}.`);
  });

  test('accepts exactly 5 security groups', () => {
    const ids = ['sg-0000aa01', 'sg-0000aa02', 'sg-0000aa03', 'sg-0000aa04', 'sg-0000aa05'];
    expect(() => build((stack) => ({
      vpc: importedVpc(stack),
      securityGroups: ids.map((id) => securityGroup(stack, id, id)),
    }))).not.toThrow();
  });

  test('fails with more than 16 subnets', () => {
    const ids = Array.from({ length: 17 }, (_, i) => `subnet-000000${String(i).padStart(2, '0')}`);
    expect(() => build((stack) => ({ vpc: importedVpc(stack, 'Vpc', ids), securityGroups: [securityGroup(stack)] })))
      .toThrow('vpcSubnets: a training job needs 1 to 16 subnets (VpcConfig.Subnets); the selection gives 17. Got: {}.');
  });

  test('accepts exactly 16 subnets', () => {
    const ids = Array.from({ length: 16 }, (_, i) => `subnet-000000${String(i).padStart(2, '0')}`);
    expect(() => build((stack) => ({ vpc: importedVpc(stack, 'Vpc', ids), securityGroups: [securityGroup(stack)] })))
      .not.toThrow();
  });

  test('fails with an empty subnet list', () => {
    expect(() => build((stack) => ({ vpc: importedVpc(stack), vpcSubnets: { subnets: [] }, securityGroups: [securityGroup(stack)] })))
      .toThrow('vpcSubnets: a training job needs 1 to 16 subnets (VpcConfig.Subnets); the selection gives 0. Got: {"subnets":[]}.');
  });

  test('fails when a subnet filter selects nothing', () => {
    expect(() => build((stack) => ({
      vpc: importedVpc(stack),
      vpcSubnets: { subnetFilters: [ec2.SubnetFilter.byIds(['subnet-elsewhere'])] },
      securityGroups: [securityGroup(stack)],
    }))).toThrow('vpcSubnets: a training job needs 1 to 16 subnets (VpcConfig.Subnets); the selection gives 0. Got: {"subnetFilters":"1 filter(s)"}.');
  });

  test('fails when a subnet id is not one of the imported VPC\'s subnets', () => {
    expect(() => build((stack) => ({
      vpc: importedVpc(stack),
      vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'Other', 'subnet-0ccccccccccccccc3')] },
      securityGroups: [securityGroup(stack)],
    }))).toThrow(`vpcSubnets: every subnet must belong to \`vpc\` (${VPC_ID}), whose subnets are ${SUBNET_A}, ${SUBNET_B}. Got: ["subnet-0ccccccccccccccc3"].`);
  });

  test('fails when the subnets belong to another created VPC', () => {
    expect(() => build((stack) => {
      const vpc = createdVpc(stack);
      const other = createdVpc(stack, 'OtherVpc');
      return { vpc, vpcSubnets: { subnets: [other.isolatedSubnets[0]] }, securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc })] };
    })).toThrow(/^vpcSubnets: every subnet must belong to `vpc` \(\$\{TestStack\/Vpc\.Ref\}\), whose subnets are .* Got: \["\$\{TestStack\/OtherVpc\/IsolatedSubnet1\.Ref\}"\]\.$/);
  });

  test('fails when a created VPC\'s subnets are given with an imported VPC', () => {
    expect(() => build((stack) => ({
      vpc: importedVpc(stack),
      vpcSubnets: { subnets: createdVpc(stack, 'OtherVpc').isolatedSubnets },
      securityGroups: [securityGroup(stack)],
    }))).toThrow(/^vpcSubnets: every subnet must belong to `vpc` \(vpc-0123456789abcdef0\), .* Got: \["\$\{TestStack\/OtherVpc\/IsolatedSubnet1\.Ref\}","\$\{TestStack\/OtherVpc\/IsolatedSubnet2\.Ref\}"\]\.$/);
  });

  test('accepts the created VPC\'s own subnets given explicitly', () => {
    expect(() => build((stack) => {
      const vpc = createdVpc(stack);
      return { vpc, vpcSubnets: { subnets: vpc.isolatedSubnets }, securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc })] };
    })).not.toThrow();
  });

  test('accepts subnets of the same VPC imported twice', () => {
    expect(() => build((stack) => ({
      vpc: importedVpc(stack),
      vpcSubnets: { subnets: importedVpc(stack, 'SameVpc').privateSubnets },
      securityGroups: [securityGroup(stack)],
    }))).not.toThrow();
  });

  test('accepts a subnet whose id is a parameter (it cannot be checked at synth)', () => {
    expect(() => build((stack) => ({
      vpc: importedVpc(stack),
      vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'P', new CfnParameter(stack, 'SubnetId').valueAsString)] },
      securityGroups: [securityGroup(stack)],
    }))).not.toThrow();
  });
});

describe('the switch for DeleteNetworkInterfacePermission (unconfirmed resource)', () => {
  test('networkInterfacePermissionDeletionOnAnyResource moves only that action to its own statement on *', () => {
    const { template } = roleWith((stack) => ({
      vpc: importedVpc(stack), securityGroups: [securityGroup(stack)], networkInterfacePermissionDeletionOnAnyResource: true,
    }), { env: true });
    expectStatement(template, { Sid: 'NetworkInterfacePermissionDelete', Action: 'ec2:DeleteNetworkInterfacePermission', Resource: '*' });
    expect(statementsOf(template, 'NetworkInterfaceManage').map((s) => s.Action))
      .toEqual([['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface']]);
  });

  test('by default the action stays scoped to the VPC and no statement on * exists for it', () => {
    const { template } = roleWith((stack) => ({ vpc: importedVpc(stack), securityGroups: [securityGroup(stack)] }), { env: true });
    expect(statementsOf(template, 'NetworkInterfacePermissionDelete')).toEqual([]);
  });
});
