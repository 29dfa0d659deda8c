import { Aws, CfnMapping, Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import { Construct } from 'constructs';
import { arnContext, regionalArn } from './private/arns';
import { DLC_ACCOUNTS } from './private/dlc-accounts';
import { TrainingRoleError } from './private/errors';
import { literalShape, UNKNOWN } from './private/tokens';

/** ECR's repository name rule. */
const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * What the role needs to know of a training image.
 */
export interface TrainingImageConfig {
  /** The ARN of the ECR repository the image is pulled from. */
  readonly repositoryArn: string;

  /**
   * The repository, when it is a construct of the app (checked like `ecrRepositories`: region,
   * name, account).
   *
   * @default - not a repository construct (an AWS Deep Learning Containers repository)
   */
  readonly repository?: ecr.IRepository;
}

/**
 * Options for `TrainingImage.fromDeepLearningContainer`.
 */
export interface DeepLearningContainerOptions {
  /**
   * The AWS account that publishes the Deep Learning Containers in the stack's region.
   *
   * The image is always pulled in the stack's region: SageMaker refuses images from another one.
   * An account id is 12 digits; anything else (a wildcard) is refused.
   *
   * @default - the publishing account of the stack's region, from the Deep Learning Containers
   * "Available images" list (763104351884 in most commercial regions); a region without a known
   * account fails at synth (a concrete region) or at deployment (an environment-agnostic stack,
   * through a CloudFormation mapping)
   */
  readonly account?: string;
}

/**
 * A training image (`AlgorithmSpecification.TrainingImage`): where the role pulls it from.
 */
export abstract class TrainingImage {
  /** An image in an ECR repository of yours. */
  public static fromEcrRepository(repository: ecr.IRepository): TrainingImage {
    return new RepositoryImage(() => repository);
  }

  /** An image built and published by CDK (`DockerImageAsset`): pulled from the assets repository. */
  public static fromAsset(asset: ecrAssets.DockerImageAsset): TrainingImage {
    return new RepositoryImage(() => asset.repository);
  }

  /**
   * An AWS Deep Learning Containers image, such as `pytorch-training`: pulled from the
   * repository of that name in AWS's publishing account. Pulling needs the role's permissions;
   * the repository's own policy already admits every AWS account.
   *
   * @param repositoryName the repository, for example `pytorch-training`
   */
  public static fromDeepLearningContainer(repositoryName: string, options: DeepLearningContainerOptions = {}): TrainingImage {
    return new DeepLearningContainerImage(repositoryName, options);
  }

  /** The repository to pull from, in the context of `scope`. */
  public abstract bind(scope: Construct): TrainingImageConfig;
}

class RepositoryImage extends TrainingImage {
  constructor(private readonly repository: () => ecr.IRepository) {
    super();
  }

  public bind(_scope: Construct): TrainingImageConfig {
    const repository = this.repository();
    return { repositoryArn: repository.repositoryArn, repository };
  }
}

class DeepLearningContainerImage extends TrainingImage {
  constructor(private readonly repositoryName: string, private readonly options: DeepLearningContainerOptions) {
    super();
    if (!Token.isUnresolved(repositoryName) && !ECR_REPOSITORY_NAME.test(repositoryName)) {
      throw new TrainingRoleError('TrainingImage.fromDeepLearningContainer(repositoryName)', repositoryName,
        'give the repository name only, such as "pytorch-training" (lower-case letters, digits, and . _ - / between them), not an image URI or tag.');
    }
    const account = options.account;
    if (account !== undefined && !(Token.isUnresolved(account) ? /^\d*$/.test(literalShape(account).split(UNKNOWN).join('')) : /^\d{12}$/.test(account))) {
      throw new TrainingRoleError('TrainingImage.fromDeepLearningContainer(options.account)', account,
        'an AWS account id is 12 digits; give the publishing account of the stack\'s region from the "Available images" list of the Deep Learning Containers documentation (IAM would read "*" or "?" as wildcards and grant pulls from every account\'s repository of that name).');
    }
  }

  public bind(scope: Construct): TrainingImageConfig {
    const stack = Stack.of(scope);
    const ctx = arnContext(stack);
    return {
      repositoryArn: regionalArn({ ...ctx, account: this.options.account ?? publishingAccount(stack) }, 'ecr', `repository/${this.repositoryName}`),
    };
  }
}

/** The Deep Learning Containers account of the stack's region: looked up now, or at deployment. */
function publishingAccount(stack: Stack): string {
  if (!Token.isUnresolved(stack.region)) {
    const account = DLC_ACCOUNTS[stack.region];
    if (!account) {
      throw new TrainingRoleError('TrainingImage.fromDeepLearningContainer(options.account)', stack.region,
        `no publishing account of AWS Deep Learning Containers is known for this region; give options.account from the "Available images" list of the Deep Learning Containers documentation (known regions: ${Object.keys(DLC_ACCOUNTS).sort().join(', ')}).`);
    }
    return account;
  }
  const id = 'DeepLearningContainerAccounts';
  const mapping = (stack.node.tryFindChild(id) as CfnMapping | undefined) ?? new CfnMapping(stack, id, {
    mapping: Object.fromEntries(Object.entries(DLC_ACCOUNTS).map(([region, account]) => [region, { account }])),
  });
  return mapping.findInMap(Aws.REGION, 'account');
}
