import { Token, TokenComparison } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ArnContext, s3BucketArn } from './arns';
import { DLC_ACCOUNTS } from './dlc-accounts';
import { PlannedStatement } from './planned-statement';
import { renderStatements } from './render';
import { ResolvedRoleProps } from './resolved-role-props';
import { warnProp } from './warnings';
import { ECR_PULL_ACTIONS } from '../permissions/image-pull';
import { SAGEMAKER_SERVICE_PRINCIPAL } from '../permissions/trust';

/**
 * A bucket, key or repository in another account: warning. It works once the resource's own
 * policy also allows the role (and, for ECR, SageMaker); the warning gives the exact statements,
 * cut from the planned ones.
 */
export function warnAboutOtherAccounts(scope: IConstruct, ctx: ArnContext, role: ResolvedRoleProps,
  planned: PlannedStatement[]): void {
  const roleArn = roleArnOf(scope);

  const buckets = new Set<string>();
  for (const l of role.locations) {
    const account = l.bucket?.env?.account;
    if (!otherAccount(ctx, account) || buckets.has(l.bucketKey)) {
      continue;
    }
    buckets.add(l.bucketKey);
    const bucketArn = s3BucketArn(ctx, l.bucketName);
    const statements = forRole(ctx, roleArn, planned, (r) => r === bucketArn || r.startsWith(`${bucketArn}/`));
    warnProp(scope, 'CrossAccountBucket', `${l.prop}.bucket`, l.bucketName,
      account, ctx.account, l.bucketName, JSON.stringify(statements));
  }

  const keyArns = new Set<string>();
  for (const { prop, key } of role.keys) {
    const account = key.env?.account;
    const arn = key.keyArn;
    if (!otherAccount(ctx, account) || keyArns.has(ctx.stableKey(arn))) {
      continue;
    }
    keyArns.add(ctx.stableKey(arn));
    // In a key policy, "Resource": "*" means the key itself.
    const statements = forRole(ctx, roleArn, planned, (r) => r === arn, '*');
    warnProp(scope, 'CrossAccountKey', prop, arn, account, ctx.account, JSON.stringify(statements));
  }

  for (const { prop, repository } of role.repositories) {
    const account = repository.env?.account;
    // AWS's Deep Learning Containers repositories already admit every account.
    if (!otherAccount(ctx, account) || Object.values(DLC_ACCOUNTS).includes(account)) {
      continue;
    }
    const statements = [
      { Sid: 'AllowSageMakerPull', Effect: 'Allow', Principal: { Service: SAGEMAKER_SERVICE_PRINCIPAL }, Action: ECR_PULL_ACTIONS },
      { Sid: 'AllowTrainingRolePull', Effect: 'Allow', Principal: { AWS: roleArn }, Action: ECR_PULL_ACTIONS },
    ];
    warnProp(scope, 'CrossAccountRepository', prop, repository.repositoryArn,
      account, ctx.account, repository.repositoryName, JSON.stringify(statements));
  }
}

/** The role's ARN, for the statements of a resource policy. */
function roleArnOf(scope: IConstruct): string {
  return 'roleArn' in scope ? (scope as unknown as { roleArn: string }).roleArn : '${the role ARN}';
}

/** The statements of `planned` restricted to `resources`, as a resource policy grants them to the role. */
function forRole(ctx: ArnContext, roleArn: string, planned: PlannedStatement[], matches: (resource: string) => boolean,
  resource?: string): unknown[] {
  const kept = planned
    .map((g) => ({ ...g, resources: g.resources.filter(matches) }))
    .filter((g) => g.resources.length > 0);
  return renderStatements(kept, ctx.stableKey).map(({ Sid, Effect, Action, Resource, Condition }) => ({
    Sid: `${Sid}ForTrainingRole`,
    Effect,
    Principal: { AWS: roleArn },
    Action,
    Resource: resource ?? Resource,
    ...(Condition ? { Condition } : {}),
  }));
}

function otherAccount(ctx: ArnContext, account: string | undefined): account is string {
  return account !== undefined && Token.compareStrings(account, ctx.account) === TokenComparison.DIFFERENT;
}
