import { Purpose } from './purpose';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';

/**
 * Encrypting the ML storage volumes (`ResourceConfig.VolumeKmsKeyId`): SageMaker creates a grant
 * for the EBS volumes it attaches, so the role may create grants for AWS resources only.
 */
export function volumeKeyGrants(keyArn: string): PlannedStatement[] {
  return [{
    sid: 'VolumeKeyGrant',
    actions: ['kms:CreateGrant'],
    resources: [keyArn],
    conditions: { Bool: { 'kms:GrantIsForAWSResource': ['true'] } },
    tokenBound: TOKEN_BOUND.keyArn,
    placementKey: 'keys',
  }];
}

export const VOLUME_KEY: Purpose = {
  props: ['volumeKmsKey'],
  statements: [
    { sid: 'VolumeKeyGrant', why: 'SageMaker creates a grant on the volume key for the EBS volumes it attaches.' },
  ],
  plan: (_ctx, role) => (role.volumeKeyArn ? volumeKeyGrants(role.volumeKeyArn) : []),
};
