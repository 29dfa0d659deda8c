/**
 * Identifiers the role turns into ARNs or condition values, where they are concrete: a wildcard,
 * a policy variable, a malformed value or another partition than the stack's fails with the prop,
 * the value and the form allowed. Unresolved parts are accepted; well-formed values pass.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TrainingImage } from '../../src';
import { TEST_ENV } from '../util/resolve';
import { build, roleWith } from '../util/statements';

const { account, region } = TEST_ENV;
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const VPC_ID = 'vpc-0123456789abcdef0';
const SUBNET_ID = 'subnet-0aaaaaaaaaaaaaaa1';
const SG_ID = 'sg-0123456789abcdef0';

const WILDCARD = 'IAM reads "*" and "?" as wildcards, so the role would be granted every resource the pattern matches; give one';
const POLICY_VARIABLE = 'IAM reads "${...}" as a policy variable and replaces it in each request, so the grant would name another resource per caller; give one';
const KEY_FORM = 'arn:<partition>:kms:<region>:<account>:key/<key id>, the key id being like 1234abcd-12ab-34cd-56ef-1234567890ab (or mrk-1234abcd12ab34cd56ef1234567890ab for a multi-Region key)';
const REPOSITORY_FORM = 'arn:<partition>:ecr:<region>:<account>:repository/<name>, the name of lower case letters, digits and "._-/" separators';
const FUNCTION_FORM = 'arn:<partition>:lambda:<region>:<account>:function:<name>, optionally :<version or alias>';
const ec2Form = (prefix: string) => `${prefix}- and 8 or 17 hexadecimal digits, like ${prefix}-0123456789abcdef0`;

const key = (arn: string) => (stack: Stack) => ({ volumeKmsKey: kms.Key.fromKeyArn(stack, 'Key', arn) });
const repository = (repositoryArn: string) => (stack: Stack) => ({
  ecrRepositories: [ecr.Repository.fromRepositoryAttributes(stack, 'Repo', { repositoryArn, repositoryName: 'trainer' })],
});
const network = (ids: { vpc?: string; subnet?: string; sg?: string } = {}) => (stack: Stack) => ({
  vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: ids.vpc ?? VPC_ID, availabilityZones: [`${region}a`], privateSubnetIds: [ids.subnet ?? SUBNET_ID] }),
  securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', ids.sg ?? SG_ID)],
});
const registry = (functionArn: string) => (stack: Stack) => ({
  ...network()(stack),
  registryCredentialsProvider: lambda.Function.fromFunctionArn(stack, 'Credentials', functionArn),
});

describe('KMS key ARNs', () => {
  test('fails for key/*', () => {
    const arn = `arn:aws:kms:${region}:${account}:key/*`;
    expect(() => build(key(arn), { env: true })).toThrow(`volumeKmsKey: ${WILDCARD} KMS key ARN: ${KEY_FORM}. Got: "${arn}".`);
  });

  test('fails for key/* after unresolved partition, region and account', () => {
    expect(() => build(key(`arn:${Aws.PARTITION}:kms:${Aws.REGION}:${Aws.ACCOUNT_ID}:key/*`)))
      .toThrow(`volumeKmsKey: ${WILDCARD} KMS key ARN: ${KEY_FORM}. Got: "arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/*".`);
  });

  test('fails for a policy variable in the key id', () => {
    const arn = `arn:aws:kms:${region}:${account}:key/\${aws:username}`;
    expect(() => build(key(arn), { env: true })).toThrow(`volumeKmsKey: ${POLICY_VARIABLE} KMS key ARN: ${KEY_FORM}. Got: "${arn}".`);
  });

  test('fails for a malformed key id', () => {
    const arn = `arn:aws:kms:${region}:${account}:key/not-a-key`;
    expect(() => build(key(arn), { env: true }))
      .toThrow(`volumeKmsKey: not a KMS key ARN, so the grant would name no resource; give ${KEY_FORM}. Got: "${arn}".`);
  });

  test('fails for a malformed key id after unresolved parts', () => {
    expect(() => build(key(`arn:${Aws.PARTITION}:kms:${Aws.REGION}:${Aws.ACCOUNT_ID}:key/my-key`)))
      .toThrow(`volumeKmsKey: not a KMS key ARN: "my-key" after ":key/" names no resource, so the grant would be useless; give ${KEY_FORM}. Got: "arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:key/my-key".`);
  });

  test('fails for a key of another partition in the same region (the stack\'s partition known from its region)', () => {
    const arn = `arn:aws-cn:kms:${region}:${account}:key/${KEY_ID}`;
    expect(() => build(key(arn), { env: true }))
      .toThrow(`volumeKmsKey: this KMS key ARN is in partition aws-cn, the role's stack in aws: IAM principals of aws cannot use resources of aws-cn. Give a resource of aws, or deploy the role in aws-cn. Got: "${arn}".`);
  });

  test.each([KEY_ID, 'mrk-1234abcd12ab34cd56ef1234567890ab'])('accepts key/%s', (id) => {
    expect(() => build(key(`arn:aws:kms:${region}:${account}:key/${id}`), { env: true })).not.toThrow();
  });
});

describe('ECR repository ARNs', () => {
  test('fails for repository/* (the name given apart is valid)', () => {
    const arn = `arn:aws:ecr:${region}:${account}:repository/*`;
    expect(() => build(repository(arn), { env: true })).toThrow(`ecrRepositories[0]: ${WILDCARD} ECR repository ARN: ${REPOSITORY_FORM}. Got: "${arn}".`);
  });

  test('fails for a digest in the ARN', () => {
    const arn = `arn:aws:ecr:${region}:${account}:repository/trainer@sha256:${'0f'.repeat(32)}`;
    expect(() => build(repository(arn), { env: true }))
      .toThrow(`ecrRepositories[0]: a repository ARN names the repository only: an image digest ("@sha256:...") or tag is no part of it, and IAM authorizes pulls on the repository ARN, so this grant would never match. Give ${REPOSITORY_FORM}, and pin the digest in the training image URI. Got: "${arn}".`);
  });

  test('fails for a tag in the ARN', () => {
    const arn = `arn:aws:ecr:${region}:${account}:repository/trainer:latest`;
    expect(() => build(repository(arn), { env: true }))
      .toThrow(`ecrRepositories[0]: not an ECR repository ARN, so the grant would name no resource; give ${REPOSITORY_FORM}. Got: "${arn}".`);
  });

  test('fails for a repository of another partition', () => {
    const arn = `arn:aws-us-gov:ecr:${region}:${account}:repository/trainer`;
    expect(() => build(repository(arn), { env: true }))
      .toThrow(`ecrRepositories[0]: this ECR repository ARN is in partition aws-us-gov, the role's stack in aws: IAM principals of aws cannot use resources of aws-us-gov. Give a resource of aws, or deploy the role in aws-us-gov. Got: "${arn}".`);
  });

  test('accepts a well-formed repository ARN', () => {
    expect(() => build(repository(`arn:aws:ecr:${region}:${account}:repository/team/trainer`), { env: true })).not.toThrow();
  });
});

describe('VPC, subnet and security group ids', () => {
  test.each([
    ['vpc', 'vpc', { vpc: 'vpc-*' }, 'vpc-*', 'VPC id', 'vpc'],
    ['vpc (subnets of the VPC)', 'vpc', { subnet: 'subnet-*' }, 'subnet-*', 'subnet id', 'subnet'],
    ['securityGroups[0]', 'securityGroups[0]', { sg: 'sg-*' }, 'sg-*', 'security group id', 'sg'],
  ])('%s: fails for a wildcard', (_name, prop, ids, value, what, prefix) => {
    expect(() => build(network(ids), { env: true })).toThrow(`${prop}: ${WILDCARD} ${what}: ${ec2Form(prefix)}. Got: "${value}".`);
  });

  test.each([
    ['vpc', { vpc: 'vpc-xyz' }, 'vpc-xyz', 'VPC id', 'vpc'],
    ['vpc', { subnet: 'subnet-0123' }, 'subnet-0123', 'subnet id', 'subnet'],
    ['securityGroups[0]', { sg: 'sg-12' }, 'sg-12', 'security group id', 'sg'],
    ['securityGroups[0]', { sg: 'my-security-group' }, 'my-security-group', 'security group id', 'sg'],
  ])('%s: fails for the malformed %p', (prop, ids, value, what, prefix) => {
    expect(() => build(network(ids), { env: true }))
      .toThrow(`${prop}: not a ${what}, so the grant would name no resource; give ${ec2Form(prefix)}. Got: "${value}".`);
  });

  test('a subnet chosen with vpcSubnets is named by vpcSubnets', () => {
    expect(() => build((stack) => ({
      ...network({ subnet: 'subnet-*' })(stack),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    }), { env: true })).toThrow(`vpcSubnets: ${WILDCARD} subnet id: ${ec2Form('subnet')}. Got: "subnet-*".`);
  });

  test('addSecurityGroups fails for a wildcard', () => {
    const { role, stack } = roleWith(network(), { env: true });
    expect(() => role.addSecurityGroups(ec2.SecurityGroup.fromSecurityGroupId(stack, 'Late', 'sg-*')))
      .toThrow(`addSecurityGroups[0]: ${WILDCARD} security group id: ${ec2Form('sg')}. Got: "sg-*".`);
  });

  test('accepts 8- and 17-digit ids', () => {
    expect(() => build(network({ vpc: 'vpc-0123abcd', subnet: 'subnet-0123abcd', sg: 'sg-0123abcd' }), { env: true })).not.toThrow();
    expect(() => build(network(), { env: true })).not.toThrow();
  });
});

describe('Lambda function ARNs (registryCredentialsProvider)', () => {
  test('fails for function:*', () => {
    const arn = `arn:aws:lambda:${region}:${account}:function:*`;
    expect(() => build(registry(arn), { env: true }))
      .toThrow(`registryCredentialsProvider: ${WILDCARD} Lambda function ARN: ${FUNCTION_FORM}. Got: "${arn}".`);
  });

  test('fails for a name with a wildcard after unresolved parts', () => {
    expect(() => build(registry(`arn:${Aws.PARTITION}:lambda:${Aws.REGION}:${Aws.ACCOUNT_ID}:function:creds-?`)))
      .toThrow(`registryCredentialsProvider: ${WILDCARD} Lambda function ARN: ${FUNCTION_FORM}. Got: "arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:creds-?".`);
  });

  test.each(['registry-credentials', 'registry-credentials:$LATEST', 'registry-credentials:live'])('accepts function:%s', (name) => {
    expect(() => build(registry(`arn:aws:lambda:${region}:${account}:function:${name}`), { env: true })).not.toThrow();
  });
});

describe('the Deep Learning Containers account', () => {
  test.each(['*', '76310435188', '7631043518841', 'account'])('fails for %p', (value) => {
    expect(() => TrainingImage.fromDeepLearningContainer('pytorch-training', { account: value }))
      .toThrow(`TrainingImage.fromDeepLearningContainer(options.account): an AWS account id is 12 digits; give the publishing account of the stack's region from the "Available images" list of the Deep Learning Containers documentation (IAM would read "*" or "?" as wildcards and grant pulls from every account's repository of that name). Got: "${value}".`);
  });

  test('accepts 12 digits and an unresolved account', () => {
    expect(() => TrainingImage.fromDeepLearningContainer('pytorch-training', { account: '763104351884' })).not.toThrow();
    expect(() => TrainingImage.fromDeepLearningContainer('pytorch-training', { account: Aws.ACCOUNT_ID })).not.toThrow();
  });
});

describe('bucket ARNs', () => {
  test('fails for a bucket of another partition instead of granting the bucket of that name in the stack\'s', () => {
    const arn = 'arn:aws-cn:s3:::example-data';
    expect(() => build((stack) => ({ inputBuckets: [{ bucket: s3.Bucket.fromBucketArn(stack, 'Data', arn), prefix: 'd/' }] }), { env: true }))
      .toThrow(`inputBuckets[0].bucket: this S3 bucket ARN is in partition aws-cn, the role's stack in aws: the role names buckets by name in its own partition (arn:aws:s3:::<name>), so it would be granted the bucket of that name in aws, another bucket. Give a resource of aws, or deploy the role in aws-cn. Got: "${arn}".`);
  });

  test('accepts a bucket of the stack\'s partition', () => {
    expect(() => build((stack) => ({ inputBuckets: [{ bucket: s3.Bucket.fromBucketArn(stack, 'Data', 'arn:aws:s3:::example-data'), prefix: 'd/' }] }), { env: true })).not.toThrow();
  });
});
