import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Acknowledges, by exact finding id, the cdk-nag `AwsSolutions-IAM5` findings that AWS makes
 * unavoidable, on the managed policy that carries them, with the reason each is unavoidable.
 *
 * Only `Validations` from aws-cdk-lib is used: finding ids are plain strings, so the library does
 * not depend on cdk-nag. A wildcard resource is acknowledged only when every statement that
 * produces its finding id is one of the purposes below and the resource has the expected shape;
 * anything else (a statement added later, a regression) stays a finding.
 *
 * The ids are computed twice: now, for checks that walk the tree before synthesis
 * (`validateScope`), and again in the policy's validation step, which runs after references
 * between stacks have become `Fn::ImportValue` and before cdk-nag runs as a validation plugin.
 */
export function acknowledgeNagFindings(policies: iam.IManagedPolicy[]): void {
  for (const policy of policies) {
    const cfn = policy.node.defaultChild as iam.CfnManagedPolicy | undefined;
    if (!cfn) {
      continue;
    }
    const done = new Set<string>();
    const acknowledge = () => {
      const document = Stack.of(cfn).resolve(cfn.policyDocument);
      for (const { id, reason } of wildcardAcknowledgements(document)) {
        if (!done.has(id)) {
          done.add(id);
          Validations.of(policy as IConstruct).acknowledge({ id, reason });
        }
      }
    };
    acknowledge();
    policy.node.addValidation({
      validate: () => {
        acknowledge();
        return [];
      },
    });
  }
}

/** The rule that flags a `*` in an action or resource of an Allow statement. */
const WILDCARD_RULE = 'AwsSolutions-IAM5';

interface Exemption {
  /** Does a flattened resource of this purpose have the expected shape? */
  readonly shape: (resource: string) => boolean;
  readonly reason: string;
}

const S3_OBJECTS = {
  shape: (r: string) => /^arn:(<AWS::Partition>|[\w-]+):s3:::[^/*]+\/[^*]*\*$/.test(r),
  reason: 'A training S3 location is every object whose key starts with the prefix (SageMaker S3Prefix semantics); '
    + 'S3 object ARNs can only express that with a trailing "*" after the prefix.',
};

const LOGS = {
  shape: (r: string) => /:log-group:\/aws\/sagemaker\/TrainingJobs:(log-stream:)?\*$/.test(r),
  reason: 'SageMaker names the log streams of /aws/sagemaker/TrainingJobs after each job and instance at run time; '
    + 'the streams (and the log-group ARN form ending in ":*") can only be named with a trailing "*" within that group.',
};

const NETWORK_INTERFACES = {
  shape: (r: string) => /^arn:.+:ec2:.+:network-interface\/\*$/.test(r),
  reason: 'EC2 assigns the ids of the network interfaces SageMaker creates for the job, so they cannot be named in advance; '
    + 'creation is limited to the given subnets and security groups, and management to interfaces of the VPC (ec2:Vpc).',
};

const WILDCARD_ONLY = {
  shape: (r: string) => r === '*',
  reason: 'ecr:GetAuthorizationToken, cloudwatch:PutMetricData and the ec2:Describe* actions support no resource-level '
    + 'permissions (Service Authorization Reference: resource "*" only); cloudwatch:PutMetricData is narrowed by cloudwatch:namespace.',
};

/** Purposes (Sids without their number) whose wildcard resources AWS makes unavoidable. */
const EXEMPTIONS: { [sid: string]: Exemption } = {
  TrainingDataRead: S3_OBJECTS,
  ModelOutputWrite: S3_OBJECTS,
  CheckpointSync: S3_OBJECTS,
  LogGroupAccess: LOGS,
  LogStreamWrite: LOGS,
  NetworkInterfaceCreate: NETWORK_INTERFACES,
  NetworkInterfaceManage: NETWORK_INTERFACES,
  ImageRegistryAuth: WILDCARD_ONLY,
  MetricsPublish: WILDCARD_ONLY,
  NetworkDescribe: WILDCARD_ONLY,
};

interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: unknown;
  readonly Resource?: unknown;
}

/** The finding ids of a resolved policy document that may be acknowledged, with their reasons. */
export function wildcardAcknowledgements(document: { Statement?: Statement[] }): { id: string; reason: string }[] {
  const reasons = new Map<string, Set<string>>();
  const refused = new Set<string>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') {
      continue;
    }
    const exemption = EXEMPTIONS[(statement.Sid ?? '').replace(/\d+$/, '')];
    for (const action of asArray(statement.Action).map(flatten).filter((a) => a.includes('*'))) {
      refused.add(`${WILDCARD_RULE}[Action::${action}]`);
    }
    for (const resource of asArray(statement.Resource).map(flatten).filter((r) => r.includes('*'))) {
      const id = `${WILDCARD_RULE}[Resource::${resource}]`;
      if (exemption && exemption.shape(resource) && acknowledgeable(id)) {
        reasons.set(id, (reasons.get(id) ?? new Set()).add(exemption.reason));
      } else {
        refused.add(id);
      }
    }
  }
  return [...reasons.entries()]
    .filter(([id]) => !refused.has(id))
    .map(([id, why]) => ({ id, reason: [...why].join(' ') }));
}

/**
 * A resource as cdk-nag writes it in a finding id (its `flattenCfnReference`): `Fn::Join` joined,
 * `Ref` as `<Name>`, `Fn::GetAtt` as `<Name.Attribute>`, and `${` / `}` in strings as `<` / `>`.
 */
export function flatten(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  }
  const v = value as { [key: string]: any };
  if (v['Fn::Join']) {
    const [delimiter, items] = v['Fn::Join'];
    return (items as unknown[]).map(flatten).join(delimiter);
  }
  if (v['Fn::Sub']) {
    return flatten(v['Fn::Sub']);
  }
  if (v['Fn::GetAtt']) {
    const [resource, attribute] = v['Fn::GetAtt'];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (v['Fn::ImportValue']) {
    return flatten(v['Fn::ImportValue']);
  }
  if (v.Ref) {
    return `<${flatten(v.Ref)}>`;
  }
  return JSON.stringify(value);
}

/**
 * Whether aws-cdk-lib records the id unchanged: it rejects unbalanced brackets and turns spaces
 * into dashes, so a prefix with either cannot be acknowledged by its finding id.
 */
function acknowledgeable(id: string): boolean {
  if (/\s/.test(id)) {
    return false;
  }
  const open: string[] = [];
  const pairs: { [close: string]: string } = { ')': '(', ']': '[', '}': '{' };
  for (const c of id) {
    if (c === '(' || c === '[' || c === '{') {
      open.push(c);
    } else if (c in pairs && open.pop() !== pairs[c]) {
      return false;
    }
  }
  return open.length === 0;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
