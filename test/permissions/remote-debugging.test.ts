import { allActions, expectStatement, roleWith, statementsOf } from '../util/statements';

const CHANNEL_ACTIONS = [
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

describe('remote debugging (SPEC: later features)', () => {
  test('grants the four ssmmessages channel actions on * (wildcard-only actions) (RemoteDebugChannels)', () => {
    const { template } = roleWith(() => ({ remoteDebugging: true }));
    expectStatement(template, { Sid: 'RemoteDebugChannels', Action: CHANNEL_ACTIONS, Resource: '*' });
  });

  test('grants no other ssm or ssmmessages action', () => {
    const { template } = roleWith(() => ({ remoteDebugging: true }));
    expect(allActions(template).filter((a) => /^ssm(messages)?:/.test(a)).sort()).toEqual(CHANNEL_ACTIONS);
  });

  test.each([
    ['left out', {}],
    ['false', { remoteDebugging: false }],
  ])('grants no ssmmessages action when remoteDebugging is %s', (_name, props) => {
    const { template } = roleWith(() => props);
    expect(allActions(template).filter((a) => a.startsWith('ssmmessages:'))).toEqual([]);
    expect(statementsOf(template, 'RemoteDebugChannels')).toEqual([]);
  });
});
