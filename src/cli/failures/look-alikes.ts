import { FailureRule, notPermission } from './diagnosis';

/**
 * Texts that mention S3 like a permission failure but are not one: the shape of an S3 URI.
 * They match before the generic download and upload failures they resemble.
 */

export const fastFilePartialPrefix: FailureRule = {
  id: 'fastfile-partial-prefix',
  pattern: /FastFile mode,?\s*partial S3 prefix is not supported/i,
  diagnose: (_m, _t, f) => notPermission('FastFile mode refused a partial S3 prefix',
    f.inputs.filter((i) => i.inputMode === 'FastFile' && i.prefix !== '' && !i.prefix.endsWith('/'))
      .map((i) => ({ kind: `input ${i.source}`, name: `s3://${i.bucket}/${i.prefix}` })),
    'FastFile mode mounts whole folders: a channel\'s S3Uri must name a folder, not the beginning of key names.',
    'End the S3Uri of each FastFile channel with "/" (s3://bucket/datasets/train/, not s3://bucket/datasets/train), or use File mode.'),
};

export const doubleSlashInUri: FailureRule = {
  id: 'double-slash-in-uri',
  pattern: /illegal char(?:acter)? sub-?sequence\s*['"]?\/\/['"]?/i,
  diagnose: (_m, _t, f) => notPermission('An S3 URI has an empty path segment ("//")',
    f.s3Uris.filter((u) => /^s3:\/\/[^/]+\/.*\/\//i.test(u.uri)).map((u) => ({ kind: u.source, name: u.uri })),
    'A key with "//" (an empty path segment) is refused when the job builds local file paths from it.',
    'Remove the duplicate "/" from the job\'s S3 URIs (S3OutputPath and channel S3Uri values), and from object keys that contain it.'),
};
