/**
 * A refused request, diagnosed from IAM's own words: the reason IAM gives decides where the fix
 * goes. An explicit Deny is fixed by narrowing that Deny, in the kind of policy the message names,
 * never by adding an Allow; an implicit deny by an Allow in the policy that lacks one.
 */
import { awsBucket, awsRegistry } from './aws-owned';
import { Cause, CauseCategory, Change, Diagnosis, Facts, InvolvedResource, Verdict } from './diagnosis';
import { IamDenial, serviceOf } from './iam-message';
import { identitySide, Principal, principalOf } from './principals';
import { anyJob, roleRef } from './text';
import { parseArn } from '../aws-names';
import {
  addTagsStatement, callerStatement, FixContext, forPrincipal, imagePullStatements, inputKeyStatements, inputReadStatements,
  keyPolicyStatement, outputKeyStatements, outputWriteStatements, passRoleStatement, repositoryPolicyStatements, resolvedLocation,
} from '../fixes';
import { Statement } from '../synth';

/** What a rule adds to the diagnosis of a refused request. */
export interface DenialOptions {
  /** The title, when the rule knows better than `<who> may not call <action>`. */
  readonly title?: string;
  /** Why the identity needs the action, before the refusal itself. */
  readonly why?: string;
  /** Causes that come before the identity's own (a launch guardrail). */
  readonly before?: Cause[];
  /** Causes that come after every other. */
  readonly after?: Cause[];
  /** Names of the launch guardrails that may explain the refusal. */
  readonly guardrails?: string[];
  /** The resource, when the text names it outside IAM's message (an S3 URI beside a 403). */
  readonly resource?: string;
}

/** Why the side is what it is when only where the call ran decided it. */
function whereNote(f: Facts): string {
  const local = f.where === 'local';
  const from = f.whereFrom === 'option' ? `--where ${f.where} says so`
    : f.whereFrom === 'job file' ? 'the job file makes this text its FailureReason'
      : local ? 'the text shows local mode (docker compose\'s algo-1 prefix, or a credentials file)'
        : 'the text is a training job\'s (its FailureReason, or its container\'s output)';
  return local
    ? `The call ran with your own credentials, not the execution role's: ${from}.`
    : `The execution role made the call in a training job: ${from}.`;
}

/** The diagnosis of a refused request `d`. */
export function diagnoseDenial(d: IamDenial, f: Facts, options: DenialOptions = {}): Omit<Diagnosis, 'id'> {
  const principal = principalOf(d.principal);
  const resource = normalisedResource(d.resource ?? options.resource);
  const side = identitySide(d, f.where, f);
  const owned = awsOwner(resource);
  const ctx = contextOf(f, resource);
  const who = whoOf(principal, side);
  const on = resource ? ` on ${resource}` : '';

  const identity = (s: 'role' | 'caller side'): Cause => identityCause(d, s, principal, resource, ctx, f, options, on);
  let causes: Cause[];
  let category: CauseCategory | undefined;
  switch (d.policyType) {
    case 'service control policy':
    case 'resource control policy':
      category = d.policyType;
      causes = [organizationCause(d, d.policyType, on)];
      break;
    case 'permissions boundary':
      category = 'permissions boundary';
      causes = [boundaryCause(d, principal, who, resource, on)];
      break;
    case 'session policy':
      category = 'session policy';
      causes = [sessionCause(d, who, on)];
      break;
    case 'VPC endpoint policy':
      category = 'VPC endpoint policy';
      causes = [endpointCause(d, ctx, on)];
      break;
    case 'resource-based policy':
      if (owned) {
        category = 'image or model URI';
        causes = [awsOwnedCause(d, owned, resource!)];
      } else {
        const c = resourcePolicyCause(d, principal, resource, ctx, f, on);
        category = c.category;
        causes = [c];
      }
      if (side) {
        causes.push(identity(side));
      }
      break;
    default:
      // An identity-based policy, an explicit Deny of an unnamed policy, or an older message.
      category = side;
      causes = side ? [identity(side)] : [identity('role'), identity('caller side')];
      if (owned) {
        causes.push(awsOwnedCause(d, owned, resource!));
      }
  }
  causes = [...(options.before ?? []), ...causes, ...(options.after ?? [])];
  if (options.before?.length) {
    category = options.before[0].category;
  }

  const resources: InvolvedResource[] = [];
  if (d.principal) {
    resources.push({ kind: side === 'role' ? 'execution role' : side === 'caller side' ? 'caller' : 'principal', name: d.principal, arn: d.principal.startsWith('arn:') ? d.principal : undefined });
  }
  if (resource) {
    resources.push({ kind: 'resource', name: resource, arn: resource.startsWith('arn:') ? resource : undefined });
  }
  const verdict: Verdict = {
    side: category,
    action: d.actionRedacted ? undefined : d.action,
    resource: resource ? (serviceOf(d.action) === 'iam' || serviceOf(d.action) === 'sts' ? roleRef(resource) : resource) : undefined,
    principal: d.principal,
    deny: d.deny,
    policyType: d.policyType,
    policyArn: d.policyArn,
    awsOwned: owned ? true : undefined,
    guardrails: options.guardrails,
  };
  return {
    title: options.title ?? (d.actionRedacted ? `A request of ${who} was refused` : `${capital(who)} may not call ${d.action}`),
    permissionProblem: true,
    resources,
    causes,
    notes: side === undefined && !d.policyType ? [
      'The text does not say where the call ran: in a training job the execution role made it (pass --where job), in local mode, a notebook or on your machine your own credentials did (pass --where local).',
    ] : side !== undefined && identitySide(d, undefined, f) === undefined ? [whereNote(f)] : [],
    verdict,
  };
}

