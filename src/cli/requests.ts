import { arnContextOf } from './fixes';
import { ECR_PULL_ACTIONS, regionalArn, TRAINING_LOG_GROUP, TRAINING_METRICS_NAMESPACE, viaService } from './library';
import { LocationSpec, RoleSpec } from './synth';

/**
 * One request a training job makes as its execution role, written out from the job's fields
 * (the SPEC's table, row by row), independently of the statements that allow it.
 */
export interface JobRequest {
  /** The Sid (purpose) of the construct's statement that allows it. */
  readonly purpose: string;
  readonly action: string;
  readonly resource: string;
  readonly context: { [key: string]: string };
  /** Who asks: the role (identity policies) or SageMaker assuming it (the trust policy). */
  readonly principal: 'role' | 'sagemaker';
}

/**
 * A sample object of a location: `name` below a folder (`datasets/train/part-00000`), else the
 * object the prefix names (`code/sourcedir.tar.gz`): either is a key that starts with the prefix.
 */
function objectUnder(prefix: string, name: string): string {
  return prefix === '' || prefix.endsWith('/') ? `${prefix}${name}` : prefix;
}

/** Every request the job makes, for a job called `jobName`. */
export function jobRequests(spec: RoleSpec, jobName: string): JobRequest[] {
  const ctx = arnContextOf(spec.env);
  const { partition, region, account } = spec.env;
  const out: JobRequest[] = [];
  const add = (purpose: string, actions: string[], resource: string, context: { [key: string]: string } = {}) => {
    for (const action of actions) {
      out.push({ purpose, action, resource, context, principal: 'role' });
    }
  };
  const s3 = (bucket: string, key?: string) => `arn:${partition}:s3:::${bucket}${key === undefined ? '' : `/${key}`}`;
  const list = (purpose: string, l: LocationSpec) =>
    add(purpose, ['s3:ListBucket'], s3(l.bucket), l.prefix === '' ? {} : { 's3:prefix': l.prefix });
  const throughS3 = { 'kms:ViaService': viaService(ctx, 's3') };

  for (const input of spec.inputs) {
    list('TrainingDataList', input);
    add('TrainingDataRead', ['s3:GetObject'], s3(input.bucket, objectUnder(input.prefix, 'part-00000')));
    if (input.keyArn) {
      add('TrainingDataDecrypt', ['kms:Decrypt'], input.keyArn, throughS3);
    }
  }

  add('ModelOutputWrite', ['s3:PutObject', 's3:AbortMultipartUpload'], s3(spec.output.bucket, objectUnder(spec.output.prefix, `${jobName}/output/model.tar.gz`)));
  const outputKey = spec.outputKeyArn ?? spec.output.keyArn;
  if (outputKey) {
    add('ModelOutputEncrypt', ['kms:GenerateDataKey', 'kms:Decrypt'], outputKey, throughS3);
    add('ModelOutputEncrypt', ['kms:Encrypt'], outputKey, { 'kms:ViaService': viaService(ctx, 'sagemaker') });
  }
  if (spec.volumeKeyArn) {
    add('VolumeKeyGrant', ['kms:CreateGrant'], spec.volumeKeyArn, { 'kms:GrantIsForAWSResource': 'true' });
  }

  if (spec.checkpoint) {
    const c = spec.checkpoint;
    add('CheckpointSync', ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], s3(c.bucket, objectUnder(c.prefix, 'checkpoint-1.pt')));
    list('CheckpointList', c);
    if (c.keyArn) {
      add('CheckpointKeyUse', ['kms:Decrypt', 'kms:GenerateDataKey'], c.keyArn, throughS3);
    }
  }

  for (const repositoryArn of spec.repositoryArns) {
    add('ImagePull', ECR_PULL_ACTIONS, repositoryArn);
  }
  if (spec.repositoryArns.length > 0) {
    add('ImageRegistryAuth', ['ecr:GetAuthorizationToken'], '*');
  }

  const group = regionalArn(ctx, 'logs', `log-group:${TRAINING_LOG_GROUP}`);
  add('LogGroupAccess', ['logs:CreateLogGroup', 'logs:DescribeLogStreams'], group);
  add('LogStreamWrite', ['logs:CreateLogStream', 'logs:PutLogEvents'], `${group}:log-stream:${jobName}/algo-1-1700000000`);
  add('MetricsPublish', ['cloudwatch:PutMetricData'], '*', { 'cloudwatch:namespace': TRAINING_METRICS_NAMESPACE });

  if (spec.vpc) {
    const vpcArn = regionalArn(ctx, 'ec2', `vpc/${spec.vpc.vpcId}`);
    const eni = regionalArn(ctx, 'ec2', 'network-interface/eni-0123456789abcdef0');
    const inVpc = { 'ec2:Vpc': vpcArn };
    add('NetworkInterfaceCreate', ['ec2:CreateNetworkInterface'], eni);
    for (const subnet of spec.vpc.subnetIds) {
      add('NetworkInterfaceCreate', ['ec2:CreateNetworkInterface'], regionalArn(ctx, 'ec2', `subnet/${subnet}`), inVpc);
    }
    for (const securityGroup of spec.vpc.securityGroupIds) {
      add('NetworkInterfaceCreate', ['ec2:CreateNetworkInterface'], regionalArn(ctx, 'ec2', `security-group/${securityGroup}`), inVpc);
    }
    add('NetworkInterfaceManage', ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'], eni, inVpc);
    add('NetworkDescribe', ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups'], '*');
  }

  out.push({
    purpose: 'TrustPolicy',
    action: 'sts:AssumeRole',
    resource: 'the role',
    context: {
      'aws:SourceAccount': account,
      'aws:SourceArn': `arn:${partition}:sagemaker:${region}:${account}:training-job/${jobName}`,
    },
    principal: 'sagemaker',
  });
  return out;
}
