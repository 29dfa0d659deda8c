import { Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import { Construct } from 'constructs';
import { arnContext, regionalArn } from './private/arns';
import { TrainingRoleError } from './private/errors';

/** ECR's repository name rule. */
const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * What the role needs to know of a training image.
 */
export interface TrainingImageConfig {
  /** The ARN of the ECR repository the image is pulled from. */
  readonly repositoryArn: string;
}

/**
 * Options for `TrainingImage.fromDeepLearningContainer`.
 */
export interface DeepLearningContainerOptions {
  /**
   * The AWS account that publishes the Deep Learning Containers in the region.
   *
   * @default '763104351884' (the publishing account of most commercial regions; some regions use
   * another, listed in the Deep Learning Containers documentation under "Available images")
   */
  readonly account?: string;

  /**
   * The region of the registry.
   *
   * @default - the stack's region
   */
  readonly region?: string;
}

/**
 * A training image (`AlgorithmSpecification.TrainingImage`): where the role pulls it from.
 */
export abstract class TrainingImage {
  /** An image in an ECR repository of yours. */
  public static fromEcrRepository(repository: ecr.IRepository): TrainingImage {
    return new RepositoryImage(() => repository.repositoryArn);
  }

  /** An image built and published by CDK (`DockerImageAsset`): pulled from the assets repository. */
  public static fromAsset(asset: ecrAssets.DockerImageAsset): TrainingImage {
    return new RepositoryImage(() => asset.repository.repositoryArn);
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
  constructor(private readonly arn: () => string) {
    super();
  }

  public bind(_scope: Construct): TrainingImageConfig {
    return { repositoryArn: this.arn() };
  }
}

class DeepLearningContainerImage extends TrainingImage {
  constructor(private readonly repositoryName: string, private readonly options: DeepLearningContainerOptions) {
    super();
    if (!Token.isUnresolved(repositoryName) && !ECR_REPOSITORY_NAME.test(repositoryName)) {
      throw new TrainingRoleError('TrainingImage.fromDeepLearningContainer(repositoryName)', repositoryName,
        'give the repository name only, such as "pytorch-training" (lower-case letters, digits, and . _ - / between them), not an image URI or tag.');
    }
  }

  public bind(scope: Construct): TrainingImageConfig {
    const ctx = arnContext(Stack.of(scope));
    return {
      repositoryArn: regionalArn(
        { ...ctx, region: this.options.region ?? ctx.region, account: this.options.account ?? '763104351884' },
        'ecr', `repository/${this.repositoryName}`),
    };
  }
}
