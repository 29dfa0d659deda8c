import { FailureRule, notPermission } from './diagnosis';

/**
 * Refusals that are not IAM's: a quota, a request rate, credentials that expired or are missing.
 * They say "denied" or "not allowed" in their own way, and no policy change fixes them.
 */

/**
 * `ResourceLimitExceeded` with `The account-level service limit '<type> for training job usage'
 * is N Instances` (gabehollombe-aws/jupyter-notebooks#1), or `The requested resource
 * training-job/<type> is not available in this region` (aws/amazon-sagemaker-examples#1001).
 */
export const quota: FailureRule = {
  id: 'service-quota',
  summary: 'a SageMaker quota (ResourceLimitExceeded: the account-level service limit, an instance type the region lacks)',
  pattern: /\bResourceLimitExceeded\b|account-level service limit/i,
  diagnose: (_m, text) => {
    const limit = /service limit '([^']+)'/i.exec(text)?.[1] ?? /service limit for (\S+)/i.exec(text)?.[1];
    const unavailable = /requested resource (\S+) is not available in this region/i.exec(text)?.[1];
    return notPermission('quota', unavailable ? 'The instance type is not offered for training in this region' : 'A SageMaker quota refused the request',
      limit ? [{ kind: 'quota', name: limit }] : unavailable ? [{ kind: 'resource', name: unavailable }] : [],
      unavailable
        ? `SageMaker does not offer ${unavailable} in this region; this is not IAM.`
        : `The request would exceed ${limit ? `the quota '${limit}'` : 'an account-level quota'}; this is not IAM.`,
      unavailable
        ? 'Choose an instance type the region offers, or run the job in a region that offers this one.'
        : 'Request an increase in Service Quotas (service Amazon SageMaker; the quota named in the text), use another instance type, or run fewer jobs at once.');
  },
};

/** `ThrottlingException ... (reached max retries: 4): Rate exceeded` (aws/sagemaker-python-sdk#645). */
export const throttling: FailureRule = {
  id: 'throttling',
  summary: 'throttling (ThrottlingException: Rate exceeded)',
  pattern: /\bThrottlingException\b|\bRate exceeded\b|\bTooManyRequestsException\b/i,
  diagnose: (_m, text) => notPermission('throttling', 'A SageMaker API call was throttled', [],
    `${/when calling the (\w+) operation/.exec(text)?.[1] ?? 'The call'} was refused for its rate; this is not IAM.`,
    'Retry with backoff (botocore\'s retry mode "adaptive" or more attempts), and spread out the calls, such as many jobs started at once.'),
};

/**
 * Credentials that AWS does not accept or cannot find: `ExpiredToken`, `The security token included
 * in the request is invalid` (UnrecognizedClientException, InvalidClientTokenId), `Unable to locate
 * credentials` (NoCredentialsError, also in a job with network isolation,
 * aws/sagemaker-mxnet-training-toolkit#135).
 */
export const credentials: FailureRule = {
  id: 'credentials',
  summary: 'credentials that expired, are invalid or missing (ExpiredToken, UnrecognizedClientException, InvalidClientTokenId, Unable to locate credentials)',
  pattern: /\bExpiredToken(?:Exception)?\b|security token included in the request is (?:expired|invalid)|\bUnrecognizedClientException\b|\bInvalidClientTokenId\b|Unable to locate credentials|\bNoCredentialsError\b|Token expired:/i,
  diagnose: (_m, text) => {
    const missing = /Unable to locate credentials|NoCredentialsError/i.test(text);
    return notPermission('credentials', missing ? 'No credentials were found' : 'The credentials were not accepted', [],
      missing
        ? 'The code found no credentials to sign its requests with: none configured where it runs, or (in a training job with network isolation) none reachable. This is not a policy.'
        : 'AWS did not accept the credentials: expired temporary credentials, a session token left out, or keys of another partition. No policy was evaluated.',
      missing
        ? 'Configure credentials where the code runs (aws configure, an instance or execution role), or in a training job leave network isolation off if the code must call AWS.'
        : 'Get fresh credentials (aws sso login, a new AssumeRole session) and pass the session token with the keys; long jobs that wait on a session should refresh it.');
  },
};
