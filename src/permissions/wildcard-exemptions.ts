import { WildcardExemption } from './purpose';

/**
 * The wildcards AWS makes unavoidable, each with the one reason cdk-nag is given for it. The
 * purposes in this folder name which of their statements carry one; a wildcard no purpose
 * explains stays a finding.
 */

export const S3_OBJECTS: WildcardExemption = {
  actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
  shape: (r) => /^arn:(<AWS::Partition>|[\w-]+):s3:::[^/*]+\/[^*]*\*$/.test(r),
  reason: 'A training S3 location is every object whose key starts with the prefix (SageMaker S3Prefix semantics); '
    + 'S3 object ARNs can only express that with a trailing "*" after the prefix.',
};

export const LOGS: WildcardExemption = {
  actions: ['logs:CreateLogGroup', 'logs:DescribeLogStreams', 'logs:CreateLogStream', 'logs:PutLogEvents'],
  shape: (r) => /:log-group:\/aws\/sagemaker\/TrainingJobs:(log-stream:[a-zA-Z0-9-]*)?\*$/.test(r),
  reason: 'SageMaker names the log streams of /aws/sagemaker/TrainingJobs after each job and instance at run time; '
    + 'the streams (and the log-group ARN form ending in ":*") can only be named with a trailing "*" within that group.',
};

export const NETWORK_INTERFACES: WildcardExemption = {
  actions: ['ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'],
  shape: (r) => /^arn:.+:ec2:.+:network-interface\/\*$/.test(r),
  reason: 'EC2 assigns the ids of the network interfaces SageMaker creates for the job, so they cannot be named in advance; '
    + 'creation is limited to the given subnets and security groups, and management to interfaces of the VPC (ec2:Vpc).',
};

export const WILDCARD_ONLY_ACTIONS: WildcardExemption = {
  actions: [
    'ecr:GetAuthorizationToken', 'cloudwatch:PutMetricData',
    'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DescribeDhcpOptions', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
    'fsx:DescribeFileSystems',
    'ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel',
  ],
  shape: (r) => r === '*',
  reason: 'ecr:GetAuthorizationToken, cloudwatch:PutMetricData, the ec2:Describe* actions, fsx:DescribeFileSystems and the ssmmessages '
    + 'channel actions support no resource-level permissions (Service Authorization Reference: resource "*" only); '
    + 'cloudwatch:PutMetricData is narrowed by cloudwatch:namespace.',
};
