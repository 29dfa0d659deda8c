import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TEST_ENV } from './resolve';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../../src';

export interface StackOptions {
  /** Pin the stack to TEST_ENV (otherwise environment-agnostic: pseudo parameters). */
  readonly env?: boolean;
  /** Value of `@aws-cdk/aws-iam:minimizePolicies`. */
  readonly minimizePolicies?: boolean;
}

export function newStack(options: StackOptions = {}): Stack {
  const app = new App({
    context: options.minimizePolicies === undefined ? {} : { '@aws-cdk/aws-iam:minimizePolicies': options.minimizePolicies },
    // aws-cdk-lib's built-in CloudFormation template validation (a WASM validator at every synth)
    // takes most of a small synth and checks nothing these tests assert.
    builtinCloudFormationValidation: false,
  });
  return new Stack(app, 'TestStack', options.env ? { env: { account: TEST_ENV.account, region: TEST_ENV.region } } : {});
}

/** Synthesizes the stack's template as plain JSON. */
export function templateOf(stack: Stack): any {
  return Template.fromStack(stack).toJSON();
}

/** The logical id of the one `SageMakerTrainingRole` in a stack. */
export function roleLogicalId(stack: Stack, role: SageMakerTrainingRole): string {
  return stack.getLogicalId(role.node.defaultChild as any);
}

/** Minimal: one input, one output. */
export function minimalProps(stack: Stack): SageMakerTrainingRoleProps {
  const data = new s3.Bucket(stack, 'DataBucket');
  const models = new s3.Bucket(stack, 'ModelBucket');
  return {
    inputBuckets: [{ bucket: data, prefix: 'datasets/train/' }],
    outputBucket: { bucket: models, prefix: 'models/' },
  };
}

/**
 * Full: several inputs across buckets, KMS on all three key roles, two repositories, a VPC with
 * two subnets and a security group, checkpoints.
 */
export function fullProps(stack: Stack): SageMakerTrainingRoleProps {
  const dataKey = new kms.Key(stack, 'DataKey');
  const outputKey = new kms.Key(stack, 'OutputKey');
  const volumeKey = new kms.Key(stack, 'VolumeKey');
  const checkpointKey = new kms.Key(stack, 'CheckpointKey');
  const data = new s3.Bucket(stack, 'DataBucket', { encryptionKey: dataKey });
  const features = new s3.Bucket(stack, 'FeatureBucket');
  const models = new s3.Bucket(stack, 'ModelBucket');
  const checkpoints = new s3.Bucket(stack, 'CheckpointBucket', { encryptionKey: checkpointKey });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const securityGroup = new ec2.SecurityGroup(stack, 'TrainingSecurityGroup', { vpc });
  return {
    inputBuckets: [
      { bucket: data, prefix: 'datasets/train/' },
      { bucket: data, prefix: 'datasets/validation/' },
      { bucket: features, prefix: 'features/v3/' },
    ],
    outputBucket: { bucket: models, prefix: 'models/' },
    outputKmsKey: outputKey,
    volumeKmsKey: volumeKey,
    checkpointBucket: { bucket: checkpoints, prefix: 'checkpoints/run-1/' },
    ecrRepositories: [new ecr.Repository(stack, 'TrainingRepository'), new ecr.Repository(stack, 'BaseRepository')],
    vpc,
    securityGroups: [securityGroup],
  };
}

/** Every resource imported by name or ARN. */
export function importedProps(stack: Stack): SageMakerTrainingRoleProps {
  const { account, region } = TEST_ENV;
  const key = kms.Key.fromKeyArn(stack, 'ImportedKey', `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'ImportedVpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
  });
  return {
    inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'ImportedData', 'example-training-data'), prefix: 'datasets/train/', encryptionKey: key }],
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'ImportedModels', 'example-model-artifacts'), prefix: 'models/' },
    outputKmsKey: key,
    ecrRepositories: [ecr.Repository.fromRepositoryArn(stack, 'ImportedRepo', `arn:aws:ecr:${region}:${account}:repository/training-image`)],
    vpc,
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'ImportedSg', 'sg-0123456789abcdef0')],
  };
}

/** An imported VPC with one private subnet and one security group, as the network props. */
export function importedNetwork(stack: Stack): Pick<SageMakerTrainingRoleProps, 'vpc' | 'securityGroups'> {
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a'],
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1'],
  });
  return { vpc, securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0')] };
}
