/**
 * What the SageMaker Python SDK v3 pre-flight role check simulates, with no resource and no
 * context (SPEC: "Known interoperability trap"). Written out here, independently of
 * `src/permissions/sdk-preflight.ts`, so the tests check the source against the SPEC.
 */
export const SDK_PREFLIGHT_REQUESTS = [
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
