/**
 * Resources AWS owns, whose policies a user cannot change: the registries of SageMaker's images
 * and the buckets of SageMaker JumpStart. A denial on one of them is fixed in the image or model
 * URI, or the region, never in their policy.
 */

/**
 * ECR registries of SageMaker images, with what they serve, as the SageMaker Python SDK lists them
 * (aws/sagemaker-python-sdk@a24812666d258d9d19c9a82d0c9385ca0bd3ba01,
 * sagemaker-core/src/sagemaker/core/image_uri_config/<file>.json). Not every AWS registry: the SDK
 * lists several hundred, one per service and region; these are the ones texts name most.
 */
const AWS_REGISTRIES: { [account: string]: string } = {
  // pytorch.json, tensorflow.json, huggingface-*.json, djl-*.json ... (most regions)
  '763104351884': 'AWS Deep Learning Containers',
  // mxnet.json, chainer.json, coach-*.json: the framework images before the Deep Learning Containers
  '520713654638': 'the SageMaker framework images (MXNet, Chainer, RL)',
  // sklearn.json, sparkml-serving.json (us-east-1)
  '683313688378': 'the SageMaker scikit-learn and Spark ML images',
  // forecasting-deepar.json, blazingtext.json, factorization-machines.json (me-central-1)
  '272398656194': 'the SageMaker built-in algorithms of me-central-1',
  // kmeans.json, knn.json, factorization-machines.json (us-east-1)
  '382416733822': 'the SageMaker built-in algorithms of us-east-1',
  // image-classification.json, object-detection.json, blazingtext.json (us-west-2)
  '433757028032': 'the SageMaker built-in algorithms of us-west-2',
  // inferentia-*.json, image-classification-neo.json
  '007439368137': 'the SageMaker Neo and Inferentia images',
};

/** What an AWS registry serves, or `undefined` for a registry not known to be AWS's. */
export function awsRegistry(account: string): string | undefined {
  return AWS_REGISTRIES[account];
}

/**
 * JumpStart's buckets, one set per region: `jumpstart-cache-prod-<region>`,
 * `jumpstart-private-cache-prod-<region>` and `sagemaker-sd-models-prod-<region>`
 * (sagemaker-core/src/sagemaker/core/jumpstart/region_config.json at the commit above).
 */
const JUMPSTART_BUCKET = /^(?:jumpstart-cache-prod|jumpstart-private-cache-prod|sagemaker-sd-models-prod)-([a-z]{2}(?:-[a-z]+)+-\d)$/;

/** What an AWS bucket holds and its region, or `undefined` for a bucket not known to be AWS's. */
export function awsBucket(bucket: string): { readonly what: string; readonly region: string } | undefined {
  const m = JUMPSTART_BUCKET.exec(bucket);
  return m ? { what: 'SageMaker JumpStart\'s models and scripts', region: m[1] } : undefined;
}
