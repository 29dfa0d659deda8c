import { PlannedStatement, TOKEN_BOUND } from './planned-statement';

/**
 * One statement on the keys of a purpose, usable only through the services that need them
 * (`kms:ViaService`), never directly; none without keys.
 */
export function keyStatement(sid: string, actions: string[], keyArns: string[], viaServices: string[]): PlannedStatement[] {
  if (keyArns.length === 0) {
    return [];
  }
  return [{
    sid,
    actions,
    resources: keyArns,
    conditions: { StringEquals: { 'kms:ViaService': viaServices } },
    tokenBound: TOKEN_BOUND.keyArn,
    placementKey: 'keys',
  }];
}