/** IAM's resource as a verdict names it: `role <name>` (IAM's short form) is the role name. */
function normalisedResource(written: string | undefined): string | undefined {
  if (!written) {
    return undefined;
  }
  const short = /^(?:role|user|policy)\s+(\S+)$/.exec(written);
  return short ? short[1] : written;
}

/** The account and region of the resource when it names them, else the facts'. */
function contextOf(f: Facts, resource: string | undefined): FixContext {
  const arn = resource ? parseArn(resource) : undefined;
  return {
    partition: arn?.partition || f.ctx.partition,
    region: arn?.region && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(arn.region) ? arn.region : f.ctx.region,
    account: arn?.account && /^\d{12}$/.test(arn.account) ? arn.account : f.ctx.account,
  };
}

function whoOf(p: Principal, side: 'role' | 'caller side' | undefined): string {
  const named = p.name ? ` ${p.name}` : '';
  if (p.kind === 'user') {
    return `the IAM user${named}`;
  }
  if (side === 'role') {
    return `the execution role${named}`;
  }
  if (side === 'caller side') {
    return p.kind === 'role' ? `the caller's role${named}` : 'the caller';
  }
  return p.kind === 'role' ? `the role${named}` : 'the identity that made the call';
}

/** The AWS owner of a resource, for an ECR repository or S3 bucket AWS owns. */
function awsOwner(resource: string | undefined): { what: string; kind: 'registry' | 'bucket'; region?: string } | undefined {
  const arn = resource ? parseArn(resource) : undefined;
  if (arn?.service === 'ecr') {
    const what = awsRegistry(arn.account);
    return what ? { what, kind: 'registry', region: arn.region } : undefined;
  }
  if (arn?.service === 's3') {
    const bucket = awsBucket(arn.resource.split('/')[0]);
    return bucket ? { what: bucket.what, kind: 'bucket', region: bucket.region } : undefined;
  }
  return undefined;
}

