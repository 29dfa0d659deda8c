import { Acknowledgement, AssemblyStack, Resource } from './assembly';
import { MANAGED_POLICY_CHAR_LIMIT, SAGEMAKER_SERVICE_PRINCIPAL, statementPurpose } from './library';
import { asArray, PolicyView, statementView } from './statement-text';

/** The permission review of a cloud assembly: every SageMaker training role, and a summary. */
export interface Review {
  readonly roles: RoleReview[];
  readonly summary: ReviewSummary;
}

/** One role SageMaker may assume: what it may do, who may launch jobs with it, what was acknowledged. */
export interface RoleReview {
  readonly stack: string;
  /** The construct path without the stack (`TrainingRole`), or the logical id without its hash. */
  readonly name: string;
  readonly logicalId: string;
  /** Its customer managed and inline policies, by name. */
  readonly policies: PolicyView[];
  readonly awsManagedPolicies: string[];
  readonly trustPolicy: PolicyView;
  /** The principals `grantLaunch` gave launch rights with this role, and their guardrails. */
  readonly launchers: Launcher[];
  /** cdk-nag findings acknowledged on the role's policies, with the reasons. */
  readonly acknowledged: AcknowledgedFinding[];
}

/** A principal that may start training jobs with the role (`grantLaunch`). */
export interface Launcher {
  /** `role Launcher`, `user ci`, `group data-scientists`. */
  readonly principal: string;
  /** The policy holding the launch statements. */
  readonly policy: string;
  /** Where `iam:PassRole` may pass the role (`iam:PassedToService`). */
  readonly passedTo: string[];
  /** The training jobs `sagemaker:CreateTrainingJob` is allowed on. */
  readonly jobs: string[];
  /** Each condition on `CreateTrainingJob`, in words. */
  readonly guardrails: string[];
  /** The other actions of the launch statements (`sagemaker:DescribeTrainingJob`, ...). */
  readonly alsoAllowed: string[];
}

/** A cdk-nag finding acknowledged on a construct. */
export interface AcknowledgedFinding {
  /** The exact finding id, as cdk-nag reports and acknowledges it. */
  readonly id: string;
  /** The rule (`AwsSolutions-IAM5`). */
  readonly rule: string;
  /** What the finding is about, references written as `${Name}` (`arn:${AWS::Partition}:s3:::${DataBucket}/data/*`). */
  readonly subject?: string;
  readonly reason: string;
  /** The construct it is acknowledged on (`TrainingRole/Policy1`). */
  readonly on: string;
}

export interface ReviewSummary {
  readonly roles: number;
  readonly policies: number;
  readonly statements: number;
  /** Characters of each policy of the roles, as IAM counts them (references as written). */
  readonly sizes: { readonly name: string; readonly characters: number; readonly limit?: number }[];
  /** The largest managed policy, as a share of IAM's limit (0 to 1). */
  readonly largestShare: number;
  /** Findings acknowledged on the roles' policies (listed with each role). */
  readonly acknowledgedOnRoles: number;
  /** Findings acknowledged anywhere else in the assembly. */
  readonly acknowledgedElsewhere: AcknowledgedFinding[];
}

/** The metadata key cdk-nag 2 reads suppressions from (the construct writes both majors). */
const NAG_V2_METADATA = 'cdk_nag';

/**
 * The review of every role SageMaker may assume in the stacks. Values keep their CloudFormation
 * references, written as `${Name}`: `${AWS::Partition}`, `${DataBucket}`, `${TrainingKey.Arn}`.
 */
