import { App, CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole } from '../src';

const ROLE_ACCOUNT = '111122223333';
const OWNER_ACCOUNT = '444455556666';

/** A stack whose VPC is shared with it (AWS RAM) by another account, as a real lookup returns it. */
function sharedVpcStack() {
  const env = { account: ROLE_ACCOUNT, region: 'us-east-1' };
  const lookup = (app: App) => {
    const stack = new Stack(app, 'Training', { env });
    return { stack, vpc: ec2.Vpc.fromLookup(stack, 'Shared', { vpcId: 'vpc-05a0ed0000000000a', ownerAccountId: OWNER_ACCOUNT }) };
  };
  // The context key the lookup asks for, as a first synthesis reports it.
  const probe = new App();
  new CfnWaitConditionHandle(lookup(probe).stack, 'NotEmpty'); // a template needs one resource

  const key = probe.synth().manifest.missing![0].key;
  const app = new App({
    context: {
      [key]: {
        vpcId: 'vpc-05a0ed0000000000a',
        ownerAccountId: OWNER_ACCOUNT,
        availabilityZones: ['us-east-1a'],
        subnetGroups: [{ name: 'Private', type: 'Private', subnets: [{ subnetId: 'subnet-05a0ed00000000001', availabilityZone: 'us-east-1a', routeTableId: 'rtb-1' }] }],
      },
    },
  });
  return lookup(app);
}

test('subnets of a shared VPC are named with the owner account, security groups with the role\'s', () => {
  const { stack, vpc } = sharedVpcStack();
  expect(vpc.env.account).toBe(OWNER_ACCOUNT);
  new SageMakerTrainingRole(stack, 'Role', {
    outputBucket: { bucket: s3.Bucket.fromBucketName(stack, 'Models', 'example-models'), prefix: 'm/' },
    vpc,
    securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0ba4c1ba47000000a')],
  });
  const statements = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
  const create = JSON.stringify(statements.find((s) => s.Sid === 'NetworkInterfaceCreate').Resource);
  expect(create).toContain(`:ec2:us-east-1:${OWNER_ACCOUNT}:subnet/subnet-05a0ed00000000001`);
  expect(create).toContain(`:ec2:us-east-1:${ROLE_ACCOUNT}:security-group/sg-0ba4c1ba47000000a`);
  expect(create).toContain(`:ec2:us-east-1:${ROLE_ACCOUNT}:network-interface/*`);
  const manage = JSON.stringify(statements.find((s) => s.Sid === 'NetworkInterfaceManage').Condition);
  expect(manage).toContain(`:ec2:us-east-1:${OWNER_ACCOUNT}:vpc/vpc-05a0ed0000000000a`);
});
