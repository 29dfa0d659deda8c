/**
 * Every statement the role emits agrees with the Service Authorization Reference: its actions
 * exist, its resources are of a type the action supports (or `*` only where SPEC allows it), and
 * its condition keys apply to its actions. Every document holds only the characters IAM accepts
 * in a policy (tab, LF, CR, U+0020 to U+00FF).
 */
import { fullProps, importedProps, minimalProps } from './util/fixtures';
import { synthesize } from './util/requests';
import { actionsOnAnyResource, arnTemplatePattern, sarViolations } from './util/sar';
import { IAM_POLICY_CHARACTERS, refusedStrings } from '../src/private/checks/characters';

const DESCRIBE_ACTIONS = [
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
];

describe.each([
  { config: 'full props', fixture: fullProps, onAnyResource: ['cloudwatch:PutMetricData', ...DESCRIBE_ACTIONS, 'ecr:GetAuthorizationToken'].sort() },
  { config: 'imported props', fixture: importedProps, onAnyResource: ['cloudwatch:PutMetricData', ...DESCRIBE_ACTIONS, 'ecr:GetAuthorizationToken'].sort() },
  { config: 'minimal props', fixture: minimalProps, onAnyResource: ['cloudwatch:PutMetricData'] },
])('the role of the $config', ({ fixture, onAnyResource }) => {
  describe.each([
    { setting: 'an environment-agnostic stack', options: {} },
    { setting: 'a stack in the test environment', options: { env: true } },
  ])('in $setting', ({ options }) => {
    const syn = synthesize(fixture, options);

    test('has policies to check', () => {
      expect(syn.policies.flatMap((p) => p.policy.Statement).length).toBeGreaterThan(0);
    });

    test('has no action, resource or condition key the Service Authorization Reference rejects', async () => {
      expect(await sarViolations(syn.policies)).toEqual([]);
    });

    test('every document, permissions and trust, holds only characters IAM accepts in a policy', () => {
      const documents = [...syn.policies.map((p) => p.policy), syn.trust];
      expect(documents.flatMap((d) => refusedStrings(d))).toEqual([]);
      for (const document of documents) {
        expect(JSON.stringify(document)).toMatch(IAM_POLICY_CHARACTERS);
      }
    });

    test('allows on resource * exactly the wildcard-only actions and the namespace-conditioned PutMetricData of SPEC', () => {
      expect(actionsOnAnyResource(syn.policies)).toEqual(onAnyResource);
    });

    test('narrows PutMetricData on * to the training namespace', () => {
      const statements = syn.policies.flatMap((p) => p.policy.Statement)
        .filter((s: any) => [s.Action].flat().includes('cloudwatch:PutMetricData'));
      expect(statements).toEqual([expect.objectContaining({
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': ['/aws/sagemaker/TrainingJobs'] } },
      })]);
    });
  });
});

describe('the character check', () => {
  test('finds a character IAM refuses, with its code point, position and JSON path', () => {
    const document = { Statement: [{ Resource: 'arn:aws:s3:::b/données/€/*' }] };
    expect(refusedStrings(document)).toEqual([{
      path: '$.Statement[0].Resource',
      value: 'arn:aws:s3:::b/données/€/*',
      refused: { char: '€', codePoint: 'U+20AC', position: 24, part: 'arn:aws:s3:::b/données/€/*', partial: false },
    }]);
    expect(JSON.stringify(document)).not.toMatch(IAM_POLICY_CHARACTERS);
    expect(JSON.stringify({ Resource: 'arn:aws:s3:::b/données/\u00ff/\t*' })).toMatch(IAM_POLICY_CHARACTERS);
  });
});