export function buildReview(stacks: AssemblyStack[]): Review {
  const roles: RoleReview[] = [];
  const onRoles = new Set<string>();
  for (const stack of stacks) {
    const resources = stack.template.Resources ?? {};
    const names = readableNames(stack.stackName, resources);
    for (const [roleId, role] of Object.entries(resources)) {
      if (role.Type !== 'AWS::IAM::Role' || !trustsSageMaker(role)) {
        continue;
      }
      const policies = policiesOf(roleId, role, resources, names);
      const rolePath = constructPathOf(role);
      const acknowledged: AcknowledgedFinding[] = [];
      for (const p of policies) {
        for (const a of acknowledgementsOf(stack, p.constructPath, rolePath, resources[p.logicalId ?? ''])) {
          acknowledged.push(findingOn(a, p.name, names));
          onRoles.add(`${p.constructPath ?? p.name}|${a.id}`);
        }
      }
      roles.push({
        stack: stack.stackName,
        name: names(roleId),
        logicalId: roleId,
        policies: policies.map((p) => policyView(p.kind, p.name, readable(p.document, names))),
        awsManagedPolicies: asArray(role.Properties?.ManagedPolicyArns)
          .filter((arn) => !(typeof arn?.Ref === 'string' && resources[arn.Ref]?.Type === 'AWS::IAM::ManagedPolicy'))
          .map((arn) => String(readable(arn, names))),
        trustPolicy: policyView('trust policy', '', readable(role.Properties?.AssumeRolePolicyDocument, names)),
        launchers: launchersOf(roleId, resources, names),
        acknowledged: dedupe(acknowledged),
      });
    }
  }

  const elsewhere: AcknowledgedFinding[] = [];
  for (const stack of stacks) {
    const names = readableNames(stack.stackName, stack.template.Resources ?? {});
    for (const [constructPath, list] of Object.entries(stack.acknowledgements)) {
      for (const a of list) {
        if (!onRoles.has(`${constructPath}|${a.id}`)) {
          elsewhere.push(findingOn(a, constructName(stack.stackName, constructPath), names));
        }
      }
    }
  }

  const policies = roles.flatMap((r) => r.policies);
  const managed = policies.filter((p) => p.limit !== undefined);
  return {
    roles,
    summary: {
      roles: roles.length,
      policies: policies.length,
      statements: policies.reduce((n, p) => n + p.statements.length, 0),
      sizes: policies.map((p) => ({ name: p.name, characters: p.characters, limit: p.limit })),
      largestShare: Math.max(0, ...managed.map((p) => p.characters / MANAGED_POLICY_CHAR_LIMIT)),
      acknowledgedOnRoles: roles.reduce((n, r) => n + r.acknowledged.length, 0),
      acknowledgedElsewhere: elsewhere,
    },
  };
}

function policyView(kind: string, name: string, document: any): PolicyView {
  return {
    kind,
    name,
    characters: JSON.stringify(document ?? {}).length,
    limit: kind === 'managed policy' ? MANAGED_POLICY_CHAR_LIMIT : undefined,
    statements: asArray(document?.Statement).map((s) => statementView(s, (sid) => statementPurpose(sid)?.why)),
  };
}

interface RolePolicy {
  readonly kind: 'managed policy' | 'inline policy';
  readonly name: string;
  readonly document: any;
  readonly logicalId?: string;
  /** The policy construct's path (`/Stack/Role/Policy1`), when the template records it. */
  readonly constructPath?: string;
}

