import { Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import { compactPrefixes, iamPattern, validatePrefix } from '../../src/private/s3-prefix';

const TOKEN = Token.asString({ Ref: 'Prefix' });

describe('validatePrefix', () => {
  test.each(['', 'datasets/train/', 'datasets/train', 'a b/c=d+e/', 'run${id}/'])('accepts %p', (prefix) => {
    expect(() => validatePrefix('p', prefix)).not.toThrow();
  });

  test('accepts an unresolved prefix without looking at it', () => {
    expect(() => validatePrefix('p', TOKEN)).not.toThrow();
  });

  test.each(['*', 'a/*', 'a?', 'a/*/b/'])('rejects the wildcard prefix %p, naming the prop and the value', (prefix) => {
    expect(() => validatePrefix('inputBuckets[3].prefix', prefix))
      .toThrow(`inputBuckets[3].prefix: a key prefix is matched literally (every key that starts with it); IAM would read \`*\` and \`?\` as wildcards and widen the grant. Use a plain prefix such as "datasets/train/". Got: ${JSON.stringify(prefix)}.`);
  });

  test.each(['/', '/datasets/'])('rejects %p, which starts with /', (prefix) => {
    expect(() => validatePrefix('outputBucket.prefix', prefix))
      .toThrow(`outputBucket.prefix: S3 keys do not start with "/"; give the prefix without it, for example "datasets/train/". Got: ${JSON.stringify(prefix)}.`);
  });
});

describe('iamPattern', () => {
  test('escapes every $ as ${$}', () => {
    expect(iamPattern('a$b/${c}/')).toBe('a${$}b/${$}{c}/');
  });

  test('leaves a prefix without $ unchanged', () => {
    expect(iamPattern('datasets/train/')).toBe('datasets/train/');
  });

  test('leaves a reference (a parameter) as it is: it is constrained at deployment instead', () => {
    expect(new Stack().resolve(iamPattern(TOKEN))).toEqual({ Ref: 'Prefix' });
  });

  test('escapes the literal parts of a prefix assembled from a token and text', () => {
    const stack = new Stack();
    expect(stack.resolve(iamPattern(`${TOKEN}/run\${aws:username}/`)))
      .toEqual({ 'Fn::Join': ['', [{ Ref: 'Prefix' }, '/run${$}{aws:username}/']] });
  });

  test('escapes a Lazy value, which resolves to a string at synthesis', () => {
    expect(new Stack().resolve(iamPattern(Lazy.string({ produce: () => 'a/${aws:userid}/' })))).toBe('a/${$}{aws:userid}/');
  });

  test('escapes the string parts of an Fn::Join a Lazy value resolves to, also nested', () => {
    const lazy = Lazy.string({ produce: () => Fn.join('$', [TOKEN, Fn.join('', ['x${y}', TOKEN])]) });
    expect(new Stack().resolve(iamPattern(lazy)))
      .toEqual({ 'Fn::Join': ['${$}', [{ Ref: 'Prefix' }, { 'Fn::Join': ['', ['x${$}{y}', { Ref: 'Prefix' }]] }]] });
  });
});

describe('compactPrefixes', () => {
  test('drops a prefix covered by a shorter one (a/ covers a/b/)', () => {
    expect(compactPrefixes(['a/b/', 'a/'])).toEqual(['a/']);
  });

  test('covers by string prefix, as SageMaker does (a covers ab/)', () => {
    expect(compactPrefixes(['ab/', 'a'])).toEqual(['a']);
  });

  test('keeps siblings (a/ does not cover ab/)', () => {
    expect(compactPrefixes(['ab/', 'a/'])).toEqual(['a/', 'ab/']);
  });

  test('drops duplicates', () => {
    expect(compactPrefixes(['a/', 'a/', 'b/'])).toEqual(['a/', 'b/']);
  });

  test('the whole bucket covers everything, unresolved prefixes too', () => {
    expect(compactPrefixes(['a/', '', TOKEN])).toEqual(['']);
  });

  test('keeps an unresolved prefix beside literal ones, once', () => {
    expect(compactPrefixes([TOKEN, 'a/', TOKEN])).toEqual(['a/', TOKEN]);
  });

  test('returns an empty list for no prefixes', () => {
    expect(compactPrefixes([])).toEqual([]);
  });
});
