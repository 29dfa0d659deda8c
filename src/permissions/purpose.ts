import { ArnContext } from '../private/arns';
import { PlannedStatement } from '../private/planned-statement';
import { ResolvedRoleProps } from '../private/resolved-role-props';

/**
 * One reason the role has permissions: the statements it plans from the resolved props, and what
 * a reviewer and cdk-nag need to know about each of them. Registered once, in order, in
 * `permissions/index.ts`.
 */
export interface Purpose {
  /** The props that call for this purpose, as the README's "What each prop grants" table names them. */
  readonly props: string[];
  /** The statements of this purpose, in the order a reviewer reads them. */
  readonly statements: StatementPurpose[];
  /** The statements the resolved props call for (none when the purpose does not apply). */
  readonly plan: (ctx: ArnContext, role: ResolvedRoleProps) => PlannedStatement[];
}

/** One statement of a purpose, by its `Sid` (without the number added when a purpose needs several). */
export interface StatementPurpose {
  readonly sid: string;
  /** Why the statement exists, in one line, for the permission review. */
  readonly why: string;
  /**
   * Why a `*` in its resources cannot be avoided, for cdk-nag's `AwsSolutions-IAM5`.
   *
   * @default - the statement's wildcards are findings nobody acknowledges
   */
  readonly wildcard?: WildcardExemption;
}

/** A wildcard AWS makes unavoidable, and the one reason given for it. */
export interface WildcardExemption {
  /** The only actions a statement with this exemption has. */
  readonly actions: string[];
  /** Whether a resource (as cdk-nag flattens it) has the expected shape. */
  readonly shape: (resource: string) => boolean;
  /** Why the wildcard is unavoidable. */
  readonly reason: string;
}
