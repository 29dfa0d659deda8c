import { Aspects, IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { ArnContext, s3BucketArn } from './arns';
import { readable } from './errors';
import { ResolvedRoleProps } from './resolved-role-props';
import { warnRole } from './warnings';

/**
 * The statements other constructs offered the role (aws-cdk-lib grants such as those of the Step
 * Functions task `SageMakerCreateTrainingJob`) and the role left out. They are reported once, at
 * synthesis, in one warning (`ExternalGrantsIgnored`), and only those on resources the role does
 * not know: a statement whose every resource is one of the role's own locations (the bucket or
 * an object under the location's prefix), keys or repositories is left out silently, since the
 * role grants there what a training job does. A statement on `*` is known when the role allows
 * each of its actions on `*` too.
 */
export class ExternalGrants {
  private readonly ignored: iam.PolicyStatement[] = [];

  constructor(private readonly role: IConstruct, private readonly ctx: ArnContext,
    private readonly resolved: ResolvedRoleProps, private readonly wildcardActions: ReadonlySet<string>) {}

  /** Leaves a statement out, to be reported at synthesis when the role does not know its resources. */
  public ignore(statement: iam.PolicyStatement): void {
    if (this.ignored.length === 0) {
      const self = this;
      const aspect: IAspect = { visit: (node) => { if (node === self.role) self.report(); } };
      Aspects.of(this.role).add(aspect);
    }
    this.ignored.push(statement);
  }

  private report(): void {
    const stack = Stack.of(this.role);
    const known = this.knownResources().map((r) => ({ parts: parts(stack.resolve(r.value)), prefix: r.prefix }));
    const unknown = this.ignored.filter((s) => !this.covered(stack, s, known));
    if (unknown.length === 0) {
      return;
    }
    const listed = unknown.map((s) => `${s.actions.join(', ')} on ${s.resources.length > 0 ? s.resources.join(', ') : '*'}`);
    warnRole(this.role, 'ExternalGrantsIgnored', unknown.length, readable(listed.join('; ')));
  }

  private covered(stack: Stack, statement: iam.PolicyStatement, known: { parts: unknown[]; prefix: boolean }[]): boolean {
    if (statement.notActions.length > 0 || statement.notResources.length > 0 || statement.effect !== iam.Effect.ALLOW) {
      return false;
    }
    return statement.resources.length > 0 && statement.resources.every((resource) => {
      if (resource === '*') {
        return statement.actions.every((a) => this.wildcardActions.has(a));
      }
      const p = parts(stack.resolve(resource));
      return known.some((k) => (k.prefix ? startsWith(p, k.parts) : equal(p, k.parts)));
    });
  }

  /** The role's own resources: exact ARNs, and object ARN prefixes (`prefix: true`). */
  private knownResources(): { value: string; prefix: boolean }[] {
    const out: { value: string; prefix: boolean }[] = [];
    for (const location of this.resolved.locations) {
      const bucketArns = [s3BucketArn(this.ctx, location.bucketName), ...(location.bucket ? [location.bucket.bucketArn] : [])];
      for (const arn of bucketArns) {
        out.push({ value: arn, prefix: false }, { value: `${arn}/${location.prefix}`, prefix: true });
      }
    }
    for (const { key } of this.resolved.keys) {
      out.push({ value: key.keyArn, prefix: false });
    }
    for (const arn of [this.resolved.outputKeyArn, this.resolved.volumeKeyArn, this.resolved.checkpointKeyArn]) {
      if (arn) out.push({ value: arn, prefix: false });
    }
    for (const { repository } of this.resolved.repositories) {
      out.push({ value: repository.repositoryArn, prefix: false });
    }
    this.resolved.repositoryArns.forEach((value) => out.push({ value, prefix: false }));
    return out;
  }
}

/**
 * A resolved value as a list of literal strings and intrinsics, `Fn::Join` with `''` flattened
 * and adjacent strings merged, so that two ways of writing one ARN compare equal.
 */
function parts(value: unknown): unknown[] {
  const flat: unknown[] = [];
  const walk = (v: unknown) => {
    const join = v && typeof v === 'object' ? (v as any)['Fn::Join'] : undefined;
    if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) {
      join[1].forEach(walk);
    } else if (typeof v === 'string' && typeof flat[flat.length - 1] === 'string') {
      flat[flat.length - 1] += v;
    } else {
      flat.push(v);
    }
  };
  walk(value);
  return flat;
}

function equal(a: unknown[], b: unknown[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether `value` starts with `prefix`: the same parts, the last one a literal that begins it. */
function startsWith(value: unknown[], prefix: unknown[]): boolean {
  if (value.length < prefix.length || prefix.length === 0) {
    return false;
  }
  const last = prefix.length - 1;
  if (!equal(value.slice(0, last), prefix.slice(0, last))) {
    return false;
  }
  const [v, p] = [value[last], prefix[last]];
  return typeof v === 'string' && typeof p === 'string' ? v.startsWith(p) : equal([v], [p]);
}
