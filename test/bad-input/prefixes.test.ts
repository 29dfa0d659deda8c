/**
 * Bad S3 prefixes: each is refused with a message that names the prop, says what is allowed and
 * shows the value; a legal but risky one is a warning. Every rule holds for inputs, the output and
 * checkpoints, and for the literal parts of a prefix that is partly a token.
 */
import { App, CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../../src';
import { newStack } from '../util/fixtures';
import { arn, build, ref, roleWith, statementsOf } from '../util/statements';
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
const IAM_CHARACTER = (char: string, codePoint: string, where: string) =>
  `IAM policy documents may contain only tab, line feed, carriage return and the characters U+0020 to U+00FF, so a policy naming this prefix would fail to deploy (MalformedPolicyDocument); ${JSON.stringify(char)} (${codePoint}) ${where} is outside that set. IAM's wildcards cannot stand for it without widening the grant: give a prefix of those characters only (or the part before that character: a wider location, given on purpose).`;
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
  // 513 two-byte characters: 1,026 bytes in 513 characters.
  { prefix: '\u00e9'.repeat(513), allowed: TOO_LONG(1026) },
  // Characters IAM refuses in a policy document: the character, its code point and its position.
  { prefix: 'données/学習/', allowed: IAM_CHARACTER('学', 'U+5B66', 'at position 9') },
  { prefix: 'prices/€/', allowed: IAM_CHARACTER('€', 'U+20AC', 'at position 8') },
  { prefix: 'runs/\u{1F642}/', allowed: IAM_CHARACTER('\u{1F642}', 'U+1F642', 'at position 6') },
  { prefix: '\u20ac'.repeat(342), allowed: IAM_CHARACTER('€', 'U+20AC', 'at position 1') },
];
/** Each bad prefix, named in test titles by its JSON (control characters shown escaped, long ones cut). */
const BAD = BAD_PREFIXES.map((b) => ({ ...b, name: JSON.stringify(b.prefix).slice(0, 40) }));

describe.each(PLACES)('bad prefix as %s', (prop, place) => {
  test.each(BAD)('fails for $name, naming the prop, the value and what is allowed', ({ prefix, allowed }) => {
    expect(() => build((stack) => place(stack, prefix))).toThrow(`${prop}: ${allowed} Got: ${JSON.stringify(prefix)}.`);
  });

  test('accepts the longest prefix S3 allows (1,024 bytes of UTF-8)', () => {
    expect(() => build((stack) => place(stack, `${'\u00e9'.repeat(511)}ab`))).not.toThrow();
  });

  test('accepts Latin-1 and every other character S3 and IAM allow', () => {
    expect(() => build((stack) => place(stack, 'données/ü-ß_~!$&\'()+,;=@ [x]{y}%/\u00ff'))).not.toThrow();
  });

  test('fails for a character IAM refuses next to a token, naming the literal part and the position in it', () => {
    expect(() => build((stack) => place(stack, `${new CfnParameter(stack, 'Run').valueAsString}/données-€/`)))
      .toThrow(`${prop}: ${IAM_CHARACTER('€', 'U+20AC', 'at position 10 of the literal part "/données-€/"')} Got: "\${TestStack/Run.Ref}/données-€/".`);
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

describe('"${" in a prefix assembled from tokens: escaped in every part known at synthesis', () => {
  const { template, stack } = roleWith((s) => ({
    inputBuckets: [
      { bucket: s3.Bucket.fromBucketName(s, 'Data', 'example-data'), prefix: `${new CfnParameter(s, 'Team').valueAsString}/run\${aws:username}/` },
      { bucket: s3.Bucket.fromBucketName(s, 'Lazy', 'example-lazy'), prefix: Lazy.string({ produce: () => 'x/${aws:userid}/' }) },
    ],
  }));
  const read = () => statementsOf(template, 'TrainingDataRead').flatMap((s) => s.Resource);
  const list = () => statementsOf(template, 'TrainingDataList').map((s) => s.Condition?.StringLike?.['s3:prefix']);

  test('the literal part next to a parameter is escaped, in the object ARN and the list condition', () => {
    expect(read()).toContainEqual(arn(':s3:::example-data/', ref('Team'), '/run${$}{aws:username}/*'));
    expect(list()).toContainEqual([{ 'Fn::Join': ['', [ref('Team'), '/run${$}{aws:username}/*']] }]);
  });

  test('a Lazy value is escaped once resolved', () => {
    expect(read()).toContainEqual(arn(':s3:::example-lazy/x/${$}{aws:userid}/*'));
    expect(list()).toContainEqual(['x/${$}{aws:userid}/*']);
  });

  test('no unescaped policy variable is left', () => {
    expect(JSON.stringify(stack.resolve(template.toJSON().Resources)).match(/\$\{(?!\$\})/g) ?? []).toEqual([]);
  });
});
