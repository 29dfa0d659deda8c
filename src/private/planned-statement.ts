/**
 * One statement of the role's policy before it is placed in a managed policy.
 *
 * The permission functions in `src/permissions/` return these; the construct compacts,
 * places and renders them. Values may contain unresolved tokens.
 */
export interface PlannedStatement {
  /** Why the statement exists; becomes the statement's `Sid` (letters and digits only). */
  readonly sid: string;
  /** Exact IAM actions, never a wildcard. */
  readonly actions: string[];
  /** Resource ARNs (`*` only for wildcard-only actions or a condition-narrowed action). */
  readonly resources: string[];
  /** IAM condition block: operator -> condition key -> values. */
  readonly conditions?: Conditions;
  /**
   * Worst-case length of one unresolved token (other than the pseudo parameters) in this
   * statement, for size accounting.
   */
  readonly tokenBound: number;
  /**
   * What the statement is about, stable across synths (for example the bucket and prefix):
   * decides which managed policy the statement lands in.
   */
  readonly placementKey: string;
  /**
   * Grants with the same affinity prefer the same managed policy (for example all locations of
   * one bucket, so that the bucket's listing statement is written once).
   *
   * @default - no data location: the grant belongs in the base policy
   */
  readonly affinity?: string;
}

/** An IAM condition block. */
export type Conditions = { [operator: string]: { [key: string]: string[] } };

/** Worst-case lengths of the unresolved values a grant may carry. */
export const TOKEN_BOUND = {
  /** An S3 bucket name: 3 to 63 characters. */
  bucketName: 63,
  /** An S3 key prefix: a key has at most 1,024 bytes (UTF-8), so at most 1,024 characters. */
  keyPrefix: 1024,
  /** A training job name (prefix): at most 63 characters. */
  jobName: 63,
  /** A KMS key ARN: `arn:` partition `:kms:` region `:` account `:key/` id (36, or mrk- + 32). */
  keyArn: 100,
  /** An ECR repository ARN: repository names are at most 256 characters. */
  repositoryArn: 320,
  /** EC2 ids and ARNs of subnets, security groups and VPCs. */
  ec2Arn: 100,
  /** A statement without unresolved values besides the pseudo parameters. */
  none: 0,
};