/** The identity's own policy: an Allow to add, or a Deny of its own to narrow. */
function identityCause(d: IamDenial, side: 'role' | 'caller side', p: Principal, resource: string | undefined, ctx: FixContext,
  f: Facts, options: DenialOptions, on: string): Cause {
  const who = whoOf(p, side);
  const where = side === 'role' ? `the execution role${p.name ? ` ${p.name}` : ''}` : `an identity policy of the caller${d.principal ? ` (${d.principal})` : ''}`;
  const lookup = p.kind === 'user' && p.name
    ? `aws iam list-user-policies --user-name ${p.name} and aws iam list-attached-user-policies --user-name ${p.name}`
    : p.name ? `aws iam list-role-policies --role-name ${p.name} and aws iam list-attached-role-policies --role-name ${p.name}` : `the policies of ${who}`;
  if (d.deny === 'explicit') {
    const typed = d.policyType === 'identity-based policy';
    return {
      category: side,
      explanation: typed
        ? `An explicit Deny in an identity-based policy of ${who} refuses ${d.action}${on}; adding an Allow does not help, the Deny wins.`
        : `An explicit Deny refuses ${d.action}${on}; the message does not say which policy holds it: an identity-based policy of ${who}, `
          + 'its permissions boundary, a service control policy of the organization, a session policy, or the resource\'s own policy. Adding an Allow does not help, the Deny wins.',
      fix: `Find the Deny that matches ${d.action} (${lookup}${typed ? '' : '; aws iam get-role or get-user shows the permissions boundary'}) and narrow it so that it leaves this request out, for example with a condition or a NotResource.`
        + (options.guardrails?.length ? ' If it is one of grantLaunch\'s guardrails (Sid LaunchDeny...), change the request instead: narrowing it would void the guardrail.' : ''),
      changes: [],
    };
  }
  const statements = identityStatements(d, side, resource, ctx, f);
  const why = options.why ? `${options.why} ` : '';
  const missing = d.deny === 'implicit' ? `No identity-based policy of ${who} allows ${d.action}${on}.` : `${capital(who)} is not allowed ${d.action}${on}.`;
  return {
    category: side,
    explanation: `${why}${missing}`,
    fix: statements.length > 0 ? `Add ${statements.length === 1 ? 'this statement' : 'these statements'} to ${where}.` : `Allow ${d.action} to ${who}.`,
    changes: statements.length > 0 ? [{ where, statements }] : [],
  };
}

