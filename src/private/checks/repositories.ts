import { Token } from 'aws-cdk-lib';
import { TrainingRoleError } from '../errors';
import { ResolvedRoleProps } from '../resolved-role-props';

/** ECR's rule for repository names (2 to 256 characters). */
const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** An image URI: `<account>.dkr.ecr.<region>.<domain>/<name>[:tag|@digest]`. */
const IMAGE_URI = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.[a-z0-9.]+\/([^:@]+)(?:[:@].*)?$/;

/**
 * An image URI or an invalid name given as an ECR repository: error. The grant would name a
 * repository that cannot exist.
 */
export function checkRepositories(role: ResolvedRoleProps): void {
  for (const { prop, repository } of role.repositories) {
    const name = repository.repositoryName;
    if (Token.isUnresolved(name)) {
      continue;
    }
    const image = IMAGE_URI.exec(name);
    if (image || /[:@]|\.dkr\.ecr\./.test(name)) {
      const which = image ? ` "${image[3]}" of account ${image[1]} in ${image[2]}` : '';
      throw new TrainingRoleError(prop, name,
        `an image URI is not a repository: give the repository${which} (ecr.Repository.fromRepositoryArn with its repository ARN, or fromRepositoryName in the role's own account and region). The role may pull every tag and digest of the repositories it is given.`);
    }
    if (name.length < 2 || name.length > 256 || !ECR_REPOSITORY_NAME.test(name)) {
      throw new TrainingRoleError(prop, name,
        'ECR repository names are 2 to 256 lower case letters, digits and "._-/" separators, for example "training/pytorch".');
    }
  }
}
