import * as iam from 'aws-cdk-lib/aws-iam';
import { ResolvedLocation } from './locations';
import { ResolvedRoleProps } from './resolved-role-props';

/**
 * The fields of a CreateTrainingJob request that the role's permissions were derived from,
 * rendered from the same configuration, in the API's own shape (plain JSON; strings may be tokens):
 *
 * - `RoleArn`: the role's ARN.
 * - `InputDataConfig`: one S3 channel per input location, in props order, named `input-1`,
 *   `input-2`, ... (`S3Prefix`, `FullyReplicated`); left out without inputs. Rename channels as
 *   the training code expects, but keep their URIs.
 * - `OutputDataConfig`: `S3OutputPath`, and `KmsKeyId` when an output key is known.
 * - `CheckpointConfig.S3Uri` when a checkpoint location is set.
 * - `VpcConfig` (`Subnets`, `SecurityGroupIds`) when a VPC is set.
 * - `ResourceConfig.VolumeKmsKeyId` when a volume key is set. It is the only `ResourceConfig`
 *   field the role knows: the caller merges in `InstanceType`, `InstanceCount` and
 *   `VolumeSizeInGB`.
 *
 * S3 URIs are `s3://<bucket name>/<prefix>` (`s3://<bucket name>/` for a whole bucket), built from
 * the bucket's name, never its ARN.
 */
export function renderTrainingJobRequest(role: iam.IRole, resolved: ResolvedRoleProps): { [key: string]: any } {
  const request: { [key: string]: any } = { RoleArn: role.roleArn };
  if (resolved.inputs.length > 0) {
    request.InputDataConfig = resolved.inputs.map((location, i) => ({
      ChannelName: `input-${i + 1}`,
      DataSource: {
        S3DataSource: {
          S3DataType: 'S3Prefix',
          S3Uri: s3Uri(location),
          S3DataDistributionType: 'FullyReplicated',
        },
      },
    }));
  }
  request.OutputDataConfig = {
    S3OutputPath: s3Uri(resolved.output),
    ...(resolved.outputKeyArn ? { KmsKeyId: resolved.outputKeyArn } : {}),
  };
  if (resolved.checkpoint) {
    request.CheckpointConfig = { S3Uri: s3Uri(resolved.checkpoint) };
  }
  if (resolved.network) {
    request.VpcConfig = {
      Subnets: [...resolved.network.subnetIds],
      SecurityGroupIds: [...resolved.network.securityGroupIds],
    };
  }
  if (resolved.volumeKeyArn) {
    request.ResourceConfig = { VolumeKmsKeyId: resolved.volumeKeyArn };
  }
  return request;
}

function s3Uri(location: ResolvedLocation): string {
  return `s3://${location.bucketName}/${location.prefix}`;
}
