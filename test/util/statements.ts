/**
 * Small builders for fine-grained tests: a role over an imported output location, and matchers
 * for one statement of the role's managed policies in CloudFormation form.
 */
import { Stack } from 'aws-cdk-lib';
import { Match, Matcher, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { newStack, StackOptions } from './fixtures';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../../src';

/** The name of the imported output bucket `roleWith` uses unless told otherwise. */
export const DEFAULT_OUTPUT_BUCKET = 'example-model-artifacts';

export interface Built {
  readonly stack: Stack;
  readonly role: SageMakerTrainingRole;
  readonly template: Template;
}

/**
 * A role in a fresh stack. `props` builds the props under test in that stack; `outputBucket`
 * defaults to an imported bucket (`example-model-artifacts`, prefix `models/`).
 */
export function roleWith(
  props: (stack: Stack) => Partial<SageMakerTrainingRoleProps> = () => ({}),
  options: StackOptions = {},
): Built {
  const stack = newStack(options);
  const role = new SageMakerTrainingRole(stack, 'Role', {
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', DEFAULT_OUTPUT_BUCKET), prefix: 'models/' },
    ...props(stack),
  });
  return { stack, role, template: Template.fromStack(stack) };
}

/** Constructs the role in a fresh stack; for `expect(() => build(...)).toThrow(...)`. */
export function build(props: (stack: Stack) => Partial<SageMakerTrainingRoleProps>, options: StackOptions = {}): void {
  const stack = newStack(options);
  new SageMakerTrainingRole(stack, 'Role', {
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', DEFAULT_OUTPUT_BUCKET) },
    ...props(stack),
  });
}

export interface ExpectedStatement {
  readonly Sid: string | RegExp;
  readonly Action: string | string[];
  readonly Resource: unknown;
  /** The exact condition block; absent means the statement must have none. */
  readonly Condition?: unknown;
}

/**
 * A matcher for one Allow statement: exact Sid, actions, resources and condition block (no
 * condition when none is given).
 */
export function statement(expected: ExpectedStatement): Matcher {
  return Match.objectLike({
    Sid: expected.Sid instanceof RegExp ? Match.stringLikeRegexp(expected.Sid.source) : expected.Sid,
    Effect: 'Allow',
    Action: expected.Action,
    Resource: Match.exact(expected.Resource),
    Condition: expected.Condition === undefined ? Match.absent() : Match.exact(expected.Condition),
  });
}

/** Asserts that one of the role's managed policies holds the statement. */
export function expectStatement(template: Template, expected: ExpectedStatement): void {
  template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
    PolicyDocument: { Statement: Match.arrayWith([statement(expected)]) },
  });
}

/** Every statement of every managed policy in the template, in CloudFormation form. */
export function allStatements(template: Template): any[] {
  return Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
}

/** The statements whose Sid is `purpose` or `purpose` numbered (`TrainingDataList2`). */
export function statementsOf(template: Template, purpose: string): any[] {
  const sid = new RegExp(`^${purpose}\\d*$`);
  return allStatements(template).filter((s) => sid.test(s.Sid));
}

/** Every action any managed policy of the template grants. */
export function allActions(template: Template): string[] {
  return allStatements(template).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

/** `{ Ref: name }`. */
export function ref(name: string): { Ref: string } {
  return { Ref: name };
}

/** `Fn::Join` of an ARN whose partition is `Ref AWS::Partition`: `arn:` + partition + `parts`. */
export function arn(...parts: unknown[]): { 'Fn::Join': [string, unknown[]] } {
  return { 'Fn::Join': ['', ['arn:', ref('AWS::Partition'), ...parts]] };
}

/** The logical id of the one resource of `type` whose logical id starts with `prefix`. */
export function logicalIdOf(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) {
    throw new Error(`expected one ${type} named ${prefix}*, found ${ids.join(', ') || 'none'}`);
  }
  return ids[0];
}
