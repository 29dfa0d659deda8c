import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { readable } from './errors';
import { warnRole } from './warnings';

/**
 * Policies attached to the role from outside the construct, found in the role's stack at
 * synthesis: customer managed policies naming the role (`ManagedPolicy.attachToRole`,
 * `new iam.ManagedPolicy(..., { roles: [role] })`), inline policies (`new iam.Policy(..., { roles:
 * [role] })`, `role.attachInlinePolicy`) and L1 role policies. Each is named in a warning
 * (`ExternalPolicyAttached`): its permissions are the role's too, and the construct neither
 * checks nor proves them. The role's own managed policies are not reported, nor its default
 * policy, which holds the statements `acceptExternalGrants` lets in (reported by
 * `ExternalGrantsIgnored` when they are not). Policies in other stacks are not seen.
 */
export function reportAttachedPolicies(role: iam.Role, own: iam.IManagedPolicy[]): void {
  const stack = Stack.of(role);
  const roleRef = JSON.stringify({ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) });
  const ownL1s = new Set<IConstruct | undefined>(own.map((p) => p.node.defaultChild));
  const defaultPolicy = role.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
  const names = (value: unknown) => [stack.resolve(value)].flat().some((v) => JSON.stringify(v) === roleRef);
  for (const c of stack.node.findAll()) {
    if (ownL1s.has(c) || c === defaultPolicy) {
      continue;
    }
    if (c instanceof iam.CfnManagedPolicy && names(c.roles)) {
      warnRole(role, 'ExternalPolicyAttached', 'the customer managed policy', pathOf(c));
    } else if (c instanceof iam.CfnPolicy && names(c.roles)) {
      warnRole(role, 'ExternalPolicyAttached', 'the inline policy', pathOf(c));
    } else if (c instanceof iam.CfnRolePolicy && names(c.roleName)) {
      warnRole(role, 'ExternalPolicyAttached', 'the inline policy', pathOf(c));
    }
  }
}

/** Reports a managed policy attached with `role.addManagedPolicy` (an AWS managed policy, for example). */
export function reportAddedManagedPolicy(role: iam.Role, policy: iam.IManagedPolicy): void {
  warnRole(role, 'ExternalPolicyAttached', 'the managed policy', readable(policy.managedPolicyArn));
}

/** The path of the L2 a policy's L1 belongs to. */
function pathOf(l1: IConstruct): string {
  const parent = l1.node.scope;
  return parent && parent.node.defaultChild === l1 ? parent.node.path : l1.node.path;
}
