import { PlannedStatement, TOKEN_BOUND } from '../../src/private/planned-statement';
import { conditionMergeKey, renderStatements } from '../../src/private/render';

const identity = (value: string) => value;

function grant(sid: string, resources: string[], extra: Partial<PlannedStatement> = {}): PlannedStatement {
  return { sid, actions: ['s3:ListBucket'], resources, tokenBound: TOKEN_BOUND.none, placementKey: 'k', ...extra };
}

function list(bucket: string, prefix: string): PlannedStatement {
  return grant('TrainingDataList', [`arn:aws:s3:::${bucket}`], { conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } });
}

function read(resource: string, sid = 'TrainingDataRead'): PlannedStatement {
  return grant(sid, [resource], { actions: ['s3:GetObject'] });
}

describe('renderStatements', () => {
  test('merges the condition values of one bucket\'s ListBucket grants into one sorted list', () => {
    expect(renderStatements([list('b', 'z/'), list('b', 'a/')], identity)).toEqual([{
      Sid: 'TrainingDataList',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::b',
      Condition: { StringLike: { 's3:prefix': ['a/*', 'z/*'] } },
    }]);
  });

  test('keeps ListBucket grants of two buckets with different prefixes apart, numbering their Sids', () => {
    const statements = renderStatements([list('b2', 'x/'), list('b1', 'a/')], identity);
    expect(statements.map((s) => [s.Sid, s.Resource, s.Condition])).toEqual([
      ['TrainingDataList1', 'arn:aws:s3:::b1', { StringLike: { 's3:prefix': ['a/*'] } }],
      ['TrainingDataList2', 'arn:aws:s3:::b2', { StringLike: { 's3:prefix': ['x/*'] } }],
    ]);
  });

  test('merges the resources of grants with equal actions and conditions, sorted', () => {
    expect(renderStatements([read('arn:aws:s3:::b/z*'), read('arn:aws:s3:::b/a*')], identity)).toEqual([{
      Sid: 'TrainingDataRead',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: ['arn:aws:s3:::b/a*', 'arn:aws:s3:::b/z*'],
    }]);
  });

  test('does not merge grants of different purposes with equal actions', () => {
    const statements = renderStatements([read('arn:aws:s3:::b/a*'), read('arn:aws:s3:::c/a*', 'CheckpointSync')], identity);
    expect(statements.map((s) => s.Sid)).toEqual(['TrainingDataRead', 'CheckpointSync']);
  });

  test('does not merge grants on several resources whose conditions differ', () => {
    const a = grant('X', ['r1', 'r2'], { conditions: { StringEquals: { k: ['1'] } } });
    const b = grant('X', ['r1', 'r2'], { conditions: { StringEquals: { k: ['2'] } } });
    expect(renderStatements([a, b], identity)).toHaveLength(2);
  });

  test('a merged resource appears once', () => {
    expect(renderStatements([read('arn:aws:s3:::b/a*'), read('arn:aws:s3:::b/a*')], identity)[0].Resource).toBe('arn:aws:s3:::b/a*');
  });

  test('orders statements by purpose: data first, plumbing last, unknown purposes after by name', () => {
    const sids = ['NetworkDescribe', 'Zeta', 'MetricsPublish', 'Alpha', 'ImagePull', 'ModelOutputWrite', 'TrainingDataRead'];
    const statements = renderStatements(sids.map((sid, i) => read(`r${i}`, sid)), identity);
    expect(statements.map((s) => s.Sid)).toEqual(['TrainingDataRead', 'ModelOutputWrite', 'ImagePull', 'MetricsPublish', 'NetworkDescribe', 'Alpha', 'Zeta']);
  });

  test('writes one action and one resource as scalars, several as lists', () => {
    const [one] = renderStatements([read('r')], identity);
    const [two] = renderStatements([grant('Y', ['r1', 'r2'], { actions: ['a:B', 'a:C'] })], identity);
    expect([one.Action, one.Resource]).toEqual(['s3:GetObject', 'r']);
    expect([two.Action, two.Resource]).toEqual([['a:B', 'a:C'], ['r1', 'r2']]);
  });

  test('writes no Condition key for a grant without conditions', () => {
    expect(Object.keys(renderStatements([read('r')], identity)[0])).toEqual(['Sid', 'Effect', 'Action', 'Resource']);
  });

  test('sorts by the stable key, not by the raw (token) string', () => {
    const stable = (v: string) => ({ t1: 'b', t2: 'a' } as Record<string, string>)[v] ?? v;
    expect(renderStatements([read('t1'), read('t2')], stable)[0].Resource).toEqual(['t2', 't1']);
  });
});

describe('conditionMergeKey', () => {
  test('is defined for one resource and one condition key', () => {
    expect(conditionMergeKey(list('b', 'a/'))).toBeDefined();
  });

  test('is the same for two prefixes of one bucket', () => {
    expect(conditionMergeKey(list('b', 'a/'))).toBe(conditionMergeKey(list('b', 'z/')));
  });

  test('differs between buckets', () => {
    expect(conditionMergeKey(list('b', 'a/'))).not.toBe(conditionMergeKey(list('c', 'a/')));
  });

  test('is undefined without conditions', () => {
    expect(conditionMergeKey(read('r'))).toBeUndefined();
  });

  test('is undefined with several resources', () => {
    expect(conditionMergeKey(grant('X', ['r1', 'r2'], { conditions: { StringLike: { k: ['v'] } } }))).toBeUndefined();
  });

  test('is undefined with several condition keys', () => {
    expect(conditionMergeKey(grant('X', ['r'], { conditions: { StringLike: { k: ['v'], l: ['w'] } } }))).toBeUndefined();
  });
});
