/**
 * Who made a refused call, and which side of a training job that is.
 *
 * A training job's calls are made by its execution role; the calls that start and follow a job
 * (CreateTrainingJob, iam:PassRole, the SDK's log streaming, image pushes) by whoever launches it,
 * the caller. Local mode runs the training container on the caller's machine with the caller's
 * credentials, so the same S3 read is the caller's there and the role's in a job.
 */
import { Facts } from './diagnosis';
import { IamDenial, serviceOf } from './iam-message';
import { roleNameOf } from './text';
import { Where } from './wrappers';

export interface Principal {
  readonly kind: 'role' | 'user' | 'root' | 'unknown';
  /** The role or user name (a role session's role), when the text shows it. */
  readonly name?: string;
  /** The account, when the text shows it unredacted. */
  readonly account?: string;
  readonly partition?: string;
  /** The role or user ARN (not a session's), when the account is known. */
  readonly arn?: string;
  /** An IAM Identity Center session (`AWSReservedSSO_...` roles): always a person. */
  readonly sso?: boolean;
}

/** Reads a principal as IAM writes it, redactions included (`arn:${partition}:iam::<ACCOUNT>:role/x`, `9111xxxxxxxx`). */
export function principalOf(written: string | undefined): Principal {
  if (!written) {
    return { kind: 'unknown' };
  }
  // A role session, its session name sometimes cut off (`assumed-role/buildkite-IAMRole-XXX`, buildkite/elastic-ci-stack-for-aws#166).
  const session = /^arn:([\w-]+):sts::([^:]*):assumed-role\/([^/\s]+)(?:\/\S+)?$/.exec(written);
  if (session) {
    return role(session[1], session[2], session[3]);
  }
  const iam = /^arn:([\w-]+):iam::([^:]*):(role|user)\/(?:\S*\/)?([^/\s]+)$/.exec(written);
  if (iam) {
    return iam[3] === 'role' ? role(iam[1], iam[2], iam[4]) : withArn({ kind: 'user', partition: iam[1], account: accountOf(iam[2]), name: iam[4] }, 'user');
  }
  if (/^arn:[\w-]+:iam::[^:]*:root$/.test(written)) {
    return { kind: 'root' };
  }
  // `role/<name>/<session>`: the session ARN without its prefix (aws-samples/mlops-sagemaker-github-actions#4).
  const bare = /^role\/([^/\s]+)\/\S+$/.exec(written);
  return bare ? { kind: 'role', name: bare[1] } : { kind: 'unknown' };
}

function role(partition: string, account: string, name: string): Principal {
  return withArn({ kind: 'role', partition, account: accountOf(account), name, sso: name.startsWith('AWSReservedSSO_') }, 'role');
}

function withArn(p: Principal, type: 'role' | 'user'): Principal {
  return p.account && p.name ? { ...p, arn: `arn:${p.partition}:iam::${p.account}:${type}/${p.name}` } : p;
}

function accountOf(written: string): string | undefined {
  return /^\d{12}$/.test(written) ? written : undefined;
}

/**
 * Actions only the caller makes around a training job: SageMaker's API, IAM (PassRole, the SDK's
 * GetRole), the SDK's log streaming (GetLogEvents and DescribeLogStreams,
 * aws/sagemaker-python-sdk@a24812666d sagemaker-core/src/sagemaker/core/utils/logs.py:65,130),
 * and pushing images.
 */
function isLaunchAction(action: string): boolean {
  const service = serviceOf(action);
  return service === 'sagemaker' || service === 'iam' || service === 'sts' || service === 'servicecatalog'
    || /^logs:(GetLogEvents|DescribeLogStreams|FilterLogEvents|DescribeLogGroups|StartLiveTail)$/i.test(action)
    || /^ecr:(InitiateLayerUpload|UploadLayerPart|CompleteLayerUpload|PutImage|CreateRepository|ListImages|DescribeImages|DescribeRepositories|BatchDeleteImage)$/i.test(action);
}

/**
 * The side whose identity policy is at stake: the caller, the execution role, or `undefined` when
 * the text cannot tell (an S3 read refused to an unnamed role, with no sign of where it ran).
 */
export function identitySide(d: IamDenial | undefined, where: Where | undefined, f: Facts): 'role' | 'caller side' | undefined {
  const p = principalOf(d?.principal);
  if (p.kind === 'user' || p.kind === 'root' || p.sso) {
    return 'caller side';
  }
  if (d && isLaunchAction(d.action)) {
    return 'caller side';
  }
  // An ECR call a botocore or CLI text reports is a login, build or push: SageMaker's own pulls
  // fail with texts of their own (Access denied for repository ..., Cannot pull algorithm container).
  if (d?.operation && /^ecr:/i.test(d.action)) {
    return 'caller side';
  }
  if (where === 'local') {
    return 'caller side';
  }
  const jobRole = roleNameOf(f.roleArn);
  if (where === 'job' || (p.kind === 'role' && p.name !== undefined && p.name === jobRole)) {
    return 'role';
  }
  return undefined;
}
