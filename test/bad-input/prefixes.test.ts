/**
 * Bad S3 prefixes: each is refused with a message that names the prop, says what is allowed and
 * shows the value; a legal but risky one is a warning. Every rule holds for inputs, the output and
 * checkpoints, and for the literal parts of a prefix that is partly a token.
 */
import { App, CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../../src';
import { newStack } from '../util/fixtures';
import { build } from '../util/statements';
import { warningMessages } from '../util/warnings';

type Place = (stack: Stack, prefix: string) => Partial<SageMakerTrainingRoleProps>;
const data = (stack: Stack) => s3.Bucket.fromBucketName(stack, 'Data', 'example-data');

/** Where a prefix can be given, and the prop its message names. */
const PLACES: [string, Place][] = [
  ['inputBuckets[1].prefix', (stack, prefix) => {
    const bucket = data(stack);
    return { inputBuckets: [{ bucket, prefix: 'ok/' }, { bucket, prefix }] };
  }],
  ['outputBucket.prefix', (stack, prefix) => ({ outputBucket: { bucket: data(stack), prefix } })],
  ['checkpointBucket.prefix', (stack, prefix) => ({ checkpointBucket: { bucket: data(stack), prefix } })],
];

const S3_URI = (bucket: string, key: string) =>
  `a prefix is the key part of an S3 URI only; give the bucket as \`bucket\` and the rest as \`prefix\` (here bucket "${bucket}" and prefix "${key}").`;
const CONTROL = 'control characters (U+0000 to U+001F and U+007F) cannot be part of a prefix: SageMaker\'s S3 URIs exclude line breaks, and S3 returns keys in XML, which cannot carry the others; give a prefix without them.';
const WILDCARD = 'a key prefix is matched literally (every key that starts with it); IAM would read `*` and `?` as wildcards and widen the grant. Use a plain prefix such as "datasets/train/".';
const LEADING_SLASH = 'S3 keys do not start with "/"; give the prefix without it, for example "datasets/train/".';
const DOUBLE_SLASH = 'SageMaker rejects S3 URIs with an empty path segment ("illegal char sub-sequence \'//\'"); give the prefix with single slashes, for example "datasets/train/".';
const TOO_LONG = (bytes: number) => `S3 object keys are at most 1024 bytes of UTF-8, and this prefix alone has ${bytes}; give a shorter prefix.`;
const DOT_SEGMENT = 'S3 keys may hold "." and ".." segments, but S3 clients and URL libraries resolve them as relative paths, so the job may read or write other keys than the role allows. Give the prefix without "." and ".." segments unless the keys really hold them.';

const BAD_PREFIXES: { prefix: string; allowed: string }[] = [
  { prefix: 's3://example-data/datasets/train/', allowed: S3_URI('example-data', 'datasets/train/') },
  { prefix: 'S3://example-data/x', allowed: S3_URI('example-data', 'x') },
  { prefix: 'https://example-data/datasets/', allowed: S3_URI('example-data', 'datasets/') },
  { prefix: 'datasets/\ntrain/', allowed: CONTROL },
  { prefix: 'datasets/\u0000', allowed: CONTROL },
  { prefix: 'datasets\u007f/', allowed: CONTROL },
  { prefix: 'datasets/*/train/', allowed: WILDCARD },
  { prefix: 'datasets/train?', allowed: WILDCARD },
  { prefix: '/datasets/train/', allowed: LEADING_SLASH },
  { prefix: 'datasets//train/', allowed: DOUBLE_SLASH },
  { prefix: 'datasets/train//', allowed: DOUBLE_SLASH },
  { prefix: 'a'.repeat(1025), allowed: TOO_LONG(1025) },
  // 342 three-byte characters: 1,026 bytes in 342 characters.
  { prefix: '\u00e9'.repeat(513), allowed: TOO_LONG(1026) },
  { prefix: '\u20ac'.repeat(342), allowed: TOO_LONG(1026) },
];
/** Each bad prefix, named in test titles by its JSON (control characters shown escaped, long ones cut). */
const BAD = BAD_PREFIXES.map((b) => ({ ...b, name: JSON.stringify(b.prefix).slice(0, 40) }));

describe.each(PLACES)('bad prefix as %s', (prop, place) => {
  test.each(BAD)('fails for $name, naming the prop, the value and what is allowed', ({ prefix, allowed }) => {
    expect(() => build((stack) => place(stack, prefix))).toThrow(`${prop}: ${allowed} Got: ${JSON.stringify(prefix)}.`);
  });

  test('accepts the longest prefix S3 allows (1,024 bytes of UTF-8)', () => {
    expect(() => build((stack) => place(stack, `${'\u20ac'.repeat(341)}a`))).not.toThrow();
  });

  test('accepts unicode and every other character S3 allows', () => {
    expect(() => build((stack) => place(stack, 'données/学習/ü-ß_~!$&\'()+,;=@ [x]{y}%/'))).not.toThrow();
  });

  test('accepts a parameter as the prefix', () => {
    expect(() => build((stack) => place(stack, new CfnParameter(stack, 'Prefix').valueAsString))).not.toThrow();
  });

  test('fails for a wildcard next to a token: the literal part is checked', () => {
    expect(() => build((stack) => place(stack, `${new CfnParameter(stack, 'Run').valueAsString}/*/`)))
      .toThrow(`${prop}: ${WILDCARD} Got: "\${TestStack/Run.Ref}/*/".`);
  });

  test('fails for a leading slash before a token', () => {
    expect(() => build((stack) => place(stack, `/${new CfnParameter(stack, 'Run').valueAsString}/`)))
      .toThrow(`${prop}: ${LEADING_SLASH} Got: "/\${TestStack/Run.Ref}/".`);
  });

  test('fails for an S3 URI around a token, without guessing the bucket', () => {
    expect(() => build((stack) => place(stack, `s3://${new CfnParameter(stack, 'Bucket').valueAsString}/data/`)))
      .toThrow(`${prop}: a prefix is the key part of an S3 URI only; give the bucket as \`bucket\` and the rest as \`prefix\`. Got: "s3://\${TestStack/Bucket.Ref}/data/".`);
  });

  test('accepts a slash on either side of a token (no empty segment is known)', () => {
    expect(() => build((stack) => place(stack, `runs/${new CfnParameter(stack, 'Run').valueAsString}/`))).not.toThrow();
  });
});

describe('prefixes known only at synthesis (Lazy)', () => {
  function synthWith(prefix: string): () => void {
    const app = new App();
    const stack = new Stack(app, 'Lazy');
    new SageMakerTrainingRole(stack, 'Role', { outputBucket: { bucket: data(stack), prefix } });
    return () => app.synth();
  }

  test('are checked when synthesized: a wildcard fails synthesis with the same message', () => {
    expect(synthWith(Lazy.string({ produce: () => 'models/*' }))).toThrow(`outputBucket.prefix: ${WILDCARD} Got: "models/*".`);
  });

  test('pass synthesis when the value is a good prefix', () => {
    expect(synthWith(Lazy.string({ produce: () => 'models/' }))).not.toThrow();
  });
});

describe('"." and ".." segments (legal in S3, risky): a warning', () => {
  function warningsFor(prefix: string): string[] {
    const stack = newStack();
    new SageMakerTrainingRole(stack, 'Role', { outputBucket: { bucket: data(stack), prefix } });
    return warningMessages(stack, 'DotSegmentInPrefix');
  }

  test.each(['./models/', 'models/../other/', 'models/./', 'models/..', 'models/.'])('warns for %p, naming the prop and the value', (prefix) => {
    expect(warningsFor(prefix)).toEqual([`outputBucket.prefix: ${DOT_SEGMENT} Got: ${JSON.stringify(prefix)}.`]);
  });

  test.each(['models/.hidden/', 'v1.2/', 'models/...', 'a..b/', '.models/'])('does not warn for %p (no whole "." or ".." segment)', (prefix) => {
    expect(warningsFor(prefix)).toEqual([]);
  });
});
