/**
 * Requests a training job makes, as plain IAM requests for the simulator, built from a synthesized
 * role: the role's resolved policies, and the deployed values (names, ARNs, ids) of the resources
 * its props refer to.
 *
 * `simulateRequest` refuses a request whose context keys the simulator would drop as inapplicable
 * to the action, so a test can never pass because its context was silently ignored.
 */
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { newStack, roleLogicalId, StackOptions, templateOf } from './fixtures';
import { resolveIntrinsics, rolePolicies, TEST_ENV, trustPolicy } from './resolve';
import { evaluateRequest, Verdict } from './simulate';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../../src';

/** An account that is not the test account. */
export const OTHER_ACCOUNT = '444455556666';

/** A region that is not the test region. */
export const OTHER_REGION = 'eu-west-1';

export interface SimRequest {
  readonly action: string;
  readonly resource: string;
  /** Account that owns the resource; S3 ARNs carry none. @default the test account */
  readonly resourceAccount?: string;
  readonly context?: Record<string, string | string[]>;
  /** The resource's own policy (a KMS key policy). @default none */
  readonly resourcePolicy?: any;
}

/** One named row of a simulation table. */
export interface Case {
  readonly name: string;
  readonly request: SimRequest;
  readonly expected: Verdict;
}

/** A role synthesized from fixture props, with the means to resolve what it refers to. */
export interface Synthesized {
  readonly stack: Stack;
  readonly props: SageMakerTrainingRoleProps;
  readonly template: any;
  readonly roleId: string;
  /** The role's managed policies, resolved. */
  readonly policies: { name: string; policy: any }[];
  /** The role's trust policy, resolved. */
  readonly trust: any;
  /** The deployed value of a CDK string (a literal or a token), e.g. `bucket.bucketName`. */
  value(v: string): string;
  /** The deployed key policy of a key: the template's for a created key, KMS's default for an imported one. */
  keyPolicy(key: kms.IKey): any;
}

/** Synthesizes a `SageMakerTrainingRole` with the props a fixture builds in a fresh stack. */
export function synthesize(
  fixture: (stack: Stack) => SageMakerTrainingRoleProps,
  options: StackOptions = {},
): Synthesized {
  const stack = newStack(options);
  const props = fixture(stack);
  const role = new SageMakerTrainingRole(stack, 'TrainingRole', props);
  const template = templateOf(stack);
  const roleId = roleLogicalId(stack, role);
  const value = (v: string): string => {
    const resolved = resolveIntrinsics(template, stack.resolve(v));
    if (typeof resolved !== 'string') {
      throw new Error(`${v} does not resolve to a string: ${JSON.stringify(resolved)}`);
    }
    return resolved;
  };
  return {
    stack,
    props,
    template,
    roleId,
    policies: rolePolicies(template, roleId),
    trust: trustPolicy(template, roleId),
    value,
    keyPolicy: (key: kms.IKey) => {
      const cfn = key.node.defaultChild as kms.CfnKey | undefined;
      if (cfn instanceof kms.CfnKey) {
        const id = stack.getLogicalId(cfn);
        return resolveIntrinsics(template, template.Resources[id].Properties.KeyPolicy);
      }
      return defaultKeyPolicy(value(key.keyArn).split(':')[4]);
    },
  };
}

/** KMS's default key policy: the owning account's IAM policies decide. */
export function defaultKeyPolicy(account: string): any {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { AWS: `arn:${TEST_ENV.partition}:iam::${account}:root` },
      Action: 'kms:*',
      Resource: '*',
    }],
  };
}

/** Evaluates a request of the role against its identity policies (and the resource's policy, if given). */
export function simulateRequest(policies: { name: string; policy: any }[], request: SimRequest): Promise<Verdict> {
  return evaluateRequest(policies, request, { rejectIgnoredContext: true });
}

/** Declares one test per row: the request gets the expected verdict. */
export function simulationTable(policies: () => { name: string; policy: any }[], cases: Case[]): void {
  const names = cases.map((c) => c.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) {
    throw new Error(`two cases are named "${duplicate}"`);
  }
  test.each(cases)('$name', async ({ request, expected }) => {
    expect(await simulateRequest(policies(), request)).toBe(expected);
  });
}

// ARNs of requests, in the test environment.
const { partition, region, account } = TEST_ENV;

export function s3BucketArn(bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

export function s3ObjectArn(bucket: string, key: string): string {
  return `arn:${partition}:s3:::${bucket}/${key}`;
}

export function kmsKeyArn(keyId: string, owner = account, inRegion = region): string {
  return `arn:${partition}:kms:${inRegion}:${owner}:key/${keyId}`;
}

export function ecrRepositoryArn(name: string, owner = account): string {
  return `arn:${partition}:ecr:${region}:${owner}:repository/${name}`;
}

export function ec2Arn(resource: string, owner = account, inRegion = region): string {
  return `arn:${partition}:ec2:${inRegion}:${owner}:${resource}`;
}

export function logGroupArn(group: string, owner = account, inRegion = region): string {
  return `arn:${partition}:logs:${inRegion}:${owner}:log-group:${group}`;
}

export function logStreamArn(group: string, stream: string): string {
  return `${logGroupArn(group)}:log-stream:${stream}`;
}

/** The `kms:ViaService` value of a service calling KMS for the role. */
export function via(service: string, inRegion = region): Record<string, string> {
  return { 'kms:ViaService': `${service}.${inRegion}.amazonaws.com` };
}
