import { Stack } from 'aws-cdk-lib';
import { newStack, roleLogicalId, templateOf } from './fixtures';
import { rolePolicies, trustPolicy } from './resolve';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../../src';

/** A role's policies and trust policy as IAM will see them, policies ordered by name. */
export function resolvedRole(fixture: (stack: Stack) => SageMakerTrainingRoleProps, env = false) {
  const stack = newStack({ env });
  const role = new SageMakerTrainingRole(stack, 'TrainingRole', fixture(stack));
  const template = templateOf(stack);
  const id = roleLogicalId(stack, role);
  const policies = rolePolicies(template, id)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, policy }) => ({ name, statements: policy.Statement as any[] }));
  return { policies, trust: trustPolicy(template, id) };
}
