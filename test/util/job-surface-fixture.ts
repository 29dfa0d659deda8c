/**
 * A role over the whole training-job surface: besides inputs and output, the script-mode source
 * code, TensorBoard, Debugger and Profiler outputs with rules, FSx and EFS channels, a private
 * registry's credentials provider, remote debugging, training images of every kind and a job-name
 * prefix. Imported resources have literal names and ids, so tests can name them.
 */
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TEST_ENV } from './resolve';
import { SageMakerTrainingRoleProps, TrainingImage } from '../../src';

const { region, account } = TEST_ENV;

/** The names and ids the job-surface fixture imports, for requests in tests. */
export const JOB_SURFACE = {
  dataBucket: 'example-training-data',
  modelBucket: 'example-model-artifacts',
  codeBucket: 'example-training-code',
  debugBucket: 'example-debug-output',
  inputPrefix: 'datasets/train/',
  outputPrefix: 'models/',
  sourcePrefix: 'code/churn/',
  tensorBoardPrefix: 'tensorboard/churn/',
  debugHookPrefix: 'debugger/churn/',
  profilerPrefix: 'profiler/churn/',
  codeKeyArn: `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-00000000c0de`,
  debugKeyArn: `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-00000000debb`,
  fsxFileSystemId: 'fs-0123456789abcdef0',
  efsFileSystemId: 'fs-0aaaaaaaaaaaaaaa1',
  providerArn: `arn:aws:lambda:${region}:${account}:function:registry-credentials`,
  deepLearningContainer: 'pytorch-training',
  deepLearningContainerAccount: '763104351884',
  deepLearningContainerRegion: 'us-east-1',
  jobNamePrefix: 'churn-',
} as const;

/** The directory of the tiny `DockerImageAsset` (synthesis stages it; nothing builds it). */
export const DOCKER_ASSET_DIRECTORY = path.join(__dirname, '..', 'fixtures', 'docker-asset');

export interface JobSurfaceOptions {
  /** @default false */
  readonly sdkPreflightCompatibility?: boolean;
}

/** Every job-surface prop at once, in a VPC (FSx, EFS and the registry require one). */
export function jobSurfaceProps(stack: Stack, options: JobSurfaceOptions = {}): SageMakerTrainingRoleProps {
  const s = JOB_SURFACE;
  const bucket = (id: string, name: string) => s3.Bucket.fromBucketName(stack, id, name);
  const debugBucket = bucket('DebugBucket', s.debugBucket);
  const debugKey = kms.Key.fromKeyArn(stack, 'DebugKey', s.debugKeyArn);
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
  });
  const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'SecurityGroup', 'sg-0123456789abcdef0');
  return {
    inputBuckets: [{ bucket: bucket('DataBucket', s.dataBucket), prefix: s.inputPrefix }],
    outputBucket: { bucket: bucket('ModelBucket', s.modelBucket), prefix: s.outputPrefix },
    sourceCodeLocation: {
      bucket: bucket('CodeBucket', s.codeBucket),
      prefix: s.sourcePrefix,
      encryptionKey: kms.Key.fromKeyArn(stack, 'CodeKey', s.codeKeyArn),
    },
    tensorBoardOutput: { bucket: debugBucket, prefix: s.tensorBoardPrefix, encryptionKey: debugKey },
    debugHookOutput: { bucket: debugBucket, prefix: s.debugHookPrefix, encryptionKey: debugKey },
    profilerOutput: { bucket: debugBucket, prefix: s.profilerPrefix, encryptionKey: debugKey },
    debuggerRules: true,
    vpc,
    securityGroups: [securityGroup],
    fsxFileSystems: [fsx.LustreFileSystem.fromLustreFileSystemAttributes(stack, 'Fsx', {
      fileSystemId: s.fsxFileSystemId,
      dnsName: `${s.fsxFileSystemId}.fsx.${region}.amazonaws.com`,
      securityGroup,
    })],
    efsFileSystems: [efs.FileSystem.fromFileSystemAttributes(stack, 'Efs', {
      fileSystemId: s.efsFileSystemId,
      securityGroup,
    })],
    registryCredentialsProvider: lambda.Function.fromFunctionArn(stack, 'RegistryCredentials', s.providerArn),
    remoteDebugging: true,
    trainingImages: [
      TrainingImage.fromEcrRepository(new ecr.Repository(stack, 'TrainingRepository')),
      TrainingImage.fromAsset(new ecrAssets.DockerImageAsset(stack, 'TrainingImageAsset', { directory: DOCKER_ASSET_DIRECTORY })),
      // The fixture's stack is in us-east-1, whose publishing account is the default: given explicitly.
      TrainingImage.fromDeepLearningContainer(s.deepLearningContainer, { account: s.deepLearningContainerAccount }),
    ],
    trainingJobNamePrefix: s.jobNamePrefix,
    sdkPreflightCompatibility: options.sdkPreflightCompatibility,
  };
}
