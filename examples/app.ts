/**
 * The example the README's first command synthesizes: a training setup with encrypted data, a
 * private image, a VPC and the least-privilege role that ties them together.
 *
 *   npx projen example
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnOutput, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { NAG_FINDINGS_FILE, RecordingAwsSolutionsChecks } from './nag-findings';
import { SageMakerTrainingRole } from '../src';

export class TrainingExampleStack extends Stack {
  public readonly trainingRole: SageMakerTrainingRole;
  public readonly launcher: iam.Role;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const key = new kms.Key(this, 'TrainingKey', {
      description: 'Encrypts the training data, the model artifacts and the training volumes',
      enableKeyRotation: true,
    });
    const dataBucket = new s3.Bucket(this, 'DataBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    const modelBucket = new s3.Bucket(this, 'ModelBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    });
    const repository = new ecr.Repository(this, 'TrainingImage', { imageScanOnPush: true });

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Training', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const securityGroup = new ec2.SecurityGroup(this, 'TrainingSecurityGroup', {
      vpc,
      description: 'Network interfaces of the training jobs',
    });

    this.trainingRole = new SageMakerTrainingRole(this, 'TrainingRole', {
      inputBuckets: [
        { bucket: dataBucket, prefix: 'datasets/train/' },
        { bucket: dataBucket, prefix: 'datasets/validation/' },
      ],
      outputBucket: { bucket: modelBucket, prefix: 'models/' },
      checkpointBucket: { bucket: modelBucket, prefix: 'checkpoints/' },
      volumeKmsKey: key,
      ecrRepositories: [repository],
      vpc,
      securityGroups: [securityGroup],
    });

    // Who starts the jobs: a Step Functions state machine's role, with guardrails on every launch.
    this.launcher = new iam.Role(this, 'PipelineLauncher', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: 'Starts the training jobs of the example pipeline',
    });
    this.trainingRole.grantLaunch(this.launcher, {
      jobNamePrefix: 'churn-',
      instanceTypes: ['ml.m5.*', 'ml.g5.*'],
      maxRuntime: Duration.hours(12),
    });

    // cdk-nag checks the whole example (see the bottom of this file). The role needs no
    // acknowledgement from you: the construct acknowledges its unavoidable findings itself.
    // These are about the example's data plumbing and its launcher, not about the role.
    for (const bucket of [dataBucket, modelBucket]) {
      Validations.of(bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'Example stack: server access logging of the data buckets is outside what this example shows.',
      });
    }
    Validations.of(vpc).acknowledge({
      id: 'AwsSolutions-VPC7',
      reason: 'Example stack: the VPC only hosts training network interfaces; flow logs are outside what this example shows.',
    });
    // Job names are chosen at launch: the launcher may start and stop the jobs named with the prefix.
    Validations.of(this.launcher).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:training-job/churn-*]',
      reason: 'Training job names are chosen at each launch; the launcher may start, describe and stop only the jobs named churn-*.',
    });

    new CfnOutput(this, 'TrainingRoleArn', { value: this.trainingRole.roleArn });
  }
}

/** Synthesizes the example with cdk-nag's AwsSolutions checks, and writes their findings next to the assembly. */
export function synthesizeExample(app: App): void {
  // cdk-nag 3 runs as a policy-validation plugin: `cdk synth` fails on any unacknowledged finding.
  // (`RecordingAwsSolutionsChecks` is cdk-nag's `AwsSolutionsChecks` that also lists every finding.)
  const nag = new RecordingAwsSolutionsChecks(app);
  Validations.of(app).addPlugins(nag);
  new TrainingExampleStack(app, 'SageMakerTrainingExample');
  const assembly = app.synth();
  // For the review: how many findings there were, and the reason each is acknowledged with.
  fs.writeFileSync(path.join(assembly.directory, NAG_FINDINGS_FILE), JSON.stringify(nag.report(), null, 2));
}

if (require.main === module) {
  synthesizeExample(new App());
}
