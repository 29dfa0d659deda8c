import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { problemText } from '../errors';
import { bucketNameProblem } from '../locations';
import { ResolvedRoleProps } from '../resolved-role-props';
import { prefixProblem } from '../s3-prefix';

/**
 * Prefixes and bucket names that are unresolved now may be known at synthesis (`Lazy` values):
 * they are checked then, with the same rules. Parameters and references stay unresolved and are
 * accepted.
 */
export function checkWhenKnown(scope: IConstruct, role: ResolvedRoleProps): void {
  const late = role.locations.filter((l) => Token.isUnresolved(l.prefix) || Token.isUnresolved(l.bucketName));
  if (late.length === 0) {
    return;
  }
  scope.node.addValidation({
    validate: () => {
      const stack = Stack.of(scope);
      const errors: string[] = [];
      for (const l of late) {
        const prefix = stack.resolve(l.prefix);
        const prefixIssue = typeof prefix === 'string' && Token.isUnresolved(l.prefix) ? prefixProblem(prefix) : undefined;
        if (prefixIssue !== undefined) {
          errors.push(problemText(`${l.prop}.prefix`, prefix, prefixIssue));
        }
        const name = stack.resolve(l.bucketName);
        const nameIssue = typeof name === 'string' && Token.isUnresolved(l.bucketName) ? bucketNameProblem(name) : undefined;
        if (nameIssue !== undefined) {
          errors.push(problemText(`${l.prop}.bucket`, name, nameIssue));
        }
      }
      return errors;
    },
  });
}
