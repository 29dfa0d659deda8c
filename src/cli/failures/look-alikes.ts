import { FailureRule, notPermission } from './diagnosis';

/**
 * Texts that mention S3 like a permission failure but are not one: the shape of an S3 URI.
 * They match before the generic download and upload failures they resemble.
 */

export const fastFilePartialPrefix: FailureRule = {
  id: 'fastfile-partial-prefix',
  summary: 'FastFile mode refusing a partial S3 prefix',
  pattern: /FastFile mode,?\s*partial S3 prefix is not supported/i,
  diagnose: (_m, _t, f) => notPermission('fastfile', 'FastFile mode refused a partial S3 prefix',
    f.inputs.filter((i) => i.inputMode === 'FastFile' && i.prefix !== '' && !i.prefix.endsWith('/'))
      .map((i) => ({ kind: `input ${i.source}`, name: `s3://${i.bucket}/${i.prefix}` })),
    'FastFile mode mounts whole folders: a channel\'s S3Uri must name a folder, not the beginning of key names.',
    'End the S3Uri of each FastFile channel with "/" (s3://bucket/datasets/train/, not s3://bucket/datasets/train), or use File mode.'),
};

export const doubleSlashInUri: FailureRule = {
  id: 'double-slash-in-uri',
  summary: 'an S3 URI with an empty path segment (illegal char sub-sequence \'//\')',
  pattern: /illegal char(?:acter)? sub-?sequence\s*['"]?\/\/['"]?/i,
  diagnose: (_m, _t, f) => notPermission('s3 path', 'An S3 URI has an empty path segment ("//")',
    f.s3Uris.filter((u) => /^s3:\/\/[^/]+\/.*\/\//i.test(u.uri)).map((u) => ({ kind: u.source, name: u.uri })),
    'A key with "//" (an empty path segment) is refused when the job builds local file paths from it.',
    'Remove the duplicate "/" from the job\'s S3 URIs (S3OutputPath and channel S3Uri values), and from object keys that contain it.'),
};

/**
 * An object or bucket that does not exist: `An error occurred (404) when calling the HeadObject
 * operation: Not Found` (aws/sagemaker-python-sdk#3455), `NoSuchKey`, `NoSuchBucket`.
 */
export const notFound: FailureRule = {
  id: 'not-found',
  summary: 'an S3 object or bucket that does not exist (404 Not Found, NoSuchKey, NoSuchBucket)',
  pattern: /\((?:404|NoSuchKey|NoSuchBucket)\) when calling the \w+ operation|\bNoSuchKey\b|\bNoSuchBucket\b/i,
  diagnose: () => notPermission('not found', 'The object or bucket does not exist',
    [], 'S3 answered that the key or bucket does not exist; this is not IAM (a refusal is a 403).',
    'Check the bucket, the key and the region; an earlier step may not have written the object (a model.tar.gz is written only when the job saves a model).'),
};

/**
 * A request SageMaker rejected for its content: `An error occurred (ValidationException) when
 * calling the <operation> operation` (aws/sagemaker-python-sdk#326). Image and S3 messages that
 * come as ValidationException match their own rules first.
 */
export const validation: FailureRule = {
  id: 'validation',
  summary: 'a request SageMaker rejected for its content (ValidationException)',
  pattern: /\(ValidationException\) when calling the (\w+) operation/i,
  diagnose: (m, text) => notPermission('validation', `SageMaker rejected the ${m[1]} request`,
    [], `The request itself is invalid (${text.replace(/^.*?operation:?\s*/i, '') || 'no detail given'}); this is not IAM.`,
    'Fix the request as the message says; for a job that SageMaker cannot find, check its name and region.'),
};
