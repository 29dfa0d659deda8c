import { Token } from 'aws-cdk-lib';
import { JOB_NAME_PREFIX, JOB_NAME_PREFIX_RULE } from '../../permissions/trust';
import { SageMakerTrainingRoleProps } from '../../training-role-props';
import { TrainingRoleError } from '../errors';

/**
 * Checks the props the construct passes to `iam.Role`, before it does, so that the message names
 * the prop, shows the value and says what IAM allows (IAM `CreateRole`).
 */
export function checkRoleProps(props: Pick<SageMakerTrainingRoleProps, 'roleName' | 'path' | 'maxSessionDuration' | 'trainingJobNamePrefix' | 'maxManagedPolicies' | 'reservedManagedPolicies'>): void {
  const { roleName, path, maxSessionDuration, trainingJobNamePrefix: prefix, maxManagedPolicies } = props;
  if (prefix !== undefined && !Token.isUnresolved(prefix) && !JOB_NAME_PREFIX.test(prefix)) {
    throw new TrainingRoleError('trainingJobNamePrefix', prefix, JOB_NAME_PREFIX_RULE);
  }
  const maxPolicies = maxManagedPolicies ?? 10;
  if (!Number.isInteger(maxPolicies) || maxPolicies < 1 || maxPolicies > 20) {
    throw new TrainingRoleError('maxManagedPolicies', maxPolicies,
      'IAM attaches 10 managed policies to a role by default and at most 20 with a raised quota; give a whole number from 1 to 20.');
  }
  const reserved = props.reservedManagedPolicies ?? 0;
  if (!Number.isInteger(reserved) || reserved < 0 || reserved > 19) {
    throw new TrainingRoleError('reservedManagedPolicies', reserved,
      'give a whole number from 0 to 19: the role needs at least one of its at most 20 managed policies.');
  }
  if (reserved >= maxPolicies) {
    throw new TrainingRoleError('reservedManagedPolicies', reserved,
      `reserving ${reserved} of maxManagedPolicies ${maxPolicies} leaves no managed policy for the role's own permissions; reserve at most ${maxPolicies - 1}, or raise maxManagedPolicies (up to 20, with a raised quota).`);
  }
  if (roleName !== undefined && !Token.isUnresolved(roleName) && !/^[\w+=,.@-]{1,64}$/.test(roleName)) {
    throw new TrainingRoleError('roleName', roleName,
      'IAM role names are 1 to 64 characters: letters, digits and + = , . @ _ -.');
  }
  if (path !== undefined && !Token.isUnresolved(path) && (path.length > 512 || !/^(\/|\/[\u0021-\u007f]+\/)$/.test(path))) {
    throw new TrainingRoleError('path', path,
      'an IAM path is "/" alone, or starts and ends with "/" with printable ASCII characters between, at most 512 in all; for example "/ml/training/".');
  }
  if (maxSessionDuration !== undefined) {
    let seconds: number;
    try {
      seconds = maxSessionDuration.toSeconds({ integral: false });
    } catch {
      // A duration of unresolved hours or minutes cannot be converted: IAM checks it at deployment.
      return;
    }
    if (!Token.isUnresolved(seconds) && (!Number.isInteger(seconds) || seconds < 3600 || seconds > 43200)) {
      throw new TrainingRoleError('maxSessionDuration', maxSessionDuration.toHumanString(),
        'IAM allows a maximum session duration from 1 to 12 hours, in whole seconds (3600 to 43200).');
    }
  }
}
