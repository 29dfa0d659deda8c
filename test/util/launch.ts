/**
 * A training role and a launcher (an `iam.Role` in the same stack) granted `grantLaunch`: the
 * launcher's policy in CloudFormation form and resolved, for fine-grained and simulation tests.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { newStack, roleLogicalId, StackOptions, templateOf } from './fixtures';
import { resolveIntrinsics } from './resolve';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps, TrainingJobLaunchOptions } from '../../src';

export interface Launch {
  readonly stack: Stack;
  readonly props: SageMakerTrainingRoleProps;
  readonly role: SageMakerTrainingRole;
  readonly launcher: iam.Role;
  readonly grant: iam.Grant;
  readonly template: Template;
  /** The logical id of the launcher role. */
  readonly launcherId: string;
  /** The logical id of the training role. */
  readonly roleId: string;
  /** Every statement of the launcher's policies, in CloudFormation form. */
  readonly statements: any[];
  /** The launcher's policies, resolved to plain IAM JSON (throws for a template with parameters). */
  readonly policies: { name: string; policy: any }[];
  /** The deployed value of a CDK string (a literal or a token). */
  value(v: string): string;
}

/**
 * Builds the role from `fixture` in a fresh stack, a launcher role, and grants the launcher
 * `grantLaunch(launcher, options)`.
 */
export function launchWith(
  fixture: (stack: Stack) => SageMakerTrainingRoleProps,
  options: TrainingJobLaunchOptions | ((stack: Stack) => TrainingJobLaunchOptions) = {},
  stackOptions: StackOptions = {},
): Launch {
  const stack = newStack(stackOptions);
  const props = fixture(stack);
  const role = new SageMakerTrainingRole(stack, 'TrainingRole', props);
  const launcher = new iam.Role(stack, 'Launcher', { assumedBy: new iam.AccountRootPrincipal() });
  const grant = role.grantLaunch(launcher, typeof options === 'function' ? options(stack) : options);
  const json = templateOf(stack);
  const launcherId = stack.getLogicalId(launcher.node.defaultChild as iam.CfnRole);
  const policies = granteePolicies(json, launcherId);
  return {
    stack,
    props,
    role,
    launcher,
    grant,
    template: Template.fromJSON(json),
    launcherId,
    roleId: roleLogicalId(stack, role),
    statements: policies.flatMap((p) => p.statements),
    // Resolved on demand: a template with parameters has statements but no deployed values.
    get policies() {
      return policies.map((p) => ({ name: p.name, policy: resolveIntrinsics(json, p.document) }));
    },
    value: (v: string) => {
      const resolved = resolveIntrinsics(json, stack.resolve(v));
      if (typeof resolved !== 'string') {
        throw new Error(`${v} does not resolve to a string: ${JSON.stringify(resolved)}`);
      }
      return resolved;
    },
  };
}

/** The inline policies (`AWS::IAM::Policy`) attached to a role, in CloudFormation form. */
function granteePolicies(template: any, roleId: string): { name: string; document: any; statements: any[] }[] {
  return Object.entries(template.Resources as Record<string, any>)
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties.Roles ?? []).some((role: any) => role.Ref === roleId))
    .map(([id, r]) => ({ name: id, document: r.Properties.PolicyDocument, statements: r.Properties.PolicyDocument.Statement }));
}
