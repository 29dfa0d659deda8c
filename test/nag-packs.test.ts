/**
 * cdk-nag in every pack, for both majors, side by side: cdk-nag 3 (`cdk-nag`, a validation plugin,
 * acknowledgements by exact finding id) and cdk-nag 2 (`cdk-nag-v2`, an Aspect, suppressions as
 * `cdk_nag` metadata with `applies_to`). The role's policies raise only AwsSolutions-IAM5 findings,
 * all of them unavoidable and acknowledged; the other packs raise none. Ids are asserted exactly.
 */
import { App, Aspects, CfnResource, IAspect, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as nag3 from 'cdk-nag';
import * as nag2 from 'cdk-nag-v2';
import { Construct, IConstruct } from 'constructs';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../src';
import { fullProps, importedProps, minimalProps, newStack } from './util/fixtures';
import { jobSurfaceProps } from './util/job-surface-fixture';
import { acknowledgeNagFindings, NAG_V2_METADATA_KEY } from '../src/private/nag-acknowledgements';

type PackName = 'AwsSolutions' | 'HIPAA Security' | 'NIST 800-53 R5' | 'PCI DSS 3.2.1' | 'Serverless';
const PACKS: { name: PackName; v3: () => nag3.NagPack; v2: () => IAspect }[] = [
  { name: 'AwsSolutions', v3: () => new nag3.AwsSolutionsChecks(undefined, { verbose: true }), v2: () => new nag2.AwsSolutionsChecks({ verbose: true }) },
  { name: 'HIPAA Security', v3: () => new nag3.HIPAASecurityChecks(undefined, { verbose: true }), v2: () => new nag2.HIPAASecurityChecks({ verbose: true }) },
  { name: 'NIST 800-53 R5', v3: () => new nag3.NIST80053R5Checks(undefined, { verbose: true }), v2: () => new nag2.NIST80053R5Checks({ verbose: true }) },
  { name: 'PCI DSS 3.2.1', v3: () => new nag3.PCIDSS321Checks(undefined, { verbose: true }), v2: () => new nag2.PCIDSS321Checks({ verbose: true }) },
  { name: 'Serverless', v3: () => new nag3.ServerlessChecks(undefined, { verbose: true }), v2: () => new nag2.ServerlessChecks({ verbose: true }) },
];

/** A rule id of any pack, with its finding: `AwsSolutions-IAM5[Resource::*]`, `NIST.800.53.R5-IAMNoInlinePolicy`. */
const NAG_MESSAGE = /^((?:AwsSolutions|HIPAA\.Security|NIST\.800\.53\.R5|PCI\.DSS\.321|Serverless)-[A-Za-z0-9]+(?:\[.*?\])?): /;

interface Fixture {
  readonly name: string;
  readonly props: (stack: Stack) => SageMakerTrainingRoleProps;
  readonly env: boolean;
  /** Sorted AwsSolutions finding ids cdk-nag reports on the role when nothing is acknowledged. */
  readonly raw: string[];
  /** What stays after the library's acknowledgements (both majors). */
  readonly remaining: string[];
}

const IAM5 = (resource: string) => `AwsSolutions-IAM5[Resource::${resource}]`;
const AGNOSTIC_LOGS = 'arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/sagemaker/TrainingJobs';
const ENV_LOGS = 'arn:<AWS::Partition>:logs:us-east-1:111122223333:log-group:/aws/sagemaker/TrainingJobs';
const s3Objects = (bucket: string, prefix: string) => IAM5(`arn:<AWS::Partition>:s3:::${bucket}/${prefix}*`);

const JOB_SURFACE_RAW = [
  IAM5('*'),
  IAM5('arn:<AWS::Partition>:ec2:us-east-1:111122223333:network-interface/*'),
  IAM5(`${ENV_LOGS}:*`),
  IAM5(`${ENV_LOGS}:log-stream:churn-*`),
  // The Debugger and Profiler outputs are written (their write statement) and read by rules (theirs);
  // both statements are in one policy, and cdk-nag reports a finding once per policy.
  s3Objects('example-debug-output', 'debugger/churn/'),
  s3Objects('example-debug-output', 'profiler/churn/'),
  s3Objects('example-debug-output', 'tensorboard/churn/'),
  s3Objects('example-model-artifacts', 'models/'),
  s3Objects('example-training-code', 'code/churn/'),
  s3Objects('example-training-data', 'datasets/train/'),
].sort();

const FIXTURES: Fixture[] = [
  {
    name: 'minimal',
    props: minimalProps,
    env: false,
    raw: [IAM5('*'), IAM5(`${AGNOSTIC_LOGS}:*`), IAM5(`${AGNOSTIC_LOGS}:log-stream:*`),
      s3Objects('<DataBucketE3889A50>', 'datasets/train/'), s3Objects('<ModelBucketB33D855B>', 'models/')].sort(),
    remaining: [],
  },
  {
    name: 'full',
    props: fullProps,
    env: false,
    raw: [IAM5('*'), IAM5('arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-interface/*'),
      IAM5(`${AGNOSTIC_LOGS}:*`), IAM5(`${AGNOSTIC_LOGS}:log-stream:*`),
      s3Objects('<CheckpointBucketDFE4871A>', 'checkpoints/run-1/'), s3Objects('<DataBucketE3889A50>', 'datasets/train/'),
      s3Objects('<DataBucketE3889A50>', 'datasets/validation/'), s3Objects('<FeatureBucket4CFA2114>', 'features/v3/'),
      s3Objects('<ModelBucketB33D855B>', 'models/')].sort(),
    remaining: [],
  },
  {
    name: 'imported',
    props: importedProps,
    env: true,
    raw: [IAM5('*'), IAM5('arn:<AWS::Partition>:ec2:us-east-1:111122223333:network-interface/*'),
      IAM5(`${ENV_LOGS}:*`), IAM5(`${ENV_LOGS}:log-stream:*`),
      s3Objects('example-model-artifacts', 'models/'), s3Objects('example-training-data', 'datasets/train/')].sort(),
    remaining: [],
  },
  {
    name: 'job surface (every job prop)',
    props: (stack) => jobSurfaceProps(stack),
    env: true,
    raw: JOB_SURFACE_RAW,
    remaining: [],
  },
  {
    // The SDK v3 pre-flight statement is the user's choice of a wider role: its "*" is not
    // unavoidable, so the "*" finding of its policy stays for the user to acknowledge.
    name: 'job surface with the SDK v3 pre-flight statement',
    props: (stack) => jobSurfaceProps(stack, { sdkPreflightCompatibility: true }),
    env: true,
    raw: JOB_SURFACE_RAW,
    remaining: [IAM5('*')],
  },
];

/**
 * What each pack reports for an outside `s3:*` on `*` in the role's inline default policy: proof
 * that the checks above look at the role's policies. (The Serverless pack has no rule for IAM.)
 */
const LIVE: Record<PackName, string[]> = {
  'AwsSolutions': ['AwsSolutions-IAM5[Action::s3:*]', 'AwsSolutions-IAM5[Resource::*]'],
  'HIPAA Security': ['HIPAA.Security-IAMNoInlinePolicy', 'HIPAA.Security-IAMPolicyNoStatementsWithFullAccess'],
  'NIST 800-53 R5': ['NIST.800.53.R5-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess'],
  'PCI DSS 3.2.1': ['PCI.DSS.321-IAMNoInlinePolicy', 'PCI.DSS.321-IAMPolicyNoStatementsWithFullAccess'],
  'Serverless': [],
};

function roleIn(fixture: Fixture): { stack: Stack; role: SageMakerTrainingRole } {
  const stack = newStack({ env: fixture.env });
  const role = new SageMakerTrainingRole(stack, 'TrainingRole', fixture.props(stack));
  return { stack, role };
}

const under = (scope: IConstruct) => (path: string | undefined) => (path ?? '').startsWith(`${scope.node.path}/`);

/** cdk-nag 3: the finding ids on constructs under `scope`, sorted; `raw` ignores every acknowledgement. */
function v3Findings(pack: nag3.NagPack, stack: Stack, scope: IConstruct, raw = false): string[] {
  if (raw) {
    // Test-only: switch off cdk-nag's acknowledgement lookup (a private method) to see every finding.
    Object.assign(pack, { isAcknowledged: () => false });
  }
  return pack.validateScope(stack).violations
    .flatMap((v) => v.violatingResources.filter((r) => under(scope)(r.constructPath)).map(() => v.ruleName))
    .sort();
}

/** cdk-nag 3: the raw finding ids of each policy resource under `scope`, by construct path. */
function v3FindingsByPath(stack: Stack, scope: IConstruct): Map<string, string[]> {
  const pack = new nag3.AwsSolutionsChecks(undefined, { verbose: true });
  Object.assign(pack, { isAcknowledged: () => false });
  const byPath = new Map<string, string[]>();
  for (const v of pack.validateScope(stack).violations) {
    for (const r of v.violatingResources.filter((x) => under(scope)(x.constructPath))) {
      byPath.set(r.constructPath!, [...(byPath.get(r.constructPath!) ?? []), v.ruleName].sort());
    }
  }
  return byPath;
}

/** cdk-nag 2: the unsuppressed finding ids it annotates on constructs under `scope`, sorted. */
function v2Findings(stack: Stack, scope: IConstruct, aspect: IAspect): string[] {
  Aspects.of(stack).add(aspect);
  const annotations = Annotations.fromStack(stack);
  return [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
    .filter((m) => under(scope)(m.id.replace(/^\//, '')))
    .map((m) => NAG_MESSAGE.exec(String(m.entry.data))?.[1])
    .filter((id): id is string => id !== undefined)
    .sort();
}

/** The cdk-nag 2 suppressions of a CloudFormation resource. */
function v2Suppressions(resource: IConstruct): { id: string; reason: string; applies_to?: string[] }[] {
  return CfnResource.isCfnResource(resource) ? resource.getMetadata(NAG_V2_METADATA_KEY)?.rules_to_suppress ?? [] : [];
}

describe.each(FIXTURES)('the $name fixture', (fixture) => {
  describe.each(PACKS)('$name pack', (pack) => {
    const expectedRaw = pack.name === 'AwsSolutions' ? fixture.raw : [];
    const expectedRemaining = pack.name === 'AwsSolutions' ? fixture.remaining : [];

    test('cdk-nag 3 reports exactly these findings when nothing is acknowledged', () => {
      const { stack, role } = roleIn(fixture);
      expect(v3Findings(pack.v3(), stack, role, true)).toEqual(expectedRaw);
    });

    test('cdk-nag 3 leaves exactly these findings after the library\'s acknowledgements', () => {
      const { stack, role } = roleIn(fixture);
      expect(v3Findings(pack.v3(), stack, role)).toEqual(expectedRemaining);
    });

    test('cdk-nag 2 leaves exactly these findings after the library\'s suppressions', () => {
      const { stack, role } = roleIn(fixture);
      expect(v2Findings(stack, role, pack.v2())).toEqual(expectedRemaining);
    });
  });

  test('the cdk-nag 2 suppressions of each policy are exactly the findings cdk-nag reports on it, less the remaining ones', () => {
    const { stack, role } = roleIn(fixture);
    const raw = v3FindingsByPath(stack, role);
    for (const policy of role.node.findAll().filter((c) => c instanceof iam.CfnManagedPolicy)) {
      const suppressed = v2Suppressions(policy).flatMap((s) => (s.applies_to ?? []).map((f) => `${s.id}[${f}]`)).sort();
      const reported = (raw.get(policy.node.path) ?? []).filter((id) => !fixture.remaining.includes(id));
      expect([policy.node.path, suppressed]).toEqual([policy.node.path, reported]);
    }
  });
});

describe('suppression and acknowledgement discipline', () => {
  test('every cdk-nag 2 suppression names the rule in `id` and the finding in `applies_to`, never a bare rule', () => {
    const { role } = roleIn(FIXTURES[3]);
    const suppressions = role.node.findAll().flatMap(v2Suppressions);
    expect(suppressions.length).toBeGreaterThan(0);
    for (const s of suppressions) {
      expect([s.id, s.applies_to?.length]).toEqual(['AwsSolutions-IAM5', 1]);
      expect(s.applies_to![0]).toMatch(/^Resource::/);
    }
  });

  test('every reason is at least 10 characters of Latin-1 (cdk-nag 2 expects larger code points base64-encoded)', () => {
    const { role } = roleIn(FIXTURES[3]);
    for (const s of role.node.findAll().flatMap(v2Suppressions)) {
      expect(s.reason.length).toBeGreaterThanOrEqual(10);
      expect([...s.reason].every((c) => c.codePointAt(0)! <= 255)).toBe(true);
    }
  });

  test('the "*" reason names the wildcard-only actions and the narrowing of PutMetricData, once', () => {
    const { role } = roleIn(FIXTURES[3]);
    const reasons = role.node.findAll().flatMap(v2Suppressions).filter((s) => s.applies_to?.[0] === 'Resource::*').map((s) => s.reason);
    expect(reasons).toEqual([
      'ecr:GetAuthorizationToken, cloudwatch:PutMetricData, the ec2:Describe* actions, fsx:DescribeFileSystems and the ssmmessages channel actions support no resource-level permissions (Service Authorization Reference: resource "*" only); cloudwatch:PutMetricData is narrowed by cloudwatch:namespace.',
    ]);
  });

  test('a prefix with a space is suppressed under cdk-nag 2 (applies_to is compared as written) and stays a finding under cdk-nag 3', () => {
    const fixture: Fixture = {
      name: 'space',
      env: false,
      props: (stack) => ({ outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'my models/' } }),
      raw: [],
      remaining: [],
    };
    const v3 = roleIn(fixture);
    const v2 = roleIn(fixture);
    expect({
      v3: v3Findings(new nag3.AwsSolutionsChecks(undefined, { verbose: true }), v3.stack, v3.role),
      v2: v2Findings(v2.stack, v2.role, new nag2.AwsSolutionsChecks({ verbose: true })),
    }).toEqual({ v3: [IAM5('arn:<AWS::Partition>:s3:::example-models/my models/*')], v2: [] });
  });

  test('a statement added from outside (acceptExternalGrants) stays a finding under both majors', () => {
    const build = () => {
      const { stack, role } = roleIn({ ...FIXTURES[0], props: (s) => ({ ...minimalProps(s), acceptExternalGrants: true }) });
      role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'MetricsPublish', actions: ['s3:GetObject'], resources: ['*'] }));
      return { stack, role };
    };
    const v3 = build();
    const v2 = build();
    expect({
      v3: v3Findings(new nag3.AwsSolutionsChecks(undefined, { verbose: true }), v3.stack, v3.role),
      v2: v2Findings(v2.stack, v2.role, new nag2.AwsSolutionsChecks({ verbose: true })),
    }).toEqual({ v3: [IAM5('*')], v2: [IAM5('*')] });
  });

  test.each(PACKS)('the $name pack reports exactly these findings for an inline policy added from outside, under both majors', (pack) => {
    const build = () => {
      const { stack, role } = roleIn({ ...FIXTURES[0], props: (s) => ({ ...minimalProps(s), acceptExternalGrants: true }) });
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
      return { stack, role };
    };
    const v3 = build();
    const v2 = build();
    const found = { v3: v3Findings(pack.v3(), v3.stack, v3.role), v2: v2Findings(v2.stack, v2.role, pack.v2()) };
    expect(found).toEqual({ v3: LIVE[pack.name], v2: LIVE[pack.name] });
  });

  test('buckets referenced from another stack (Fn::ImportValue) are suppressed under cdk-nag 2', () => {
    const app = new App();
    const env = { account: '111122223333', region: 'us-east-1' };
    const data = new Stack(app, 'Data', { env });
    const bucket = new s3.Bucket(data, 'Models', { enforceSSL: true });
    const stack = new Stack(app, 'Training', { env });
    const role = new SageMakerTrainingRole(stack, 'TrainingRole', { outputBucket: { bucket, prefix: 'models/' } });
    Aspects.of(app).add(new nag2.AwsSolutionsChecks({ verbose: true }));
    app.synth();
    const messages = Annotations.fromStack(stack).findError('*', Match.anyValue())
      .filter((m) => under(role)(m.id.replace(/^\//, ''))).map((m) => String(m.entry.data));
    expect(messages).toEqual([]);
  });
});

describe('acknowledgeNagFindings', () => {
  /** A construct holding one managed policy with an exempted statement, created when asked. */
  function policyIn(scope: Construct, id: string): iam.ManagedPolicy {
    return new iam.ManagedPolicy(scope, id, {
      document: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ sid: 'MetricsPublish', actions: ['cloudwatch:PutMetricData'], resources: ['*'], conditions: { StringEquals: { 'cloudwatch:namespace': '/aws/sagemaker/TrainingJobs' } } })],
      }),
    });
  }

  test('acknowledges nothing when disabled: no cdk-nag 3 acknowledgement, no cdk-nag 2 metadata', () => {
    const stack = newStack();
    const policy = policyIn(stack, 'Policy');
    acknowledgeNagFindings([policy], false);
    expect({
      v3: v3Findings(new nag3.AwsSolutionsChecks(undefined, { verbose: true }), stack, stack),
      v2: v2Suppressions(policy.node.defaultChild!),
      acknowledged: policy.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).length,
    }).toEqual({ v3: [IAM5('*')], v2: [], acknowledged: 0 });
  });

  test('acknowledges by exact id on the policy when enabled', () => {
    const stack = newStack();
    const policy = policyIn(stack, 'Policy');
    acknowledgeNagFindings([policy]);
    expect(v3Findings(new nag3.AwsSolutionsChecks(undefined, { verbose: true }), stack, stack)).toEqual([]);
  });

  test('reaches a policy created under the owner after the call, for cdk-nag 3 during synthesis', () => {
    const app = new App();
    Validations.of(app).addPlugins(new nag3.AwsSolutionsChecks(app));
    const stack = new Stack(app, 'Later');
    const owner = new Construct(stack, 'Owner');
    acknowledgeNagFindings(owner);
    policyIn(owner, 'AddedLater');
    expect(() => app.synth()).not.toThrow();
  });

  test('reaches a policy created under the owner after the call, for cdk-nag 2', () => {
    const stack = newStack();
    const owner = new Construct(stack, 'Owner');
    acknowledgeNagFindings(owner);
    policyIn(owner, 'AddedLater');
    expect(v2Findings(stack, owner, new nag2.AwsSolutionsChecks({ verbose: true }))).toEqual([]);
  });

  test('without it, the same later policy is a finding under both majors (the tests above prove something)', () => {
    const v3Stack = newStack();
    policyIn(new Construct(v3Stack, 'Owner'), 'AddedLater');
    const v2Stack = newStack();
    const owner = new Construct(v2Stack, 'Owner');
    policyIn(owner, 'AddedLater');
    expect({
      v3: v3Findings(new nag3.AwsSolutionsChecks(undefined, { verbose: true }), v3Stack, v3Stack),
      v2: v2Findings(v2Stack, owner, new nag2.AwsSolutionsChecks({ verbose: true })),
    }).toEqual({ v3: [IAM5('*')], v2: [IAM5('*')] });
  });

  test('keeps the user\'s own cdk-nag 2 suppressions of the policy', () => {
    const stack = newStack();
    const policy = policyIn(stack, 'Policy');
    nag2.NagSuppressions.addResourceSuppressions(policy, [{ id: 'AwsSolutions-IAM4', reason: 'The user\'s own reason.' }]);
    acknowledgeNagFindings([policy]);
    expect(v2Suppressions(policy.node.defaultChild!).map((s) => s.id)).toEqual(['AwsSolutions-IAM4', 'AwsSolutions-IAM5']);
  });
});
