import { FailureRule, notPermission } from './diagnosis';

/**
 * The image cannot be pulled because it is not there: SageMaker's `Cannot pull algorithm container.
 * Either the image does not exist or its permissions are incorrect.` (an image tag missing in the
 * region, aws-samples/aws-sagemaker-build#25, #28), `Invalid training image` and `Cannot find the
 * requested image` (CreateTrainingJob's ValidationException, aws/sagemaker-python-sdk#2063,
 * aws/amazon-sagemaker-examples#1476), `manifest unknown: Requested image not found`.
 * A repository that refuses the pull says so in other words (Access denied for repository ...).
 */
export const imageNotFound: FailureRule = {
  id: 'image-not-found',
  summary: 'an image that does not exist or cannot be pulled (Cannot pull algorithm container, Invalid training image, manifest unknown)',
  pattern: /Cannot pull algorithm container|Invalid training image|Cannot find the requested image|Requested image\s*\S*\s*not found|manifest unknown|manifest for \S+ not found|ECR image "?\S+"? is invalid/i,
  diagnose: (_m, text, f) => {
    const image = /(\d{12}\.dkr\.ecr[.\w-]*\.amazonaws\.com(?:\.cn)?\/[^\s'"`:]+(?::[\w.-]+)?)/.exec(text)?.[1] ?? f.images[0];
    return notPermission('image', 'The training image cannot be found', image ? [{ kind: 'image', name: image }] : [],
      'The image URI names no image SageMaker can pull: a tag that was never pushed, a repository of another region, or a framework image of an account that does not serve this region. '
        + 'A repository policy that refuses the pull is reported differently ("Access denied for repository", "does not grant ... permission").',
      `Check the image: aws ecr describe-images --repository-name <repository> --image-ids imageTag=<tag> --region <region>${image ? ` for ${image}` : ''}; push it, or use the URI of the job's region (sagemaker.image_uris.retrieve for framework images).`);
  },
};
