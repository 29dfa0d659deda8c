import { Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { TrainingRoleError } from './errors';

/**
 * The ARN of a key, refusing aliases: an alias ARN in a policy's `Resource` does not authorize use
 * of the key behind it, so a grant on it would be silently useless.
 *
 * An alias is recognized as an `IAlias` (`new kms.Alias`, `Alias.fromAliasName`), or as an ARN
 * whose literal part names an alias (`Key.fromKeyArn('arn:...:alias/name')`, also when the
 * partition, region or account are tokens). A key ARN that is a single token (a parameter, an
 * import) cannot be checked and is accepted.
 */
export function keyArnOf(prop: string, key: kms.IKey): string {
  const arn = key.keyArn;
  if (isAlias(key) || /:alias\//.test(arn)) {
    const shown = aliasShown(key);
    if (/(^|:)alias\/aws\//.test(shown)) {
      throw new TrainingRoleError(prop, shown, AWS_MANAGED_KEY);
    }
    throw new TrainingRoleError(prop, shown,
      'give the key itself (kms.Key, or Key.fromKeyArn with an ARN ending in key/<key-id>), not an alias: IAM authorizes a key by its key ARN, so a grant on an alias ARN would not let the role use the key.');
  }
  return arn;
}

/**
 * AWS managed keys (`alias/aws/s3`, `alias/aws/ebs`, ...) have key policies AWS writes: they let
 * every principal of the account use the key through its service (`kms:CallerAccount` and
 * `kms:ViaService`), and nobody can change them. The role needs no permission for them, and a
 * grant on the alias would authorize nothing.
 */
const AWS_MANAGED_KEY = 'an AWS managed key (alias/aws/...) needs no permission in the role: its key policy, which AWS writes and nobody can change, lets every principal of the account use it through its service. Leave the key out; SageMaker and S3 use the AWS managed key when no key is given.';

function isAlias(key: kms.IKey): key is kms.IAlias {
  return 'aliasName' in key;
}

/** The alias name when it is known at synth time, else the ARN. */
function aliasShown(key: kms.IKey): string {
  if (isAlias(key)) {
    if (!Token.isUnresolved(key.aliasName)) {
      return key.aliasName;
    }
    // `new kms.Alias` exposes its name as a token; the name it was given is on its L1.
    const l1 = key.node.defaultChild;
    if (l1 instanceof kms.CfnAlias && !Token.isUnresolved(l1.aliasName)) {
      return l1.aliasName;
    }
  }
  return key.keyArn;
}
