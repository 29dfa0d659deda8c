import { Purpose } from './purpose';
import { WILDCARD_ONLY_ACTIONS } from './wildcard-exemptions';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';

/**
 * Remote debugging (`RemoteDebugConfig.EnableRemoteDebug`): SageMaker connects to the training
 * container through AWS Systems Manager Session Manager channels. The four `ssmmessages` actions
 * support no resource-level permissions (resource `*` only).
 */
export function remoteDebuggingGrants(enabled: boolean): PlannedStatement[] {
  if (!enabled) {
    return [];
  }
  return [{
    sid: 'RemoteDebugChannels',
    actions: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
    resources: ['*'],
    tokenBound: TOKEN_BOUND.none,
    placementKey: 'remote-debugging',
  }];
}

export const REMOTE_DEBUGGING: Purpose = {
  props: ['remoteDebugging'],
  statements: [
    { sid: 'RemoteDebugChannels', why: 'Session Manager channels for remote debugging; no resource-level permissions.', wildcard: WILDCARD_ONLY_ACTIONS },
  ],
  plan: (_ctx, role) => remoteDebuggingGrants(role.remoteDebugging),
};
