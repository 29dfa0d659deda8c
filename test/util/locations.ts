import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { roleLogicalId, templateOf } from './fixtures';
import { WORST_CASE, resolveIntrinsics } from './resolve';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps, TrainingS3Location } from '../../src';

/** A location as plain data: bucket name and prefix. */
export interface PlainLocation {
  readonly bucket: string;
  readonly prefix: string;
}

/** Locations as construct props, importing each bucket once by name. */
export function toLocations(stack: Stack, plain: PlainLocation[]): TrainingS3Location[] {
  const buckets = new Map<string, s3.IBucket>();
  return plain.map(({ bucket, prefix }) => {
    let b = buckets.get(bucket);
    if (!b) {
      b = s3.Bucket.fromBucketName(stack, `Bucket-${bucket}`, bucket);
      buckets.set(bucket, b);
    }
    return { bucket: b, prefix };
  });
}

export interface Synthesized {
  readonly role: SageMakerTrainingRole;
  readonly template: any;
  /** Managed policy logical id -> its document resolved with the longest possible values. */
  readonly worstCase: Map<string, any>;
}

/** Synthesizes a role with these input locations and an output location. */
export function synthWithInputs(stack: Stack, inputs: PlainLocation[], extra: Partial<SageMakerTrainingRoleProps> = {}): Synthesized {
  const role = new SageMakerTrainingRole(stack, 'Role', {
    inputBuckets: toLocations(stack, inputs),
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Output', 'model-artifacts-output'), prefix: 'models/' },
    ...extra,
  });
  const template = templateOf(stack);
  const roleId = roleLogicalId(stack, role);
  const worstCase = new Map<string, any>();
  for (const [id, r] of Object.entries<any>(template.Resources)) {
    if (r.Type === 'AWS::IAM::ManagedPolicy' && r.Properties.Roles.some((x: any) => x.Ref === roleId)) {
      worstCase.set(id, resolveIntrinsics(template, r.Properties.PolicyDocument, WORST_CASE));
    }
  }
  return { role, template, worstCase };
}

/** IAM's count: the JSON without whitespace. */
export function iamLength(document: unknown): number {
  return JSON.stringify(document).length;
}

/** For each location's object ARN, the policy (logical id) whose statements carry it. */
export function policyOfEachLocation(template: any): Map<string, string> {
  const where = new Map<string, string>();
  for (const [id, r] of Object.entries<any>(template.Resources)) {
    if (r.Type !== 'AWS::IAM::ManagedPolicy') {
      continue;
    }
    for (const statement of r.Properties.PolicyDocument.Statement) {
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      for (const resource of resources) {
        if (statement.Sid.startsWith('TrainingDataRead')) {
          where.set(JSON.stringify(resource), id);
        }
      }
    }
  }
  return where;
}
