/**
 * Turns a synthesized CloudFormation template into the plain JSON IAM would see after deployment:
 * pseudo parameters become the test environment's values, and each resource's `Ref`/`Fn::GetAtt`
 * becomes a deterministic fake physical value derived from its logical id.
 */

export const TEST_ENV = {
  partition: 'aws',
  region: 'us-east-1',
  account: '111122223333',
  urlSuffix: 'amazonaws.com',
};

type Template = { Resources: { [id: string]: { Type: string; Properties?: any } } };

/** The fake physical id (`Ref`) of a resource. */
export function physicalId(template: Template, logicalId: string): string {
  const resource = template.Resources[logicalId];
  if (!resource) {
    throw new Error(`no resource ${logicalId} in the template`);
  }
  const name = resource.Properties?.BucketName ?? resource.Properties?.RepositoryName;
  if (typeof name === 'string') {
    return name;
  }
  const slug = logicalId.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 40);
  const hex = hex17(logicalId);
  switch (resource.Type) {
    case 'AWS::S3::Bucket': return `bucket-${slug}`;
    case 'AWS::ECR::Repository': return `repo-${slug}`;
    case 'AWS::KMS::Key': return `1234abcd-12ab-34cd-56ef-${hex.slice(0, 12)}`;
    case 'AWS::EC2::VPC': return `vpc-${hex}`;
    case 'AWS::EC2::Subnet': return `subnet-${hex}`;
    case 'AWS::EC2::SecurityGroup': return `sg-${hex}`;
    case 'AWS::IAM::Role': return `role-${slug}`;
    case 'AWS::IAM::ManagedPolicy': return `arn:aws:iam::${TEST_ENV.account}:policy/${slug}`;
    default: return `${slug}-physical`;
  }
}

/** The fake value of `Fn::GetAtt [logicalId, attribute]`. */
export function attribute(template: Template, logicalId: string, attr: string): string {
  const type = template.Resources[logicalId]?.Type;
  const id = physicalId(template, logicalId);
  const { partition, region, account } = TEST_ENV;
  if (attr === 'Arn') {
    switch (type) {
      case 'AWS::S3::Bucket': return `arn:${partition}:s3:::${id}`;
      case 'AWS::KMS::Key': return `arn:${partition}:kms:${region}:${account}:key/${id}`;
      case 'AWS::ECR::Repository': return `arn:${partition}:ecr:${region}:${account}:repository/${id}`;
      case 'AWS::IAM::Role': return `arn:${partition}:iam::${account}:role/${id}`;
      default: return `arn:${partition}:unknown:${region}:${account}:${id}`;
    }
  }
  if (type === 'AWS::EC2::SecurityGroup' && attr === 'GroupId') {
    return id;
  }
  if (type === 'AWS::EC2::VPC' && attr === 'VpcId') {
    return id;
  }
  throw new Error(`the resolver does not know ${type}.${attr}`);
}

/** Overrides for `resolveIntrinsics`: other pseudo parameter values, other physical ids. */
export interface ResolveOptions {
  readonly pseudo?: { [ref: string]: string };
  readonly physicalId?: (template: Template, logicalId: string) => string;
}

/**
 * The longest values an unresolved token can take (see src/private/policy-size.ts): for checking
 * that a policy measured as fitting still fits in any partition and region with the longest names.
 */
export const WORST_CASE: ResolveOptions = {
  pseudo: {
    'AWS::Partition': 'aws-us-gov',
    'AWS::Region': 'xx-xxxxxxxxxxxxxxx-1',
    'AWS::AccountId': TEST_ENV.account,
    'AWS::URLSuffix': 'amazonaws.com.cn',
  },
  physicalId: (template, logicalId) => {
    const type = template.Resources[logicalId]?.Type;
    const base = physicalId(template, logicalId);
    return type === 'AWS::S3::Bucket' ? base.padEnd(63, 'x').slice(0, 63) : base;
  },
};

/** Resolves every intrinsic in `value` against `template`. */
export function resolveIntrinsics(template: Template, value: any, options: ResolveOptions = {}): any {
  if (Array.isArray(value)) {
    return value.map((v) => resolveIntrinsics(template, v, options));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [k] = keys;
    const arg = value[k];
    switch (k) {
      case 'Ref': return options.pseudo?.[arg] ?? (options.physicalId && !arg.startsWith('AWS::')
        ? options.physicalId(template, arg) : ref(template, arg));
      case 'Fn::GetAtt': return attribute(template, arg[0], arg[1]);
      case 'Fn::Join': return resolveIntrinsics(template, arg[1], options).join(arg[0]);
      case 'Fn::Select': return resolveIntrinsics(template, arg[1], options)[arg[0]];
      case 'Fn::Split': return String(resolveIntrinsics(template, arg[1], options)).split(arg[0]);
      case 'Fn::Sub': return sub(template, arg, options);
      default:
        if (k.startsWith('Fn::')) {
          throw new Error(`the resolver does not handle ${k}`);
        }
    }
  }
  const out: any = {};
  for (const k of keys) {
    out[k] = resolveIntrinsics(template, value[k], options);
  }
  return out;
}

/** `Fn::Sub` in its string form (CDK's asset repository name): `${AWS::AccountId}`, `${LogicalId}`. */
function sub(template: Template, arg: unknown, options: ResolveOptions): string {
  if (typeof arg !== 'string') {
    throw new Error('the resolver handles Fn::Sub with a string only');
  }
  return arg.replace(/\$\{([^}!.]+)\}/g, (_m, name: string) => resolveIntrinsics(template, { Ref: name }, options));
}

function ref(template: Template, name: string): string {
  switch (name) {
    case 'AWS::Partition': return TEST_ENV.partition;
    case 'AWS::Region': return TEST_ENV.region;
    case 'AWS::AccountId': return TEST_ENV.account;
    case 'AWS::URLSuffix': return TEST_ENV.urlSuffix;
    default: return physicalId(template, name);
  }
}

/** The role's identity policies (its managed policies), resolved: name -> policy document. */
export function rolePolicies(template: Template, roleLogicalId?: string): { name: string; policy: any }[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy')
    .filter(([, r]) => !roleLogicalId
      || (r.Properties.Roles ?? []).some((role: any) => role.Ref === roleLogicalId))
    .map(([id, r]) => ({ name: id, policy: resolveIntrinsics(template, r.Properties.PolicyDocument) }));
}

/** The role's trust policy, resolved. */
export function trustPolicy(template: Template, roleLogicalId: string): any {
  return resolveIntrinsics(template, template.Resources[roleLogicalId].Properties.AssumeRolePolicyDocument);
}

/* eslint-disable no-bitwise */
function hex17(text: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 17; round++) {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i) + round;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 17);
}
