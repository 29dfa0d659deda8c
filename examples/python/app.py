#!/usr/bin/env python3
"""The Python twin of examples/app.ts: a training setup with encrypted data, a private image, a VPC
and the least-privilege role that ties them together, checked by cdk-nag during synthesis.

    pip install -r requirements.txt
    cdk synth
"""
import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2, aws_ecr as ecr, aws_iam as iam, aws_kms as kms, aws_s3 as s3
from cdk_nag import AwsSolutionsChecks
from cdk_sagemaker_training_role import SageMakerTrainingRole, TrainingS3Location
from constructs import Construct


class TrainingExampleStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        key = kms.Key(self, "TrainingKey",
            description="Encrypts the training data, the model artifacts and the training volumes",
            enable_key_rotation=True,
        )
        data_bucket = s3.Bucket(self, "DataBucket",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=key,
            enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        )
        model_bucket = s3.Bucket(self, "ModelBucket",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=key,
            enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        )
        repository = ecr.Repository(self, "TrainingImage", image_scan_on_push=True)

        vpc = ec2.Vpc(self, "Vpc",
            max_azs=2,
            nat_gateways=0,
            subnet_configuration=[
                ec2.SubnetConfiguration(name="Training", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            ],
        )
        security_group = ec2.SecurityGroup(self, "TrainingSecurityGroup",
            vpc=vpc,
            description="Network interfaces of the training jobs",
        )

        self.training_role = SageMakerTrainingRole(self, "TrainingRole",
            input_buckets=[
                TrainingS3Location(bucket=data_bucket, prefix="datasets/train/"),
                TrainingS3Location(bucket=data_bucket, prefix="datasets/validation/"),
            ],
            output_bucket=TrainingS3Location(bucket=model_bucket, prefix="models/"),
            checkpoint_bucket=TrainingS3Location(bucket=model_bucket, prefix="checkpoints/"),
            volume_kms_key=key,
            ecr_repositories=[repository],
            vpc=vpc,
            security_groups=[security_group],
        )

        # Who starts the jobs: a Step Functions state machine's role, with guardrails on every launch.
        self.launcher = iam.Role(self, "PipelineLauncher",
            assumed_by=iam.ServicePrincipal("states.amazonaws.com"),
            description="Starts the training jobs of the example pipeline",
        )
        self.training_role.grant_launch(self.launcher,
            job_name_prefix="churn-",
            instance_types=["ml.m5.*", "ml.g5.*"],
            max_runtime=cdk.Duration.hours(12),
        )

        # cdk-nag checks the whole example (see the bottom of this file). The role needs no
        # acknowledgement from you: the construct acknowledges its unavoidable findings itself.
        # These are about the example's data plumbing and its launcher, not about the role.
        for bucket in [data_bucket, model_bucket]:
            cdk.Validations.of(bucket).acknowledge(
                id="AwsSolutions-S1",
                reason="Example stack: server access logging of the data buckets is outside what this example shows.",
            )
        cdk.Validations.of(vpc).acknowledge(
            id="AwsSolutions-VPC7",
            reason="Example stack: the VPC only hosts training network interfaces; flow logs are outside what this example shows.",
        )
        # Job names are chosen at launch: the launcher may start and stop the jobs named with the prefix.
        cdk.Validations.of(self.launcher).acknowledge(
            id="AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:training-job/churn-*]",
            reason="Training job names are chosen at each launch; the launcher may start, describe and stop only the jobs named churn-*.",
        )

        cdk.CfnOutput(self, "TrainingRoleArn", value=self.training_role.role_arn)


app = cdk.App()
# cdk-nag 3 runs as a policy-validation plugin: `cdk synth` fails on any unacknowledged finding.
cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
TrainingExampleStack(app, "SageMakerTrainingExample")
app.synth()
