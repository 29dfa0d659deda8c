import { IConstruct } from 'constructs';
import { checkDependencies } from './dependencies';
import { checkRegions } from './environment';
import { checkWhenKnown } from './late';
import { warnAboutLocationNames } from './location-names';
import { checkCheckpointOverlaps, warnAboutOverlaps } from './overlaps';
import { checkRepositories } from './repositories';
import { ArnContext } from '../arns';
import { ResolvedRoleProps } from '../resolved-role-props';

export { checkRoleProps } from './role-props';

/**
 * The checks of the resolved props, errors first, then warnings about input that is legal but
 * risky; what is known only at synthesis is checked then. Each check is in the file named after
 * what it looks at; the cross-account warnings come after planning (`private/cross-account.ts`),
 * since they quote the planned statements.
 */
export function checkResolvedProps(scope: IConstruct, ctx: ArnContext, role: ResolvedRoleProps): void {
  checkDependencies(role);
  checkRegions(ctx, role);
  checkRepositories(role);
  checkCheckpointOverlaps(role);

  warnAboutOverlaps(scope, role);
  warnAboutLocationNames(scope, role);
  checkWhenKnown(scope, role);
}
