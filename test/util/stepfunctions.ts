import { Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps, TrainingS3Location } from '../../src';

export interface TaskOptions {
  /**
   * Run the job in this VPC (the task then adds a security group of its own, which is given to
   * the role with `addSecurityGroups`).
   *
   * @default the role's vpc, as a task for a role with a VPC must
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Whether the task's security group is given to the role (`addSecurityGroups`).
   *
   * @default true
   */
  readonly addSecurityGroups?: boolean;
  /** Channels from locations that are not among the role's props. */
  readonly extraChannels?: TrainingS3Location[];
}

/**
 * The Step Functions task `SageMakerCreateTrainingJob` wired the usual way, with `role: trainingRole`:
 * its locations come from the same buckets as the role's props, and a state machine renders it
 * (the task grants its role access to the channels only then).
 */
export function withTrainingTask(stack: Stack, props: SageMakerTrainingRoleProps, options: TaskOptions = {}) {
  const trainingRole = new SageMakerTrainingRole(stack, 'TrainingRole', props);
  const vpc = options.vpc ?? props.vpc;
  const task = new tasks.SageMakerCreateTrainingJob(stack, 'Train', {
    trainingJobName: sfn.JsonPath.stringAt('$.jobName'),
    role: trainingRole,
    algorithmSpecification: { algorithmName: 'example', trainingInputMode: tasks.InputMode.FILE },
    inputDataConfig: [...props.inputBuckets ?? [], ...options.extraChannels ?? []].map((l, i) => ({
      channelName: `input-${i + 1}`,
      dataSource: { s3DataSource: { s3Location: tasks.S3Location.fromBucket(l.bucket, l.prefix ?? '') } },
    })),
    outputDataConfig: {
      s3OutputLocation: tasks.S3Location.fromBucket(props.outputBucket.bucket, props.outputBucket.prefix ?? ''),
      encryptionKey: props.outputKmsKey,
    },
    resourceConfig: props.volumeKmsKey ? {
      instanceCount: 1,
      instanceType: new ec2.InstanceType('m5.xlarge'),
      volumeSize: Size.gibibytes(30),
      volumeEncryptionKey: props.volumeKmsKey,
    } : undefined,
    vpcConfig: vpc ? { vpc, subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } } : undefined,
  });
  if (vpc && (options.addSecurityGroups ?? true)) {
    trainingRole.addSecurityGroups(...task.connections.securityGroups);
  }
  const render = () => new sfn.StateMachine(stack, 'StateMachine', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
  return { trainingRole, task, render };
}
