import { Purpose } from './purpose';
import { PlannedStatement, TOKEN_BOUND } from '../private/planned-statement';

/**
 * The SageMaker Python SDK v3 (`sagemaker-core`) checks a role before it submits a job: when the
 * caller may call `iam:SimulatePrincipalPolicy`, it simulates these eleven actions with no
 * resource and no context and refuses the role (`RoleValidationError`) unless every one is
 * allowed. A least-privilege role is refused: without a VPC it has no network interface actions,
 * and its `PutMetricData` is conditioned on SageMaker's namespace.
 *
 * This opt-in statement adds exactly what the check simulates, on `*` without conditions, and
 * nothing else. It is a real widening (network interfaces anywhere in the account, metrics in
 * any namespace), which is why it is off by default.
 */
export const SDK_PREFLIGHT_ACTIONS = [
  'ecr:GetAuthorizationToken',
  'cloudwatch:PutMetricData',
  'ec2:CreateNetworkInterface',
  'ec2:CreateNetworkInterfacePermission',
  'ec2:DeleteNetworkInterface',
  'ec2:DeleteNetworkInterfacePermission',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeVpcs',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
];

export function sdkPreflightGrants(enabled: boolean): PlannedStatement[] {
  if (!enabled) {
    return [];
  }
  return [{
    sid: 'SdkPreflightCompatibility',
    actions: SDK_PREFLIGHT_ACTIONS,
    resources: ['*'],
    tokenBound: TOKEN_BOUND.none,
    placementKey: 'sdk-preflight',
  }];
}

export const SDK_PREFLIGHT: Purpose = {
  props: ['sdkPreflightCompatibility'],
  statements: [
    // Not acknowledged for cdk-nag: a widening the user chose, not one AWS makes unavoidable.
    { sid: 'SdkPreflightCompatibility', why: 'Opt-in widening: what SageMaker Python SDK v3\'s role check simulates, on *.' },
  ],
  plan: (_ctx, role) => sdkPreflightGrants(role.sdkPreflightCompatibility),
};
