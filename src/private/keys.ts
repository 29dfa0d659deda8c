import { Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { TrainingRoleError } from './errors';

/**
 * The ARN of a key, refusing aliases: an alias ARN in a policy's `Resource` does not authorize use
 * of the key behind it, so a grant on it would be silently useless.
 */
export function keyArnOf(prop: string, key: kms.IKey): string {
  const arn = key.keyArn;
  const isAlias = 'aliasName' in key || (!Token.isUnresolved(arn) && /:alias\//.test(arn));
  if (isAlias) {
    const shown = 'aliasName' in key && !Token.isUnresolved((key as kms.IAlias).aliasName)
      ? (key as kms.IAlias).aliasName : arn;
    throw new TrainingRoleError(prop, shown,
      'give the key itself (kms.Key, or Key.fromKeyArn with an ARN ending in key/<key-id>), not an alias: IAM authorizes a key by its key ARN, so a grant on an alias ARN would not let the role use the key.');
  }
  return arn;
}