describe('sarViolations', () => {
  const policy = (statement: object) => [{ name: 'Probe', policy: { Version: '2012-10-17', Statement: [{ Sid: 'Probe', Effect: 'Allow', ...statement }] } }];
  const objectArn = 'arn:aws:s3:::example-bucket/datasets/*';
  const bucketArn = 'arn:aws:s3:::example-bucket';

  test('accepts a statement the Service Authorization Reference allows', async () => {
    expect(await sarViolations(policy({
      Action: ['s3:ListBucket'],
      Resource: bucketArn,
      Condition: { StringLike: { 's3:prefix': ['datasets/*'] }, StringEquals: { 'aws:ResourceAccount': '111122223333' } },
    }))).toEqual([]);
  });

  test('reports an action that does not exist', async () => {
    expect(await sarViolations(policy({ Action: 's3:GetObjects', Resource: objectArn }))).toEqual([
      expect.objectContaining({ action: 's3:GetObjects', problem: 'no such action in the Service Authorization Reference' }),
    ]);
  });

  test('reports an action wildcard', async () => {
    expect(await sarViolations(policy({ Action: 's3:Get*', Resource: objectArn }))).toEqual([
      expect.objectContaining({ action: 's3:Get*', problem: 'not an exact action' }),
    ]);
  });

  test('reports an object action on a bucket ARN', async () => {
    expect(await sarViolations(policy({ Action: 's3:GetObject', Resource: bucketArn }))).toEqual([
      expect.objectContaining({ action: 's3:GetObject', resource: bucketArn, problem: expect.stringMatching(/^matches none of the action's resource types/) }),
    ]);
  });

  test('reports a bucket action on an object ARN', async () => {
    expect(await sarViolations(policy({ Action: 's3:ListBucket', Resource: objectArn }))).toEqual([
      expect.objectContaining({ action: 's3:ListBucket', resource: objectArn }),
    ]);
  });

  test('reports a log-stream action on a log-group ARN', async () => {
    const group = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/TrainingJobs';
    expect(await sarViolations(policy({ Action: 'logs:PutLogEvents', Resource: group }))).toEqual([
      expect.objectContaining({ action: 'logs:PutLogEvents', resource: group }),
    ]);
  });

  test('reports a resource on a wildcard-only action', async () => {
    const repository = 'arn:aws:ecr:us-east-1:111122223333:repository/training-image';
    expect(await sarViolations(policy({ Action: 'ecr:GetAuthorizationToken', Resource: repository }))).toEqual([
      expect.objectContaining({ action: 'ecr:GetAuthorizationToken', resource: repository, problem: expect.stringMatching(/wildcard-only/) }),
    ]);
  });

  test('reports resource * without a condition on an action with resource-level permissions', async () => {
    expect(await sarViolations(policy({ Action: 's3:GetObject', Resource: '*' }))).toEqual([
      expect.objectContaining({ action: 's3:GetObject', resource: '*', problem: expect.stringMatching(/^resource \* on an action with resource-level permissions/) }),
    ]);
  });

  test('reports a condition key that does not apply to the action', async () => {
    expect(await sarViolations(policy({ Action: 's3:GetObject', Resource: objectArn, Condition: { StringLike: { 's3:prefix': ['datasets/*'] } } }))).toEqual([
      expect.objectContaining({ action: 's3:GetObject', conditionKey: 's3:prefix', problem: 'the condition key does not apply to the action' }),
    ]);
  });

  test('reports a condition key of another service', async () => {
    expect(await sarViolations(policy({ Action: 's3:GetObject', Resource: objectArn, Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } }))).toEqual([
      expect.objectContaining({ conditionKey: 'kms:ViaService' }),
    ]);
  });

  test('reports a condition key that applies to only one action of the statement', async () => {
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(await sarViolations(policy({
      Action: ['kms:CreateGrant', 'kms:Decrypt'], Resource: key, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }))).toEqual([
      expect.objectContaining({ action: 'kms:Decrypt', conditionKey: 'kms:GrantIsForAWSResource' }),
    ]);
  });

  test('reports a global condition key that does not exist', async () => {
    expect(await sarViolations(policy({ Action: 's3:GetObject', Resource: objectArn, Condition: { StringEquals: { 'aws:SourceAccounts': '111122223333' } } }))).toEqual([
      expect.objectContaining({ conditionKey: 'aws:SourceAccounts' }),
    ]);
  });
});

describe('arnTemplatePattern', () => {
  test.each([
    ['arn:${Partition}:s3:::${BucketName}/${ObjectName}', 'arn:aws:s3:::bucket/datasets/train/*', true],
    ['arn:${Partition}:s3:::${BucketName}/${ObjectName}', 'arn:aws:s3:::bucket', false],
    ['arn:${Partition}:s3:::${BucketName}', 'arn:aws-cn:s3:::bucket', true],
    ['arn:${Partition}:s3:::${BucketName}', 'arn:aws:s3:::bucket/datasets/*', false],
    ['arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}', 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/TrainingJobs:log-stream:*', true],
    ['arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}', 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/TrainingJobs:*', false],
    ['arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}', 'arn:aws:kms:us-east-1:111122223333:alias/training', false],
    ['arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}', 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/TrainingJobs:*', true],
    ['arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}', 'arn:aws:logs:us-east-1:log-group:/aws/sagemaker/TrainingJobs', false],
    ['arn:${Partition}:ec2:${Region}:${Account}:subnet/${SubnetId}', 'arn:aws:ec2:us-east-1:111122223333:network-interface/*', false],
  ])('%s matches %s: %s', (template, resource, expected) => {
    expect(arnTemplatePattern(template).test(resource)).toBe(expected);
  });
});
