import { FailureRule, notPermission } from './diagnosis';

/** Failures of the network path from the job's subnets: routes and security groups, not IAM. */

export const s3NetworkPath: FailureRule = {
  id: 's3-network-path',
  summary: 'a job in a VPC that cannot reach S3 (no S3 endpoint or NAT route)',
  // Also `ListObjectsV2 failed for s3://...: Unable to execute request to S3` from a job in a VPC
  // (aws-samples/sagemaker-run-notebook#32).
  pattern: /route to an S3 VPC endpoint or a NAT device|route table has a route to an S3|Unable to execute request to S3/i,
  diagnose: (_m, _t, f) => notPermission('network', 'The job cannot reach S3 from its subnets', [
    ...f.subnets.map((s) => ({ kind: 'subnet', name: s })),
    ...f.securityGroups.map((s) => ({ kind: 'security group', name: s })),
  ], 'In a VPC, the training instances reach S3 only through the subnets\' routes; this is a network path, not IAM.',
  `Add a gateway VPC endpoint for S3 to the route tables of the job's subnets (aws ec2 create-vpc-endpoint --vpc-id <vpc-id> --service-name com.amazonaws.${f.ctx.region}.s3 --route-table-ids <rtb-id>), or a route to a NAT gateway; and let the security groups allow outbound HTTPS (443).`),
};

export const workerCommunication: FailureRule = {
  id: 'worker-communication',
  summary: 'the instances of a distributed job that cannot reach each other (security groups)',
  pattern: /communication between (?:the )?worker nodes and (?:the )?leader node is broken/i,
  diagnose: (_m, _t, f) => notPermission('network', 'The instances of a distributed job cannot reach each other',
    f.securityGroups.map((s) => ({ kind: 'security group', name: s })),
    'Distributed training needs every instance to reach every other one; in a VPC the security groups decide. This is not IAM.',
    'Let each security group of the job allow all traffic from itself, inbound and outbound (a self-referencing rule): '
      + 'aws ec2 authorize-security-group-ingress --group-id <sg-id> --protocol all --source-group <sg-id>.'),
};