/** The customer managed and inline policies of a role, by name (`Policy2` before `Policy10`). */
function policiesOf(roleId: string, role: Resource, resources: { [id: string]: Resource }, names: Names): RolePolicy[] {
  const refersToRole = (list: unknown) => asArray(list).some((r: any) => r?.Ref === roleId);
  const attachedByRole = new Set(asArray(role.Properties?.ManagedPolicyArns).map((arn: any) => arn?.Ref).filter((id) => typeof id === 'string'));
  const out: RolePolicy[] = [];
  for (const [id, r] of Object.entries(resources)) {
    const constructPath = constructPathOf(r);
    if (r.Type === 'AWS::IAM::ManagedPolicy' && (refersToRole(r.Properties?.Roles) || attachedByRole.has(id))) {
      out.push({ kind: 'managed policy', name: names(id), document: r.Properties?.PolicyDocument, logicalId: id, constructPath });
    } else if (r.Type === 'AWS::IAM::Policy' && refersToRole(r.Properties?.Roles)) {
      out.push({ kind: 'inline policy', name: names(id), document: r.Properties?.PolicyDocument, logicalId: id, constructPath });
    }
  }
  for (const p of asArray(role.Properties?.Policies)) {
    out.push({ kind: 'inline policy', name: `${names(roleId)}/${p.PolicyName}`, document: p.PolicyDocument });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

/**
 * The acknowledgements of a policy: cdk-nag 3's, from the assembly's metadata, on the policy or
 * on the role it belongs to (cdk-nag counts ancestors; those above the role, such as the stack,
 * are about other things), and cdk-nag 2's `rules_to_suppress` in the resource's metadata, which
 * the template keeps even without path metadata.
 */
function acknowledgementsOf(stack: AssemblyStack, constructPath: string | undefined, rolePath: string | undefined,
  resource: Resource | undefined): Acknowledgement[] {
  const out: Acknowledgement[] = [];
  if (constructPath !== undefined) {
    for (const [at, list] of Object.entries(stack.acknowledgements)) {
      const withinRole = rolePath !== undefined && (at === rolePath || at.startsWith(`${rolePath}/`));
      if (constructPath === at || (withinRole && constructPath.startsWith(`${at}/`))) {
        out.push(...list);
      }
    }
  }
  for (const s of asArray(resource?.Metadata?.[NAG_V2_METADATA]?.rules_to_suppress)) {
    const appliesTo = asArray(s?.applies_to).filter((x) => typeof x === 'string');
    for (const finding of appliesTo.length > 0 ? appliesTo : [undefined]) {
      out.push({ id: finding === undefined ? String(s.id) : `${s.id}[${finding}]`, reason: String(s.reason ?? '') });
    }
  }
  return dedupe(out);
}

/** A resource's construct path (`/Stack/TrainingRole`), when the template records it. */
function constructPathOf(resource: Resource): string | undefined {
  const cdkPath = resource.Metadata?.['aws:cdk:path'];
  return typeof cdkPath === 'string' ? `/${cdkPath.replace(/\/Resource$/, '')}` : undefined;
}

function dedupe<T extends { id: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((x) => !seen.has(x.id) && seen.add(x.id) !== undefined);
}

/** A finding id split into its rule and its subject, cdk-nag's `<Name>` references written `${Name}`. */
function findingOn(a: Acknowledgement, on: string, names: Names): AcknowledgedFinding {
  const match = /^([^[]+)\[(.*)\]$/.exec(a.id);
  const subject = match?.[2]
    .replace(/^(Resource|Action)::/, '')
    .replace(/<([A-Za-z0-9:]+?)(?:\.([A-Za-z0-9.]+))?>/g, (_, ref: string, attr?: string) =>
      (ref.startsWith('AWS::') ? `\${${ref}}` : `\${${names(ref)}${attr ? `.${attr}` : ''}}`));
  return { id: a.id, rule: match?.[1] ?? a.id, subject, reason: a.reason, on };
}

/** A construct path without its stack (`DataBucket`), as the review names constructs. */
function constructName(stackName: string, constructPath: string): string {
  const parts = constructPath.replace(/^\/+/, '').split('/');
  if (parts[0] === stackName || parts.slice(0, stackName.split('/').length).join('/') === stackName) {
    parts.splice(0, stackName.split('/').length);
  }
  if (parts.length > 1 && (parts[parts.length - 1] === 'Resource' || parts[parts.length - 1] === 'Default')) {
    parts.pop();
  }
  return parts.join('/') || `stack ${stackName}`;
}

/**
 * The principals with launch rights: policies with `grantLaunch`'s statements (`LaunchPassRole`
 * with `iam:PassRole` on this role, and the `LaunchCreateTrainingJob` of the same number).
 */
function launchersOf(roleId: string, resources: { [id: string]: Resource }, names: Names): Launcher[] {
  const launchers: Launcher[] = [];
  const holders: { name: string; principals: string[]; document: any }[] = [];
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
      const principals = [
        ...asArray(r.Properties?.Roles).map((x) => `role ${principalName(x, names)}`),
        ...asArray(r.Properties?.Users).map((x) => `user ${principalName(x, names)}`),
        ...asArray(r.Properties?.Groups).map((x) => `group ${principalName(x, names)}`),
      ];
      holders.push({ name: names(id), principals, document: r.Properties?.PolicyDocument });
    } else if (r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::User' || r.Type === 'AWS::IAM::Group') {
      const kind = r.Type.slice('AWS::IAM::'.length).toLowerCase();
      for (const p of asArray(r.Properties?.Policies)) {
        holders.push({ name: `${names(id)}/${p.PolicyName}`, principals: [`${kind} ${names(id)}`], document: p.PolicyDocument });
      }
    }
  }
  for (const holder of holders) {
    const statements = asArray(holder.document?.Statement);
    for (const pass of statements) {
      const n = /^LaunchPassRole(\d*)$/.exec(String(pass.Sid ?? ''))?.[1];
      if (n === undefined || !asArray(pass.Action).includes('iam:PassRole') || !refersTo(pass.Resource, roleId)) {
        continue;
      }
      const bySid = (sid: string) => statements.find((s) => s.Sid === `${sid}${n}`);
      const create = bySid('LaunchCreateTrainingJob');
      const others = [bySid('LaunchManageTrainingJob'), bySid('LaunchTagTrainingJob')].filter((s) => s !== undefined);
      const readableCreate = readable(create ?? {}, names);
      for (const principal of holder.principals.length > 0 ? holder.principals : ['(no principal)']) {
        launchers.push({
          principal,
          policy: holder.name,
          passedTo: asArray(readable(pass.Condition?.StringEquals?.['iam:PassedToService'], names)).map(String),
          jobs: asArray(readableCreate.Resource).map(String),
          guardrails: guardrailsIn(readableCreate.Condition ?? {}),
          alsoAllowed: others.flatMap((s) => asArray(s.Action).map(String)),
        });
      }
    }
  }
  return launchers;
}

function principalName(value: unknown, names: Names): string {
  const v = value as any;
  return typeof v?.Ref === 'string' ? names(v.Ref) : String(readable(v, names));
}

/** True when `value` refers to the role's ARN (`Fn::GetAtt [roleId, Arn]`, possibly inside a list or join). */
function refersTo(value: unknown, roleId: string): boolean {
  return JSON.stringify(value ?? null).includes(JSON.stringify([roleId, 'Arn']))
    || JSON.stringify(value ?? null).includes(`"${roleId}.Arn"`);
}

/** What each guardrail `grantLaunch` writes says, in words; anything else as `Operator key = values`. */
function guardrailsIn(condition: { [operator: string]: { [key: string]: unknown } }): string[] {
  const values = (v: unknown) => asArray(v).map(String);
  const get = (operator: string, key: string) => condition[operator]?.[key];
  const out: string[] = [];
  const known = new Set<string>();
  const use = (operator: string, key: string) => known.add(`${operator} ${key}`);

  const subnets = get('ForAllValues:StringEquals', 'sagemaker:VpcSubnets');
  if (subnets !== undefined) {
    out.push(`subnets ${values(subnets).join(', ')} (a VPC required)`);
    use('ForAllValues:StringEquals', 'sagemaker:VpcSubnets');
    use('Null', 'sagemaker:VpcSubnets');
  }
  const groups = get('ForAllValues:StringEquals', 'sagemaker:VpcSecurityGroupIds');
  if (groups !== undefined) {
    out.push(`security groups ${values(groups).join(', ')}`);
    use('ForAllValues:StringEquals', 'sagemaker:VpcSecurityGroupIds');
    use('Null', 'sagemaker:VpcSecurityGroupIds');
  }
  const words: [string, string, (v: string[]) => string][] = [
    ['ArnEquals', 'sagemaker:OutputKmsKeyArn', (v) => `output key ${v.join(', ')}`],
    ['ArnEquals', 'sagemaker:VolumeKmsKeyArn', (v) => `volume key ${v.join(', ')}`],
    ['Bool', 'sagemaker:NetworkIsolation', (v) => (v.includes('true') ? 'network isolation on' : 'network isolation off')],
    ['Bool', 'sagemaker:InterContainerTrafficEncryption', (v) => (v.includes('true') ? 'inter-container traffic encryption on' : 'inter-container traffic encryption off')],
    ['ForAllValues:StringLike', 'sagemaker:InstanceTypes', (v) => `instance types ${v.join(', ')}`],
    ['NumericLessThanEquals', 'sagemaker:MaxRuntimeInSeconds', (v) => `maximum runtime up to ${v.map(seconds).join(', ')}`],
    ['BoolIfExists', 'sagemaker:EnableRemoteDebug', (v) => (v.includes('false') ? 'remote debugging off' : 'remote debugging on')],
  ];
  for (const [operator, key, say] of words) {
    const v = get(operator, key);
    if (v !== undefined) {
      out.push(say(values(v)));
      use(operator, key);
      if (key === 'sagemaker:InstanceTypes') {
        use('Null', key);
      }
    }
  }
  for (const [operator, byKey] of Object.entries(condition)) {
    for (const [key, v] of Object.entries(byKey)) {
      if (!known.has(`${operator} ${key}`)) {
        out.push(`${operator} ${key} = ${values(v).join(' | ')}`);
      }
    }
  }
  return out;
}

function seconds(value: string): string {
  const n = Number(value);
  if (!Number.isFinite(n)) {
    return `${value} seconds`;
  }
  const hours = n / 3600;
  return `${n.toLocaleString('en-US')} seconds${Number.isInteger(hours) ? ` (${hours} hours)` : ''}`;
}

function trustsSageMaker(role: Resource): boolean {
  return asArray(role.Properties?.AssumeRolePolicyDocument?.Statement).some((s: any) =>
    asArray(s?.Principal?.Service).includes(SAGEMAKER_SERVICE_PRINCIPAL));
}

type Names = (logicalId: string) => string;

/**
 * Construct paths without the stack and the trailing `/Resource` (`TrainingRole/Policy1`);
 * without path metadata (`cdk synth --no-path-metadata`), logical ids without their hash.
 */
export function readableNames(stackName: string, resources: { [id: string]: Resource }): Names {
  return (logicalId: string) => {
    const cdkPath: unknown = resources[logicalId]?.Metadata?.['aws:cdk:path'];
    if (typeof cdkPath !== 'string') {
      // CDK logical ids end in an 8-character hash of the construct path.
      return logicalId.replace(/^(.+?)[0-9A-F]{8}$/, '$1');
    }
    const parts = (cdkPath.startsWith(`${stackName}/`) ? cdkPath.slice(stackName.length + 1) : cdkPath).split('/');
    if (parts.length > 1 && (parts[parts.length - 1] === 'Resource' || parts[parts.length - 1] === 'Default')) {
      parts.pop();
    }
    return parts.join('/') || logicalId;
  };
}

/**
 * A value with every CloudFormation intrinsic written back as a readable string in one syntax,
 * `${Name}`: `{ Ref: 'AWS::Partition' }` as `${AWS::Partition}`, a resource's `Ref` as
 * `${DataBucket}`, `Fn::GetAtt` as `${DataBucket.Arn}`, `Fn::Join` joined.
 */
export function readable(value: any, names: Names = (id) => id): any {
  if (Array.isArray(value)) {
    return value.map((v) => readable(v, names));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    return intrinsic(keys[0], value[keys[0]], names);
  }
  const out: any = {};
  for (const k of keys) {
    out[k] = readable(value[k], names);
  }
  return out;
}

function intrinsic(fn: string, arg: any, names: Names): string {
  switch (fn) {
    case 'Ref':
      return String(arg).startsWith('AWS::') ? `\${${arg}}` : `\${${names(arg)}}`;
    case 'Fn::GetAtt': {
      const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
      return `\${${names(id)}.${attribute}}`;
    }
    case 'Fn::Join':
      return asArray(readable(arg[1], names)).map(String).join(arg[0]);
    case 'Fn::Sub':
      return Array.isArray(arg) ? String(arg[0]) : String(arg);
    case 'Fn::ImportValue':
      return `\${Import ${readable(arg, names)}}`;
    case 'Fn::Select':
      return `\${Select ${arg[0]} of ${JSON.stringify(readable(arg[1], names))}}`;
    case 'Fn::FindInMap':
      return `\${${asArray(readable(arg, names)).map(String).join('.')}}`;
    default:
      return `\${${fn} ${JSON.stringify(readable(arg, names))}}`;
  }
}
