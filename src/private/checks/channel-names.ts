import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { unusableChannelVariable } from '../channels';
import { TrainingRoleError } from '../errors';
import { ResolvedRoleProps } from '../resolved-role-props';
import { warnProp } from '../warnings';

/**
 * The input channels' names: two inputs may not share one (each channel is its own directory,
 * `/opt/ml/input/data/<channel name>`), and a name given that makes no shell variable is warned
 * about. The default names (`input-1`, ...) are not: they are kept for compatibility.
 */
export function checkChannelNames(scope: IConstruct, role: ResolvedRoleProps): void {
  const seen = new Map<string, string>();
  role.inputs.forEach((l, i) => {
    const name = l.channelName!;
    if (Token.isUnresolved(name)) {
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new TrainingRoleError(`${l.prop}.channelName`, name,
        `${first} is read as a channel of this name already; give each input location its own channelName.`);
    }
    seen.set(name, l.prop!);
    const variable = unusableChannelVariable(name);
    if (variable !== undefined && name !== `input-${i + 1}`) {
      warnProp(scope, 'ChannelNameNotShellVariable', `${l.prop}.channelName`, name, variable);
    }
  });
}
