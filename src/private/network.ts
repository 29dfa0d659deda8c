import { CfnResource, Reference, Token, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { TrainingRoleError } from './errors';
import { NetworkInputs } from './resolved-role-props';

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

  let selected: ec2.SelectedSubnets;
  try {
    selected = vpc.selectSubnets(vpcSubnets);
  } catch (e) {
    // CDK refuses a selection of a subnet type or group the VPC does not have.
    throw new TrainingRoleError('vpcSubnets', describeSelection(vpcSubnets ?? {}),
      `the selection matches no subnets of \`vpc\` (${(e as Error).message}); a training job needs 1 to 16 subnets (VpcConfig.Subnets).`);
  }
  const subnetIds = selected.subnetIds;
  if (subnetIds.length < 1 || subnetIds.length > 16) {
    throw new TrainingRoleError('vpcSubnets', describeSelection(vpcSubnets ?? {}),
      `a training job needs 1 to 16 subnets (VpcConfig.Subnets); the selection gives ${subnetIds.length}.`);
  }

  if (vpcSubnets?.subnets) {
    const known = [...vpc.publicSubnets, ...vpc.privateSubnets, ...vpc.isolatedSubnets].map((s) => s.subnetId);
    const outside = vpcSubnets.subnets.filter((s) => !inVpc(vpc, s, known)).map((s) => s.subnetId);
    if (outside.length > 0) {
      throw new TrainingRoleError('vpcSubnets', outside,
        `every subnet must belong to \`vpc\` (${vpc.vpcId}), whose subnets are ${known.join(', ') || 'not known'}.`);
    }
  }

  // A security group created here names its VPC on its L1; an imported one cannot be checked.
  const foreignGroups = groups.filter((g) => {
    const l1 = g.node.defaultChild;
    return l1 instanceof ec2.CfnSecurityGroup && typeof l1.vpcId === 'string' && knownToDiffer(l1.vpcId, vpc.vpcId);
  });
  if (foreignGroups.length > 0) {
    throw new TrainingRoleError('securityGroups', foreignGroups.map((g) => g.securityGroupId),
      `every security group must belong to \`vpc\` (${vpc.vpcId}): EC2 creates the job's network interfaces in its subnets and refuses security groups of another VPC.`);
  }

  return {
    vpcArn: vpc.vpcArn,
    // Subnets belong to the VPC's owner: in a shared VPC (AWS RAM) another account than the role's.
    subnetOwner: { account: vpc.env.account, region: vpc.env.region },
    subnetIds,
    securityGroupIds: groups.map((g) => g.securityGroupId),
  };
}

/**
 * False when the subnet is known to belong to another VPC: it was created in (or imported with)
 * a VPC construct whose id differs, its L1 names another VPC, or its id is concrete and not among
 * the VPC's concrete subnet ids. Undecidable cases (parameters, imports) count as inside.
 */
function inVpc(vpc: ec2.IVpc, subnet: ec2.ISubnet, known: string[]): boolean {
  const owner = enclosingVpc(subnet);
  if (owner && owner !== vpc && knownToDiffer(owner.vpcId, vpc.vpcId)) {
    return false;
  }
  const l1 = subnet.node.defaultChild ?? subnet.node.tryFindChild('Subnet');
  if (l1 instanceof ec2.CfnSubnet && knownToDiffer(l1.vpcId, vpc.vpcId)) {
    return false;
  }
  const checkable = known.length > 0 && known.every((id) => !Token.isUnresolved(id));
  return !checkable || Token.isUnresolved(subnet.subnetId) || known.includes(subnet.subnetId);
}

/** The nearest VPC construct above the subnet, if any. */
function enclosingVpc(subnet: ec2.ISubnet): (ec2.IVpc & IConstruct) | undefined {
  const ancestors = subnet.node.scopes.slice(0, -1).reverse();
  return ancestors.find((c): c is ec2.IVpc & IConstruct => 'vpcId' in c && 'selectSubnets' in c);
}

/**
 * True when two VPC ids certainly name different VPCs: each is concrete or a reference to a
 * resource of this app, and they differ. (A VPC created here is never one that already has an
 * id.) A parameter or an import may hold any id, so it never differs for sure.
 */
function knownToDiffer(a: string, b: string): boolean {
  const ia = identity(a);
  const ib = identity(b);
  return ia !== undefined && ib !== undefined && ia !== ib;
}

function identity(value: string): string | undefined {
  if (!Token.isUnresolved(value)) {
    return `literal:${value}`;
  }
  const fragments = Tokenization.reverseString(value);
  const token = fragments.length === 1 ? fragments.firstToken : undefined;
  if (token && Reference.isReference(token) && CfnResource.isCfnResource(token.target)) {
    return `resource:${token.target.node.path}#${token.displayName}`;
  }
  return undefined;
}

function describeSelection(selection: ec2.SubnetSelection): unknown {
  return {
    ...selection,
    subnets: selection.subnets?.map((s) => s.subnetId),
    subnetFilters: selection.subnetFilters ? `${selection.subnetFilters.length} filter(s)` : undefined,
  };
}
