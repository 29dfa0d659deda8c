import { Token } from 'aws-cdk-lib';
import { TrainingRoleError } from './errors';
import { TrainingS3Location } from '../training-s3-location';

/**
 * SageMaker's rule for `Channel.ChannelName`: 1 to 64 characters matching `[A-Za-z0-9\.\-_]+`
 * (SageMaker API Reference, Channel: https://docs.aws.amazon.com/sagemaker/latest/dg/API_Channel.html).
 */
const CHANNEL_NAME = /^[A-Za-z0-9.\-_]{1,64}$/;

/**
 * A name the shell accepts as a variable: letters, digits and `_`, not starting with a digit
 * (POSIX "Name"). The training toolkit names a channel's variable `SM_` + `channel_<name>` in upper
 * case (aws/sagemaker-training-toolkit@186a3e1, src/sagemaker_training/mapping.py `to_env_vars`,
 * and environment.py `env["channel_%s" % name]`).
 */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The channel name of the input location at `index` (0-based), checked. */
export function channelNameOf(prop: string, location: TrainingS3Location, index: number): string {
  const name = location.channelName;
  if (name === undefined) {
    return `input-${index + 1}`;
  }
  if (!Token.isUnresolved(name) && !CHANNEL_NAME.test(name)) {
    throw new TrainingRoleError(`${prop}.channelName`, name,
      'SageMaker channel names are 1 to 64 letters, digits, ".", "-" and "_" (pattern [A-Za-z0-9\\.\\-_]+); for example "train".');
  }
  return name;
}

/** Refuses a channel name on a location that is not an input. */
export function checkNoChannelName(prop: string, location: TrainingS3Location): void {
  if (location.channelName !== undefined) {
    throw new TrainingRoleError(`${prop}.channelName`, location.channelName,
      'only input locations (inputBuckets) are read as channels; leave channelName out here.');
  }
}

/** The environment variable the training toolkit gives a channel, when it is not a valid shell name. */
export function unusableChannelVariable(name: string): string | undefined {
  if (Token.isUnresolved(name)) {
    return undefined;
  }
  const variable = `SM_CHANNEL_${name.toUpperCase()}`;
  return SHELL_NAME.test(variable) ? undefined : variable;
}
