/**
 * The props passed on to `iam.Role`, checked before the role is created so that the message names
 * the prop, shows the value and says what IAM allows (IAM CreateRole). Tokens are accepted.
 */
import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { checkRoleProps } from '../../src/private/checks/role-props';

const NAME = 'IAM role names are 1 to 64 characters: letters, digits and + = , . @ _ -.';
const PATH = 'an IAM path is "/" alone, or starts and ends with "/" with printable ASCII characters between, at most 512 in all; for example "/ml/training/".';
const DURATION = 'IAM allows a maximum session duration from 1 to 12 hours, in whole seconds (3600 to 43200).';

describe('roleName', () => {
  test.each(['', 'training role', 'training/role', 'r'.repeat(65), 'rôle', 'role:x'])('fails for %p', (roleName) => {
    expect(() => checkRoleProps({ roleName })).toThrow(`roleName: ${NAME} Got: ${JSON.stringify(roleName)}.`);
  });

  test.each(['TrainingRole', 'r'.repeat(64), 'a+b=c,d.e@f_g-h'])('accepts %p', (roleName) => {
    expect(() => checkRoleProps({ roleName })).not.toThrow();
  });

  test('accepts a parameter', () => {
    expect(() => checkRoleProps({ roleName: new CfnParameter(new Stack(), 'Name').valueAsString })).not.toThrow();
  });
});

describe('path', () => {
  test.each(['', 'ml', '/ml', 'ml/', '/ml training/', '/ml\u00e9/', `/${'p'.repeat(511)}/`])('fails for %p', (path) => {
    expect(() => checkRoleProps({ path })).toThrow(`path: ${PATH} Got: ${JSON.stringify(path)}.`);
  });

  test.each(['/', '/ml/', '/ml/training/', `/${'p'.repeat(510)}/`])('accepts %p', (path) => {
    expect(() => checkRoleProps({ path })).not.toThrow();
  });
});

describe('maxSessionDuration', () => {
  test.each([
    [Duration.minutes(59), '59 minutes'],
    [Duration.hours(13), '13 hours'],
    [Duration.seconds(3600.5), '1 hour 500 millis'],
    [Duration.days(1), '1 day'],
  ])('fails for %s', (maxSessionDuration, shown) => {
    expect(() => checkRoleProps({ maxSessionDuration })).toThrow(`maxSessionDuration: ${DURATION} Got: "${shown}".`);
  });

  test.each([Duration.hours(1), Duration.hours(12), Duration.seconds(7200)])('accepts %s', (maxSessionDuration) => {
    expect(() => checkRoleProps({ maxSessionDuration })).not.toThrow();
  });

  test('accepts a duration in seconds that is a parameter', () => {
    const seconds = new CfnParameter(new Stack(), 'Seconds', { type: 'Number' }).valueAsNumber;
    expect(() => checkRoleProps({ maxSessionDuration: Duration.seconds(seconds) })).not.toThrow();
  });
});
