import { UsageError } from './io';

/** An S3 location as SageMaker names it: `s3://bucket/key-or-prefix`. */
export interface S3Uri {
  readonly bucket: string;
  /** The key or prefix after `bucket/`; `''` for the whole bucket. */
  readonly key: string;
}

const S3_URI = /^s3:\/\/([^/\s]+)(?:\/(.*))?$/i;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses `s3://bucket/prefix`; `what` names the flag or field for the error. */
export function parseS3Uri(value: string, what: string): S3Uri {
  const m = S3_URI.exec(value.trim());
  if (!m) {
    throw new UsageError(`${what}: expected an S3 URI like s3://bucket/prefix/, got ${JSON.stringify(value)}`);
  }
  const bucket = m[1];
  if (!BUCKET_NAME.test(bucket)) {
    throw new UsageError(`${what}: ${JSON.stringify(bucket)} is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)`);
  }
  return { bucket, key: m[2] ?? '' };
}

export function formatS3Uri(uri: S3Uri): string {
  return `s3://${uri.bucket}/${uri.key}`;
}

/** An ARN split into its fields. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

export function parseArn(value: string): ParsedArn | undefined {
  const m = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|):(.+)$/.exec(value.trim());
  return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}

/** An image in Amazon ECR: `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]`. */
export interface EcrImage {
  readonly account: string;
  readonly region: string;
  readonly repository: string;
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._\-/]*?)(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/i;

/** Parses an ECR image URI; `undefined` for an image outside ECR (Docker Hub, a private registry). */
export function parseEcrImage(value: string): EcrImage | undefined {
  const m = ECR_IMAGE.exec(value.trim());
  return m ? { account: m[1], region: m[2].toLowerCase(), repository: m[3] } : undefined;
}

/** The ARN of an image's repository. */
export function repositoryArn(partition: string, image: EcrImage): string {
  return `arn:${partition}:ecr:${image.region}:${image.account}:repository/${image.repository}`;
}

/**
 * Partitions by region prefix, with their domain suffix: aws-cdk-lib's own table
 * (`PARTITION_MAP` in aws-cdk-lib/region-info/lib/aws-entities.js, aws-cdk-lib 2.276.0). Read
 * here instead of through `RegionInfo`, whose first lookup loads every fact of every region
 * (about 0.2 s of each command).
 */
const PARTITIONS: { readonly prefix: string; readonly partition: string; readonly domainSuffix: string }[] = [
  { prefix: 'cn-', partition: 'aws-cn', domainSuffix: 'amazonaws.com.cn' },
  { prefix: 'us-gov-', partition: 'aws-us-gov', domainSuffix: 'amazonaws.com' },
  { prefix: 'us-iso-', partition: 'aws-iso', domainSuffix: 'c2s.ic.gov' },
  { prefix: 'us-isob-', partition: 'aws-iso-b', domainSuffix: 'sc2s.sgov.gov' },
  { prefix: 'us-isof-', partition: 'aws-iso-f', domainSuffix: 'csp.hci.ic.gov' },
  { prefix: 'eu-isoe-', partition: 'aws-iso-e', domainSuffix: 'cloud.adc-e.uk' },
  { prefix: 'eusc-de-', partition: 'aws-eusc', domainSuffix: 'amazonaws.eu' },
];

function partitionEntry(region: string): { partition: string; domainSuffix: string } {
  return PARTITIONS.find((p) => region.startsWith(p.prefix)) ?? { partition: 'aws', domainSuffix: 'amazonaws.com' };
}

/** The partition of a region (`aws-cn` for `cn-north-1`), by its prefix. */
export function partitionOfRegion(region: string): string {
  return partitionEntry(region).partition;
}

/** The domain suffix of a region's endpoints (`amazonaws.com.cn` in China), by its prefix. */
export function domainSuffixOfRegion(region: string): string {
  return partitionEntry(region).domainSuffix;
}

const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i;

/**
 * The ARN of a KMS key given as an ARN or a key id (as `OutputDataConfig.KmsKeyId` and
 * `ResourceConfig.VolumeKmsKeyId` allow). Aliases are refused: IAM authorizes a key by its key
 * ARN, and resolving an alias needs a call to KMS.
 */
export function kmsKeyArn(value: string, what: string, env: { partition: string; region: string; account: string }): string {
  const v = value.trim();
  const arn = parseArn(v);
  if (arn && arn.service === 'kms' && arn.resource.startsWith('key/') && KEY_ID.test(arn.resource.slice(4))) {
    return v;
  }
  if (/^alias\//.test(v) || (arn && arn.service === 'kms' && arn.resource.startsWith('alias/'))) {
    throw new UsageError(`${what}: ${JSON.stringify(v)} is a key alias; IAM authorizes a key by its key ARN. `
      + `Find it with: aws kms describe-key --key-id ${v} --query KeyMetadata.Arn`);
  }
  if (KEY_ID.test(v)) {
    return `arn:${env.partition}:kms:${env.region}:${env.account}:key/${v}`;
  }
  throw new UsageError(`${what}: expected a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key-id>) or a key id, got ${JSON.stringify(v)}`);
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

export function checkAccount(value: string, what: string): string {
  if (!ACCOUNT.test(value)) {
    throw new UsageError(`${what}: expected a 12-digit AWS account id, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function checkRegion(value: string, what: string): string {
  if (!REGION.test(value)) {
    throw new UsageError(`${what}: expected a region such as us-east-1, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function checkPartition(value: string, what: string): string {
  if (!/^aws(?:-[a-z]+)*$/.test(value)) {
    throw new UsageError(`${what}: expected a partition such as aws, aws-cn or aws-us-gov, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function checkId(value: string, prefix: string, what: string): string {
  if (!new RegExp(`^${prefix}-[0-9a-f]{8}(?:[0-9a-f]{9})?$`).test(value)) {
    throw new UsageError(`${what}: expected an id like ${prefix}-0123456789abcdef0, got ${JSON.stringify(value)}`);
  }
  return value;
}
