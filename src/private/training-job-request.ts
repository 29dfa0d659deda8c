import * as iam from 'aws-cdk-lib/aws-iam';
import { ResolvedLocation } from './locations';
import { ResolvedRoleProps } from './resolved-role-props';
import { TrainingJobFields } from '../training-job-request';

/**
 * The fields of a CreateTrainingJob request that the role's permissions were derived from,
 * rendered from the same configuration (strings may be tokens):
 *
 * - `RoleArn`: the role's ARN.
 * - `InputDataConfig`: one S3 channel per input location, in props order, named by the
 *   location's `channelName`, else `input-1`, `input-2`, ... (`S3Prefix`, `FullyReplicated`).
 * - `OutputDataConfig`: `S3OutputPath`, and `KmsKeyId` when an output key is known.
 * - `CheckpointConfig.S3Uri` when a checkpoint location is set.
 * - `VpcConfig` (`Subnets`, `SecurityGroupIds`) when a VPC is set.
 * - `ResourceConfig.VolumeKmsKeyId` when a volume key is set. It is the only `ResourceConfig`
 *   field the role knows: the caller merges in `InstanceType`, `InstanceCount` and
 *   `VolumeSizeInGB`.
 * - The typed fields also carry `TensorBoardOutputConfig`, `DebugHookConfig` and `ProfilerConfig`
 *   output paths when those outputs are set (the JSON request leaves them out, as before).
 *
 * S3 URIs are `s3://<bucket name>/<prefix>` (`s3://<bucket name>/` for a whole bucket), built from
 * the bucket's name, never its ARN.
 */
export function renderTrainingJobFields(role: iam.IRole, resolved: ResolvedRoleProps): TrainingJobFields {
  return {
    roleArn: role.roleArn,
    inputDataConfig: resolved.inputs.map((location, i) => ({
      channelName: location.channelName ?? `input-${i + 1}`,
      s3Uri: s3Uri(location),
      s3DataType: 'S3Prefix',
      s3DataDistributionType: 'FullyReplicated',
    })),
    outputDataConfig: {
      s3OutputPath: s3Uri(resolved.output),
      ...(resolved.outputKeyArn ? { kmsKeyId: resolved.outputKeyArn } : {}),
    },
    ...(resolved.checkpoint ? { checkpointConfig: { s3Uri: s3Uri(resolved.checkpoint) } } : {}),
    ...(resolved.network ? {
      vpcConfig: { subnets: [...resolved.network.subnetIds], securityGroupIds: [...resolved.network.securityGroupIds] },
    } : {}),
    ...(resolved.volumeKeyArn ? { volumeKmsKeyId: resolved.volumeKeyArn } : {}),
    ...(resolved.debugOutputs.tensorBoard ? { tensorBoardOutputPath: s3Uri(resolved.debugOutputs.tensorBoard) } : {}),
    ...(resolved.debugOutputs.debugHook ? { debugHookOutputPath: s3Uri(resolved.debugOutputs.debugHook) } : {}),
    ...(resolved.debugOutputs.profiler ? { profilerOutputPath: s3Uri(resolved.debugOutputs.profiler) } : {}),
  };
}

/** The same fields in the API's JSON shape (`InputDataConfig`, `OutputDataConfig`, ...); inputs left out when there are none. */
export function trainingJobRequestJson(fields: TrainingJobFields): { [key: string]: any } {
  const request: { [key: string]: any } = { RoleArn: fields.roleArn };
  if (fields.inputDataConfig.length > 0) {
    request.InputDataConfig = fields.inputDataConfig.map((c) => ({
      ChannelName: c.channelName,
      DataSource: {
        S3DataSource: {
          S3DataType: c.s3DataType,
          S3Uri: c.s3Uri,
          S3DataDistributionType: c.s3DataDistributionType,
        },
      },
    }));
  }
  request.OutputDataConfig = {
    S3OutputPath: fields.outputDataConfig.s3OutputPath,
    ...(fields.outputDataConfig.kmsKeyId ? { KmsKeyId: fields.outputDataConfig.kmsKeyId } : {}),
  };
  if (fields.checkpointConfig) {
    request.CheckpointConfig = { S3Uri: fields.checkpointConfig.s3Uri };
  }
  if (fields.vpcConfig) {
    request.VpcConfig = { Subnets: [...fields.vpcConfig.subnets], SecurityGroupIds: [...fields.vpcConfig.securityGroupIds] };
  }
  if (fields.volumeKmsKeyId) {
    request.ResourceConfig = { VolumeKmsKeyId: fields.volumeKmsKeyId };
  }
  return request;
}

function s3Uri(location: ResolvedLocation): string {
  return `s3://${location.bucketName}/${location.prefix}`;
}
