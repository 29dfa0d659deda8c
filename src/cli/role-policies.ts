import { isObject, readJsonFile, UsageError } from './io';
import { PolicyDocument } from './synth';

/** A role's policies as the AWS CLI prints them, gathered from one or more files. */
export interface RolePolicyFiles {
  readonly identity: { readonly name: string; readonly policy: PolicyDocument }[];
  /** The trust policy, when a file carries one (`aws iam get-role`, or `policy` output). */
  readonly trust?: PolicyDocument;
}

export const ROLE_POLICIES_HELP = `FILE may hold any of these, or a list of them:
  aws iam get-role-policy --role-name R --policy-name P          (an inline policy)
  aws iam get-policy-version --policy-arn A --version-id V       (an attached managed policy)
  aws iam get-role --role-name R                                 (the trust policy)
  aws iam get-account-authorization-details --filter Role LocalManagedPolicy
  a policy document {"Version", "Statement"}, or the output of \`policy\``;

/** Reads the role's policies; errors name the file and the element. `roleName` picks a role from account details. */
export function readRolePolicies(files: string[], roleName?: string): RolePolicyFiles {
  const identity: { name: string; policy: PolicyDocument }[] = [];
  let trust: PolicyDocument | undefined;
  for (const file of files) {
    const json = readJsonFile(file, 'role policies file');
    const reader = new Reader(file, roleName);
    reader.read(json, '$');
    identity.push(...reader.identity);
    trust = reader.trust ?? trust;
  }
  return { identity, trust };
}

class Reader {
  public readonly identity: { name: string; policy: PolicyDocument }[] = [];
  public trust?: PolicyDocument;

  constructor(private readonly file: string, private readonly roleName?: string) {}

  public read(value: unknown, at: string): void {
    if (Array.isArray(value)) {
      value.forEach((v, i) => this.read(v, `${at}[${i}]`));
      return;
    }
    if (!isObject(value)) {
      this.fail(at, 'expected a policy, a list of policies, or AWS CLI output that holds policies');
    }
    if (isObject(value.PolicyVersion)) {
      this.add(value.PolicyVersion.Document, `${at}.PolicyVersion.Document`, `managed policy version ${String(value.PolicyVersion.VersionId ?? '')}`.trim());
    } else if ('PolicyDocument' in value) {
      this.add(value.PolicyDocument, `${at}.PolicyDocument`, `inline policy ${String(value.PolicyName ?? '')}`.trim());
    } else if (isObject(value.Role)) {
      this.trust = this.document(value.Role.AssumeRolePolicyDocument, `${at}.Role.AssumeRolePolicyDocument`);
    } else if (Array.isArray(value.RoleDetailList)) {
      this.accountDetails(value, at);
    } else if ('trustPolicy' in value || Array.isArray(value.policies)) {
      if (value.trustPolicy !== undefined) {
        this.trust = this.document(value.trustPolicy, `${at}.trustPolicy`);
      }
      this.read(value.policies ?? [], `${at}.policies`);
    } else if ('document' in value) {
      this.add(value.document, `${at}.document`, String(value.name ?? 'policy'));
    } else if ('Statement' in value) {
      this.add(value, at, 'policy');
    } else if (Array.isArray(value.AttachedPolicies)) {
      this.fail(at, 'this is aws iam list-attached-role-policies output: it names policies but holds no documents. Fetch each with aws iam get-policy-version (the version from aws iam get-policy)');
    } else if (Array.isArray(value.PolicyNames)) {
      this.fail(at, 'this is aws iam list-role-policies output: it names policies but holds no documents. Fetch each with aws iam get-role-policy');
    } else {
      this.fail(at, 'not a policy document (no Statement) and not AWS CLI output that holds one (PolicyDocument, PolicyVersion.Document, Role.AssumeRolePolicyDocument)');
    }
  }

  /** `get-account-authorization-details`: the role's inline policies, and the default versions of its attached ones. */
  private accountDetails(value: { [key: string]: unknown }, at: string): void {
    const roles = (value.RoleDetailList as unknown[]).filter(isObject);
    const matching = this.roleName ? roles.filter((r) => r.RoleName === this.roleName) : roles;
    if (matching.length !== 1) {
      this.fail(`${at}.RoleDetailList`, this.roleName
        ? `expected one role named ${this.roleName}, found ${matching.length}`
        : `holds ${roles.length} roles; pass --job with a RoleArn to pick one`);
    }
    const role = matching[0];
    if (role.AssumeRolePolicyDocument !== undefined) {
      this.trust = this.document(role.AssumeRolePolicyDocument, `${at}.RoleDetailList[${role.RoleName}].AssumeRolePolicyDocument`);
    }
    for (const p of (Array.isArray(role.RolePolicyList) ? role.RolePolicyList : []).filter(isObject)) {
      this.add(p.PolicyDocument, `${at}.RolePolicyList[${String(p.PolicyName)}]`, `inline policy ${String(p.PolicyName)}`);
    }
    const managed = (Array.isArray(value.Policies) ? value.Policies : []).filter(isObject);
    for (const attached of (Array.isArray(role.AttachedManagedPolicies) ? role.AttachedManagedPolicies : []).filter(isObject)) {
      const policy = managed.find((p) => p.Arn === attached.PolicyArn);
      const version = policy && Array.isArray(policy.PolicyVersionList)
        ? policy.PolicyVersionList.filter(isObject).find((v) => v.IsDefaultVersion === true) : undefined;
      if (!version) {
        this.fail(`${at}.Policies`, `the role has ${String(attached.PolicyArn)} attached, but the file holds no default version of it; `
          + 'include managed policies (--filter Role LocalManagedPolicy AWSManagedPolicy)');
      }
      this.add(version.Document, `${at}.Policies[${String(attached.PolicyName)}]`, `managed policy ${String(attached.PolicyName)}`);
    }
  }

  private add(doc: unknown, at: string, name: string): void {
    this.identity.push({ name: `${name} (${this.file})`, policy: this.document(doc, at) });
  }

  /** A policy document: an object, or JSON text, URL-encoded as the IAM API returns it. */
  private document(doc: unknown, at: string): PolicyDocument {
    let value = doc;
    if (typeof value === 'string') {
      const text = value;
      value = tryJson(text) ?? tryJson(safeDecode(text));
      if (value === undefined) {
        this.fail(at, 'a policy document given as text must be JSON (or URL-encoded JSON)');
      }
    }
    if (!isObject(value) || !(Array.isArray(value.Statement) || isObject(value.Statement))) {
      this.fail(at, 'a policy document needs a Statement (a list or one statement)');
    }
    const statements = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
    statements.forEach((s, i) => {
      if (!isObject(s) || (s.Effect !== 'Allow' && s.Effect !== 'Deny')) {
        this.fail(`${at}.Statement[${i}]`, 'each statement needs "Effect": "Allow" or "Deny"');
      }
    });
    return { ...(value as object), Statement: statements } as PolicyDocument;
  }

  private fail(at: string, why: string): never {
    throw new UsageError(`role policies file ${this.file}, at ${at}: ${why}`);
  }
}

function tryJson(text: string | undefined): unknown {
  if (text === undefined) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
