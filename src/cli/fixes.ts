import {
  ArnContext, checkpointGrants, checkpointKeyGrants, ECR_PULL_ACTIONS, imagePullGrants, modelOutputGrants, modelOutputKeyGrants, PlannedStatement,
  renderStatements, ResolvedLocation, s3BucketArn, SAGEMAKER_SERVICE_PRINCIPAL, trainingDataGrants, trainingDataKeyGrants,
  trustConditions, viaService,
} from './library';
import { Statement } from './synth';

/**
 * The statements that fix a failure, built by the same permission functions the construct uses,
 * so that a fix always reads exactly as the construct's policy would.
 */

/** Known values, and placeholders (`<region>`) for the ones nobody gave. */
export interface FixContext {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export function arnContextOf(ctx: FixContext): ArnContext {
  return { partition: ctx.partition, region: ctx.region, account: ctx.account, stableKey: (v) => v };
}

/** Planned statements as IAM JSON, with plain values (no tokens to resolve). */
function renderPlanned(planned: PlannedStatement[]): Statement[] {
  return renderStatements(planned, (v) => v) as Statement[];
}

/** A location of plain bucket names, as the permission functions take it. */
export function resolvedLocation(bucket: string, prefix: string): ResolvedLocation {
  return { bucketName: bucket, prefix, bucketKey: bucket };
}

export function inputReadStatements(ctx: FixContext, locations: ResolvedLocation[]): Statement[] {
  return renderPlanned(trainingDataGrants(arnContextOf(ctx), locations));
}

export function inputKeyStatements(ctx: FixContext, keyArns: string[]): Statement[] {
  return renderPlanned(trainingDataKeyGrants(arnContextOf(ctx), keyArns));
}

export function outputWriteStatements(ctx: FixContext, output: ResolvedLocation): Statement[] {
  return renderPlanned(modelOutputGrants(arnContextOf(ctx), output));
}

export function outputKeyStatements(ctx: FixContext, keyArn: string): Statement[] {
  return renderPlanned(modelOutputKeyGrants(arnContextOf(ctx), keyArn));
}

export function checkpointStatements(ctx: FixContext, checkpoint: ResolvedLocation, keyArn?: string): Statement[] {
  const a = arnContextOf(ctx);
  return renderPlanned([...checkpointGrants(a, checkpoint), ...(keyArn ? checkpointKeyGrants(a, keyArn) : [])]);
}

export function imagePullStatements(repositoryArns: string[]): Statement[] {
  return renderPlanned(imagePullGrants(repositoryArns));
}

/** The trust policy the construct gives the role. */
export function trustPolicyDocument(ctx: FixContext): { Version: string; Statement: Statement[] } {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Service: SAGEMAKER_SERVICE_PRINCIPAL },
      Action: 'sts:AssumeRole',
      Condition: trustConditions(arnContextOf(ctx)),
    }],
  };
}

/**
 * The role's statements restated for a resource policy in another account (a bucket policy):
 * the same actions, resources and conditions, granted to the role.
 */
export function forPrincipal(statements: Statement[], roleArn: string): Statement[] {
  return statements.map((s) => ({ Sid: `${s.Sid ?? 'Allow'}ForTrainingRole`, Effect: 'Allow', Principal: { AWS: roleArn }, Action: s.Action, Resource: s.Resource, ...(s.Condition ? { Condition: s.Condition } : {}) }));
}

/**
 * A key policy statement letting the role use the key through the given services; with no
 * service, for any call of the role (a container's own KMS call is not made through a service).
 */
export function keyPolicyStatement(ctx: FixContext, roleArn: string, actions: string[], services: string[]): Statement {
  return {
    Sid: services.length > 0 ? 'AllowTrainingRoleThroughServices' : 'AllowRoleToUseKey',
    Effect: 'Allow',
    Principal: { AWS: roleArn },
    Action: actions.length === 1 ? actions[0] : actions,
    // In a key policy, "*" means this key.
    Resource: '*',
    ...(services.length > 0 ? { Condition: { StringEquals: { 'kms:ViaService': services.map((s) => viaService(arnContextOf(ctx), s)) } } } : {}),
  };
}

/** The pull actions a repository policy grants (ECR). */

/** Repository policy statements for a cross-account pull: SageMaker, and the role. */
export function repositoryPolicyStatements(roleArn: string): Statement[] {
  return [
    { Sid: 'AllowSageMakerPull', Effect: 'Allow', Principal: { Service: SAGEMAKER_SERVICE_PRINCIPAL }, Action: ECR_PULL_ACTIONS },
    { Sid: 'AllowTrainingRolePull', Effect: 'Allow', Principal: { AWS: roleArn }, Action: ECR_PULL_ACTIONS },
  ];
}

/** The caller's statement for passing the role to SageMaker. */
export function passRoleStatement(roleArn: string): Statement {
  return {
    Sid: 'PassTrainingRoleToSageMaker',
    Effect: 'Allow',
    Action: 'iam:PassRole',
    Resource: roleArn,
    Condition: { StringEquals: { 'iam:PassedToService': SAGEMAKER_SERVICE_PRINCIPAL } },
  };
}

/** The caller's statement for tagging training jobs when it creates them. */
export function addTagsStatement(trainingJobArn: string): Statement {
  return {
    Sid: 'TagTrainingJobsOnCreate',
    Effect: 'Allow',
    Action: 'sagemaker:AddTags',
    Resource: trainingJobArn,
    Condition: { StringEquals: { 'sagemaker:TaggingAction': 'CreateTrainingJob' } },
  };
}

export function callerStatement(action: string, resource: string): Statement {
  return { Sid: 'AllowTrainingJobCall', Effect: 'Allow', Action: action, Resource: resource };
}

export function bucketArn(ctx: FixContext, bucket: string): string {
  return s3BucketArn(arnContextOf(ctx), bucket);
}
