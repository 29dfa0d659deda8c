import { Aws, CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { readable, show, TrainingRoleError } from '../../src/private/errors';

describe('TrainingRoleError', () => {
  test('names the prop, says what is allowed and shows the value', () => {
    expect(new TrainingRoleError('maxManagedPolicies', 0, 'give 1 to 20.').message).toBe('maxManagedPolicies: give 1 to 20. Got: 0.');
  });

  test('shows a resource attribute by the path of the resource', () => {
    const stack = new Stack(undefined, 'S');
    const key = new kms.Key(stack, 'Key');
    expect(new TrainingRoleError('k', key.keyArn, 'no.').message).toBe('k: no. Got: "${S/Key.Arn}".');
  });

  test('shows tokens inside the allowed text too', () => {
    const stack = new Stack(undefined, 'S');
    const key = new kms.Key(stack, 'Key');
    expect(new TrainingRoleError('k', 'x', `not ${key.keyArn}.`).message).toBe('k: not ${S/Key.Arn}. Got: "x".');
  });

  test('is an Error named TrainingRoleError', () => {
    const error = new TrainingRoleError('p', 'v', 'a.');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TrainingRoleError');
  });
});

describe('readable', () => {
  test('renders pseudo parameters as ${AWS::...}', () => {
    expect(readable(`arn:${Aws.PARTITION}:s3:::b`)).toBe('arn:${AWS::Partition}:s3:::b');
  });

  test('renders a parameter as its path and Ref', () => {
    const stack = new Stack(undefined, 'S');
    expect(readable(new CfnParameter(stack, 'Name').valueAsString)).toBe('${S/Name.Ref}');
  });

  test('renders a value it cannot describe as ${unresolved value}', () => {
    expect(readable(`a-${Lazy.string({ produce: () => 'x' })}`)).toBe('a-${unresolved value}');
  });

  test('leaves text without tokens unchanged', () => {
    expect(readable('plain ${text}')).toBe('plain ${text}');
  });
});

describe('show', () => {
  test.each([
    ['a string, quoted', 'a/*', '"a/*"'],
    ['a number', 2.5, '2.5'],
    ['undefined', undefined, 'undefined'],
    ['a list', ['sg-1'], '["sg-1"]'],
  ])('shows %s', (_what, value, shown) => {
    expect(show(value)).toBe(shown);
  });
});