/** The statements that allow the refused request to the identity that made it. */
function identityStatements(d: IamDenial, side: 'role' | 'caller side', resource: string | undefined, ctx: FixContext, f: Facts): Statement[] {
  const action = d.action;
  const arn = resource?.startsWith('arn:') ? resource : undefined;
  const s3 = arn ? s3Location(arn) : undefined;
  const viaS3 = d.operation !== undefined && S3_OPERATIONS[d.operation] !== undefined;
  switch (true) {
    case /^iam:PassRole$/i.test(action):
      return [passRoleStatement(arn ?? f.roleArn)];
    case /^sagemaker:AddTags$/i.test(action):
      return [addTagsStatement(anyJob(arn ?? `arn:${ctx.partition}:sagemaker:${ctx.region}:${ctx.account}:training-job/*`))];
    case /^sagemaker:CreateTrainingJob$/i.test(action):
      // The launch statement comes from grantLaunch, with its guardrails: no bare Allow here.
      return [];
    case /^sagemaker:/i.test(action):
      return [callerStatement(action, anyJob(arn ?? `arn:${ctx.partition}:sagemaker:${ctx.region}:${ctx.account}:training-job/*`))];
    case /^logs:(GetLogEvents|DescribeLogStreams|FilterLogEvents)$/i.test(action): {
      const group = `arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:log-group:${logGroupOf(resource) ?? '/aws/sagemaker/TrainingJobs'}`;
      // Service Authorization Reference: DescribeLogStreams on log-group, GetLogEvents on log-stream.
      return [{ Sid: 'FollowTrainingJobLogs', Effect: 'Allow', Action: ['logs:DescribeLogStreams', 'logs:GetLogEvents'], Resource: [group, `${group}:log-stream:*`] }];
    }
    case /^iam:GetRole$/i.test(action):
      return [{ Sid: 'ReadRolePath', Effect: 'Allow', Action: 'iam:GetRole', Resource: arn ?? `arn:${ctx.partition}:iam::${ctx.account}:role/${resource ?? '*'}` }];
    case /^ecr:(InitiateLayerUpload|UploadLayerPart|CompleteLayerUpload|PutImage)$/i.test(action):
      return [
        { Sid: 'PushTrainingImage', Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'], Resource: arn ?? `arn:${ctx.partition}:ecr:${ctx.region}:${ctx.account}:repository/<repository>` },
        { Sid: 'RegistryLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      ];
    case side === 'role' && /^ecr:(BatchGetImage|GetDownloadUrlForLayer|BatchCheckLayerAvailability)$/i.test(action) && !!arn:
      return imagePullStatements([arn!]);
    case side === 'role' && /^s3:(GetObject|ListBucket)$/i.test(action) && !!s3:
      return inputReadStatements(ctx, [resolvedLocation(s3!.bucket, s3!.folder)]);
    case side === 'role' && /^s3:PutObject$/i.test(action) && !!s3:
      return outputWriteStatements(ctx, resolvedLocation(s3!.bucket, s3!.folder));
    case side === 'role' && viaS3 && /^kms:Decrypt$/i.test(action) && !!arn:
      return inputKeyStatements(ctx, [arn!]);
    case side === 'role' && viaS3 && /^kms:GenerateDataKey$/i.test(action) && !!arn:
      return outputKeyStatements(ctx, arn!);
    default:
      return [{ Sid: 'AllowRefusedRequest', Effect: 'Allow', Action: action, Resource: s3?.scope ?? arn ?? '*' }];
  }
}

/**
 * S3 operations and the action each needs (Service Authorization Reference, "API operations
 * defined by Amazon S3", https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html;
 * HeadObject needs s3:GetObject, https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html).
 */
export const S3_OPERATIONS: { [operation: string]: string } = {
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  HeadBucket: 's3:ListBucket',
  PutObject: 's3:PutObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
  DeleteObject: 's3:DeleteObject',
  DeleteObjects: 's3:DeleteObject',
  GetBucketLocation: 's3:GetBucketLocation',
};

/** An S3 ARN split: the bucket, the object's folder, and the ARN a statement names (the folder's objects, or the bucket). */
function s3Location(arn: string): { bucket: string; folder: string; scope: string } | undefined {
  const m = /^arn:([^:]+):s3:::([^/]+)(?:\/(.*))?$/.exec(arn);
  if (!m) {
    return undefined;
  }
  const key = m[3] ?? '';
  const slash = key.lastIndexOf('/');
  const folder = slash >= 0 ? key.slice(0, slash + 1) : '';
  return { bucket: m[2], folder, scope: m[3] === undefined ? arn : `arn:${m[1]}:s3:::${m[2]}/${folder}*` };
}

function logGroupOf(resource: string | undefined): string | undefined {
  return resource ? /log-group:([^:\s]+)/.exec(resource)?.[1] : undefined;
}

function organizationCause(d: IamDenial, type: 'service control policy' | 'resource control policy', on: string): Cause {
  const filter = type === 'service control policy' ? 'SERVICE_CONTROL_POLICY' : 'RESOURCE_CONTROL_POLICY';
  const lookup = `in the organization's management account: aws organizations list-policies-for-target --target-id <account-id> --filter ${filter} (and for each parent OU and the root)`;
  return d.deny === 'explicit'
    ? {
      category: type,
      explanation: `An explicit Deny in a ${type} refuses ${d.action}${on}; an Allow in any other policy does not override it. ${capital(type)}s are AWS Organizations policies, set for the whole account.`,
      fix: `Have the organization's administrators narrow that Deny so it leaves this request out (an exception for the principal with aws:PrincipalArn, or a narrower resource); find it ${lookup}.`,
      changes: [],
    }
    : {
      category: type,
      explanation: `No ${type} allows ${d.action}${on}: the ${type}s of the account's organization allow only the actions they list, whatever the identity's own policies allow.`,
      fix: `Have the organization's administrators add ${d.action} to the ${type} that allows this account's actions; find it ${lookup}.`,
      changes: [],
    };
}

function boundaryCause(d: IamDenial, p: Principal, who: string, resource: string | undefined, on: string): Cause {
  const lookup = d.policyArn
    ? `aws iam get-policy --policy-arn ${d.policyArn}, then aws iam get-policy-version with its default version`
    : p.name ? `aws ${p.kind === 'user' ? `iam get-user --user-name ${p.name} --query User` : `iam get-role --role-name ${p.name} --query Role`}.PermissionsBoundary names the boundary` : 'the identity\'s PermissionsBoundary names the boundary';
  const boundary = `the permissions boundary of ${who}${d.policyArn ? ` (${d.policyArn})` : ''}`;
  return d.deny === 'explicit'
    ? {
      category: 'permissions boundary',
      explanation: `An explicit Deny in ${boundary} refuses ${d.action}${on}; adding an Allow does not help, the Deny wins.`,
      fix: `Narrow that Deny so it leaves this request out (${lookup}).`,
      changes: [],
    }
    : {
      category: 'permissions boundary',
      explanation: `${capital(boundary)} does not allow ${d.action}${on}. A boundary caps what the identity policies grant: the action must be allowed in both.`,
      fix: `Add this statement to the boundary policy (${lookup}); it grants nothing by itself.`,
      changes: [{ where: boundary, statements: [{ Sid: 'AllowInBoundary', Effect: 'Allow', Action: d.action, Resource: resource?.startsWith('arn:') ? resource : '*' }] }],
    };
}

function sessionCause(d: IamDenial, who: string, on: string): Cause {
  return {
    category: 'session policy',
    explanation: d.deny === 'explicit'
      ? `An explicit Deny in the session policy of ${who}'s credentials refuses ${d.action}${on}.`
      : `The session policy of ${who}'s credentials does not allow ${d.action}${on}: a session policy caps the role's permissions for that session.`,
    fix: 'Get credentials whose session policy allows it: the Policy and PolicyArns of the AssumeRole (or AssumeRoleWithWebIdentity, GetFederationToken) call that made them, or the tool that makes that call for you.',
    changes: [],
  };
}

function endpointCause(d: IamDenial, ctx: FixContext, on: string): Cause {
  const service = serviceOf(d.action);
  return {
    category: 'VPC endpoint policy',
    explanation: d.deny === 'explicit'
      ? `An explicit Deny in the policy of the VPC endpoint the request went through refuses ${d.action}${on}.`
      : `The policy of the VPC endpoint the request went through does not allow ${d.action}${on}.`,
    fix: `${d.deny === 'explicit' ? 'Narrow that Deny so it leaves this request out' : 'Let the endpoint\'s policy allow this request'}: aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.${ctx.region}.${service} shows it, aws ec2 modify-vpc-endpoint --policy-document changes it.`,
    changes: [],
  };
}

/** The resource's own policy: a bucket, repository or key policy, or another service's. */
function resourcePolicyCause(d: IamDenial, p: Principal, resource: string | undefined, ctx: FixContext, f: Facts, on: string): Cause {
  const service = serviceOf(d.action);
  const arn = resource?.startsWith('arn:') ? resource : undefined;
  const principalArn = p.arn ?? (p.kind === 'role' && p.name ? `arn:${ctx.partition}:iam::${p.account ?? '<account>'}:role/${p.name}` : undefined);
  const crossAccount = p.account && ctx.account && /^\d{12}$/.test(ctx.account) && p.account !== ctx.account;
  if (service === 'kms') {
    const viaS3 = d.operation !== undefined && S3_OPERATIONS[d.operation] !== undefined;
    const keyId = arn ?? '<key-arn>';
    const changes: Change[] = [{
      where: `the key policy of ${keyId}`,
      statements: [keyPolicyStatement(ctx, principalArn ?? f.roleArn, [d.action], viaS3 ? ['s3'] : [])],
    }];
    if (crossAccount || d.deny !== 'explicit') {
      changes.push({ where: `${p.name ? `the role ${p.name}` : 'the identity that made the call'}${crossAccount ? ' (the key is in another account: both policies must allow it)' : ''}`, statements: [{ Sid: 'UseKey', Effect: 'Allow', Action: d.action, Resource: keyId }] });
    }
    return d.deny === 'explicit'
      ? { category: 'key policy', explanation: `An explicit Deny in the key policy of ${keyId} refuses ${d.action}; adding an Allow does not help.`, fix: `Narrow the Deny: aws kms get-key-policy --key-id ${keyId} --policy-name default.`, changes: [] }
      : {
        category: 'key policy',
        explanation: `The key policy of ${keyId} does not allow ${principalArn ?? 'the principal'} ${d.action}: a KMS key is usable only if its key policy allows the principal, or delegates to IAM policies.${p.arn === undefined && p.name ? ' The message names a role session; a role with a path needs its full ARN (aws iam get-role) in the key policy.' : ''}`,
        fix: `Add the first statement to the key policy (aws kms get-key-policy, then aws kms put-key-policy --key-id ${keyId} --policy-name default; keep the existing statements)${changes.length > 1 ? ', and the second to the identity policy' : ''}.`,
        changes,
      };
  }
  const kind: CauseCategory = service === 's3' ? 'bucket policy' : service === 'ecr' ? 'repository policy' : 'resource policy';
  const name = service === 's3' && arn ? `the bucket policy of ${arn.replace(/^arn:[^:]+:s3:::([^/]+).*$/, '$1')}`
    : service === 'ecr' && arn ? `the repository policy of ${arn.replace(/^.*:repository\//, '')}` : `the resource policy of ${resource ?? 'the resource'}`;
  if (d.deny === 'explicit') {
    return {
      category: kind,
      explanation: `An explicit Deny in ${name} refuses ${d.action}${on}; an Allow elsewhere does not override it. Look for conditions on aws:SourceVpce, aws:SourceIp, aws:PrincipalArn, aws:SecureTransport or the encryption headers.`,
      fix: `Narrow that Deny so it leaves this request out${service === 's3' && arn ? ` (aws s3api get-bucket-policy --bucket ${arn.replace(/^arn:[^:]+:s3:::([^/]+).*$/, '$1')})` : ''}.`,
      changes: [],
    };
  }
  const statements = service === 'ecr' && principalArn ? repositoryPolicyStatements(principalArn)
    : principalArn ? forPrincipal([{ Sid: 'Allow', Effect: 'Allow', Action: d.action, Resource: arn ?? '*' }], principalArn) : [];
  return {
    category: kind,
    explanation: `No statement of ${name} allows ${principalArn ?? 'the principal'} ${d.action}${on}. A resource in another account must allow the principal in its own policy, besides the principal's identity policy.`,
    fix: statements.length > 0 ? `Add ${statements.length === 1 ? 'this statement' : 'these statements'} to ${name}; keep the existing ones.` : `Allow the principal in ${name}.`,
    changes: statements.length > 0 ? [{ where: name, statements }] : [],
  };
}

/** A resource AWS owns: its policy is not the user's to change, the URI or the region is wrong. */
export function awsOwnedCause(d: { readonly action: string }, owned: { what: string; kind: 'registry' | 'bucket'; region?: string }, resource: string): Cause {
  if (owned.kind === 'registry') {
    const arn = parseArn(resource);
    const repository = arn?.resource.replace(/^repository\//, '') ?? resource;
    return {
      category: 'image or model URI',
      explanation: `The registry ${arn?.account} belongs to AWS (${owned.what}): its repository policies are AWS's, and allow pulls of the images it serves. `
        + `A refused ${d.action} there means the image is not one it serves: a tag it does not have, or a region it does not serve (each region has its own registry host, and some registries serve some regions only).`,
      fix: `Use an image URI that exists for the job's region: take it from sagemaker.image_uris.retrieve(...) with the job's region and versions, or check the tag with aws ecr describe-images --registry-id ${arn?.account} --repository-name ${repository} --region ${arn?.region}.`,
      changes: [],
    };
  }
  return {
    category: 'image or model URI',
    explanation: `The bucket belongs to AWS (${owned.what}, region ${owned.region}): its policy is AWS's. A refused ${d.action} there means a model or region it does not serve, or a request from another region.`,
    fix: 'Use the JumpStart bucket of the session\'s own region, and a model id and version that exist there (sagemaker.jumpstart).',
    changes: [],
  };
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

