import { Token } from 'aws-cdk-lib';
import { ArnContext, knownPartition } from '../arns';
import { TrainingRoleError } from '../errors';
import { IdentifierKind, ResolvedIdentifier, ResolvedRoleProps } from '../resolved-role-props';
import { literalShape, UNKNOWN } from '../tokens';
import { iamCharacterProblem } from './characters';

/** How a kind of identifier is written, for checks and messages. */
interface IdentifierRule {
  /** `KMS key ARN` */
  readonly what: string;
  /** Its whole literal form. */
  readonly pattern: RegExp;
  /** The form, for messages. */
  readonly form: string;
  /**
   * A part that is checked on its own when the rest is unresolved: the text after the last
   * `marker`, when it has no unresolved part, must match `pattern`.
   *
   * @default - a partly unresolved value is checked for wildcards, policy variables and characters only
   */
  readonly tail?: { readonly marker: string; readonly pattern: RegExp };
}

const PARTITION = 'aws(?:-[a-z]+)*';
// KMS's pattern for a region (MultiRegionKey.Region, KMS API reference): ^([a-z]+-){2,3}\d+$
const REGION = '(?:[a-z]+-){2,3}\\d+';
const ACCOUNT = '\\d{12}';
// Key ids: 1234abcd-12ab-34cd-56ef-1234567890ab, multi-Region mrk-1234abcd12ab34cd56ef1234567890ab
// (KMS API reference, KeyId of TagResource and ReplicateKey:
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html).
const KEY_ID = '(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})';
// ECR's repository name rule (CreateRepository, repositoryName).
const REPOSITORY_NAME = '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*';
// Lambda's FunctionName: a name of 1 to 64 letters, digits, - and _, and an optional version or
// alias qualifier (Invoke, https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
const FUNCTION = '[a-zA-Z0-9_-]{1,64}(?::(?:\\$LATEST|[a-zA-Z0-9_-]{1,128}))?';
// EC2 resource ids: the type's prefix and 8 or 17 hexadecimal characters (EC2 User Guide,
// "Resource IDs": https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html).
const ec2Id = (prefix: string) => new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`);

const RULES: { [kind in IdentifierKind]: IdentifierRule } = {
  kmsKeyArn: {
    what: 'KMS key ARN',
    pattern: new RegExp(`^arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}$`),
    form: 'arn:<partition>:kms:<region>:<account>:key/<key id>, the key id being like 1234abcd-12ab-34cd-56ef-1234567890ab (or mrk-1234abcd12ab34cd56ef1234567890ab for a multi-Region key)',
    tail: { marker: ':key/', pattern: new RegExp(`^${KEY_ID}$`) },
  },
  ecrRepositoryArn: {
    what: 'ECR repository ARN',
    pattern: new RegExp(`^arn:${PARTITION}:ecr:${REGION}:${ACCOUNT}:repository/${REPOSITORY_NAME}$`),
    form: 'arn:<partition>:ecr:<region>:<account>:repository/<name>, the name of lower case letters, digits and "._-/" separators',
    tail: { marker: ':repository/', pattern: new RegExp(`^${REPOSITORY_NAME}$`) },
  },
  lambdaFunctionArn: {
    what: 'Lambda function ARN',
    pattern: new RegExp(`^arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}$`),
    form: 'arn:<partition>:lambda:<region>:<account>:function:<name>, optionally :<version or alias>',
    tail: { marker: ':function:', pattern: new RegExp(`^${FUNCTION}$`) },
  },
  // EFS FileSystemId (DescribeFileSystems, https://docs.aws.amazon.com/efs/latest/ug/API_DescribeFileSystems.html).
  efsFileSystemArn: {
    what: 'EFS file system ARN',
    pattern: new RegExp(`^arn:${PARTITION}:elasticfilesystem:${REGION}:${ACCOUNT}:file-system/fs-[0-9a-f]{8,40}$`),
    form: 'arn:<partition>:elasticfilesystem:<region>:<account>:file-system/fs-<hex>',
    tail: { marker: ':file-system/', pattern: /^fs-[0-9a-f]{8,40}$/ },
  },
  vpcId: { what: 'VPC id', pattern: ec2Id('vpc'), form: 'vpc- and 8 or 17 hexadecimal digits, like vpc-0123456789abcdef0' },
  subnetId: { what: 'subnet id', pattern: ec2Id('subnet'), form: 'subnet- and 8 or 17 hexadecimal digits, like subnet-0123456789abcdef0' },
  securityGroupId: { what: 'security group id', pattern: ec2Id('sg'), form: 'sg- and 8 or 17 hexadecimal digits, like sg-0123456789abcdef0' },
  // Only the partition is checked: the name is checked as a bucket name.
  s3BucketArn: { what: 'S3 bucket ARN', pattern: /^arn:[^:]+:s3:::[^/]+$/, form: 'arn:<partition>:s3:::<bucket name>' },
};

/**
 * Every identifier the role turns into an ARN or a condition value, where it is concrete (in
 * whole or in its literal parts): errors. A wildcard would widen the grant to every resource it
 * matches, a policy variable would name another resource per request, a malformed value names no
 * resource (the grant would be useless), and a resource of another partition than the stack's
 * is not one the role can use.
 */
export function checkIdentifiers(ctx: ArnContext, role: ResolvedRoleProps): void {
  for (const identifier of role.identifiers) {
    checkIdentifier(ctx, identifier);
  }
}

export function checkIdentifier(ctx: ArnContext, { prop, kind, value }: ResolvedIdentifier): void {
  const problem = identifierProblem(kind, value) ?? partitionProblem(ctx, kind, value);
  if (problem !== undefined) {
    throw new TrainingRoleError(prop, value, problem);
  }
}

/** What is wrong with an identifier, or `undefined`; unresolved parts are not checked. */
export function identifierProblem(kind: IdentifierKind, value: string): string | undefined {
  const rule = RULES[kind];
  const shape = literalShape(value);
  if (/[*?]/.test(shape)) {
    return `IAM reads "*" and "?" as wildcards, so the role would be granted every resource the pattern matches; give one ${rule.what}: ${rule.form}.`;
  }
  if (shape.includes('${')) {
    return `IAM reads "\${...}" as a policy variable and replaces it in each request, so the grant would name another resource per caller; give one ${rule.what}: ${rule.form}.`;
  }
  const characters = iamCharacterProblem(value, rule.what);
  if (characters !== undefined) {
    return characters;
  }
  if (kind === 'ecrRepositoryArn' && shape.includes('@')) {
    return `a repository ARN names the repository only: an image digest ("@sha256:...") or tag is no part of it, and IAM authorizes pulls on the repository ARN, so this grant would never match. Give ${rule.form}, and pin the digest in the training image URI.`;
  }
  if (!Token.isUnresolved(value)) {
    return rule.pattern.test(value) ? undefined : `not ${article(rule.what)}, so the grant would name no resource; give ${rule.form}.`;
  }
  const tail = rule.tail;
  if (tail) {
    const at = shape.lastIndexOf(tail.marker);
    const rest = at >= 0 ? shape.slice(at + tail.marker.length) : undefined;
    if (rest !== undefined && !rest.includes(UNKNOWN) && !tail.pattern.test(rest)) {
      return `not ${article(rule.what)}: ${JSON.stringify(rest)} after "${tail.marker}" names no resource, so the grant would be useless; give ${rule.form}.`;
    }
  }
  return undefined;
}

/**
 * An ARN of another partition than the role's stack, when both are known. A role is used in its
 * own partition only: a key, repository or function elsewhere cannot be used, and a bucket is
 * granted by its name in the stack's partition (`arn:<partition>:s3:::<name>`), so the role would
 * be granted another bucket with the same name.
 */
function partitionProblem(ctx: ArnContext, kind: IdentifierKind, value: string): string | undefined {
  const given = /^arn:([^:]*):/.exec(literalShape(value))?.[1];
  const stack = knownPartition(ctx);
  if (given === undefined || given.includes(UNKNOWN) || stack === undefined || given === stack) {
    return undefined;
  }
  const what = RULES[kind].what;
  const consequence = kind === 's3BucketArn'
    ? `the role names buckets by name in its own partition (arn:${stack}:s3:::<name>), so it would be granted the bucket of that name in ${stack}, another bucket`
    : `IAM principals of ${stack} cannot use resources of ${given}`;
  return `this ${what} is in partition ${given}, the role's stack in ${stack}: ${consequence}. Give a resource of ${stack}, or deploy the role in ${given}.`;
}

/** `a KMS key ARN`, `an ECR repository ARN`. */
function article(what: string): string {
  return /^(ECR|EFS|S3)\b/.test(what) ? `an ${what}` : `a ${what}`;
}
