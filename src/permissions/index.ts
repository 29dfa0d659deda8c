import { CHECKPOINTS } from './checkpoints';
import { DEBUG_OUTPUTS } from './debug-output';
import { FILE_SYSTEMS } from './file-systems';
import { IMAGE_PULL } from './image-pull';
import { LOGS } from './logs';
import { METRICS } from './metrics';
import { MODEL_OUTPUT } from './model-output';
import { NETWORK } from './network-interfaces';
import { PRIVATE_REGISTRY } from './private-registry';
import { Purpose, StatementPurpose } from './purpose';
import { REMOTE_DEBUGGING } from './remote-debugging';
import { SDK_PREFLIGHT } from './sdk-preflight';
import { SOURCE_CODE } from './source-code';
import { TRAINING_DATA } from './training-data';
import { VOLUME_KEY } from './volume-key';
import { ArnContext } from '../private/arns';
import { PlannedStatement } from '../private/planned-statement';
import { ResolvedRoleProps } from '../private/resolved-role-props';

/**
 * Every reason the role has permissions, once, in the order a reviewer reads the policies: the
 * data first, the plumbing last. The statement order of the policies, the cdk-nag
 * acknowledgements, the permission review and the README's "What each prop grants" table (checked
 * by a test) all derive from this list. A new purpose is one file in this folder and one line here.
 */
export const PURPOSES: readonly Purpose[] = [
  TRAINING_DATA,
  SOURCE_CODE,
  MODEL_OUTPUT,
  VOLUME_KEY,
  CHECKPOINTS,
  DEBUG_OUTPUTS,
  IMAGE_PULL,
  PRIVATE_REGISTRY,
  LOGS,
  METRICS,
  NETWORK,
  FILE_SYSTEMS,
  REMOTE_DEBUGGING,
  SDK_PREFLIGHT,
];

/** Every statement the resolved props call for, purpose by purpose. */
export function planStatements(ctx: ArnContext, role: ResolvedRoleProps): PlannedStatement[] {
  return PURPOSES.flatMap((purpose) => purpose.plan(ctx, role));
}

const STATEMENTS: readonly StatementPurpose[] = PURPOSES.flatMap((p) => p.statements);

/** The Sids of every purpose, in reading order. */
export const STATEMENT_ORDER: readonly string[] = STATEMENTS.map((s) => s.sid);

/** The purpose of a statement, by its Sid (a trailing statement number is ignored). */
export function statementPurpose(sid: string): StatementPurpose | undefined {
  const base = sid.replace(/\d+$/, '');
  return STATEMENTS.find((s) => s.sid === base);
}
