import { Grant, TOKEN_BOUND } from '../private/grant';

/**
 * Remote debugging (`RemoteDebugConfig.EnableRemoteDebug`): SageMaker connects to the training
 * container through AWS Systems Manager Session Manager channels. The four `ssmmessages` actions
 * support no resource-level permissions (resource `*` only).
 */
export function remoteDebuggingGrants(enabled: boolean): Grant[] {
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
