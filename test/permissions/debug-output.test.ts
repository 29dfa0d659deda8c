import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRoleProps } from '../../src';
import { allStatements, arn, build, expectStatement, roleWith, statementsOf } from '../util/statements';

const DEBUG = 'example-debug-output';
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-00000000debb';
const WRITE = ['s3:PutObject', 's3:AbortMultipartUpload'];

type Outputs = 'tensorBoardOutput' | 'debugHookOutput' | 'profilerOutput';
const PREFIX: Record<Outputs, string> = {
  tensorBoardOutput: 'tensorboard/',
  debugHookOutput: 'debugger/',
  profilerOutput: 'profiler/',
};

/** The outputs named, in the imported debug bucket, each under its own prefix. */
function outputs(names: Outputs[], extra: Partial<SageMakerTrainingRoleProps> = {}, key = false) {
  return (stack: Stack): Partial<SageMakerTrainingRoleProps> => {
    const bucket = s3.Bucket.fromBucketName(stack, 'Debug', DEBUG);
    const encryptionKey = key ? kms.Key.fromKeyArn(stack, 'DebugKey', KEY_ARN) : undefined;
    return {
      ...Object.fromEntries(names.map((n) => [n, { bucket, prefix: PREFIX[n], encryptionKey }])),
      ...extra,
    };
  };
}

describe('TensorBoard, Debugger and Profiler outputs (SPEC: later features)', () => {
  test.each([
    ['tensorBoardOutput', 'TensorBoardWrite'],
    ['debugHookOutput', 'DebugHookWrite'],
    ['profilerOutput', 'ProfilerWrite'],
  ] as [Outputs, string][])('%s: grants PutObject and AbortMultipartUpload under its prefix only (%s)', (prop, sid) => {
    const { template } = roleWith(outputs([prop]), { env: true });
    expectStatement(template, { Sid: sid, Action: WRITE, Resource: arn(`:s3:::${DEBUG}/${PREFIX[prop]}*`) });
  });

  test('each output is its own statement: three write statements for three outputs', () => {
    const { template } = roleWith(outputs(['tensorBoardOutput', 'debugHookOutput', 'profilerOutput']), { env: true });
    expect(statementsOf(template, '(TensorBoard|DebugHook|Profiler)Write').map((s) => [s.Sid, s.Resource]).sort()).toEqual([
      ['DebugHookWrite', arn(`:s3:::${DEBUG}/debugger/*`)],
      ['ProfilerWrite', arn(`:s3:::${DEBUG}/profiler/*`)],
      ['TensorBoardWrite', arn(`:s3:::${DEBUG}/tensorboard/*`)],
    ]);
  });

  test('without debuggerRules the outputs are write-only: no read or list statement', () => {
    const { template } = roleWith(outputs(['tensorBoardOutput', 'debugHookOutput', 'profilerOutput']), { env: true });
    expect(statementsOf(template, 'DebuggerRules(Read|List)')).toEqual([]);
    const onDebugBucket = allStatements(template).filter((s) => JSON.stringify(s.Resource).includes(DEBUG));
    expect([...new Set(onDebugBucket.flatMap((s) => [s.Action].flat()))].sort()).toEqual(['s3:AbortMultipartUpload', 's3:PutObject']);
  });

  test('debuggerRules grants s3:GetObject on the hook and profiler outputs, not on TensorBoard (DebuggerRulesRead)', () => {
    const { template } = roleWith(outputs(['tensorBoardOutput', 'debugHookOutput', 'profilerOutput'], { debuggerRules: true }), { env: true });
    expectStatement(template, {
      Sid: 'DebuggerRulesRead',
      Action: 's3:GetObject',
      Resource: [arn(`:s3:::${DEBUG}/debugger/*`), arn(`:s3:::${DEBUG}/profiler/*`)],
    });
  });

  test('debuggerRules grants s3:ListBucket narrowed to the hook and profiler prefixes (DebuggerRulesList)', () => {
    const { template } = roleWith(outputs(['tensorBoardOutput', 'debugHookOutput', 'profilerOutput'], { debuggerRules: true }), { env: true });
    expectStatement(template, {
      Sid: 'DebuggerRulesList',
      Action: 's3:ListBucket',
      Resource: arn(`:s3:::${DEBUG}`),
      Condition: { StringLike: { 's3:prefix': ['debugger/*', 'profiler/*'] } },
    });
  });

  test('debuggerRules with the profiler output only reads the profiler output only', () => {
    const { template } = roleWith(outputs(['profilerOutput'], { debuggerRules: true }), { env: true });
    expect(statementsOf(template, 'DebuggerRulesRead').map((s) => s.Resource)).toEqual([arn(`:s3:::${DEBUG}/profiler/*`)]);
    expect(statementsOf(template, 'DebuggerRulesList').map((s) => s.Condition)).toEqual([{ StringLike: { 's3:prefix': ['profiler/*'] } }]);
  });

  test('grants the outputs\' key through S3 only: GenerateDataKey and Decrypt (DebugOutputKeyUse)', () => {
    const { template } = roleWith(outputs(['tensorBoardOutput', 'debugHookOutput', 'profilerOutput'], {}, true), { env: true });
    expectStatement(template, {
      Sid: 'DebugOutputKeyUse',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': ['s3.us-east-1.amazonaws.com'] } },
    });
    expect(statementsOf(template, 'DebugOutputKeyUse')).toHaveLength(1);
  });

  test('grants nothing for debug outputs without the props', () => {
    const { template } = roleWith(() => ({}), { env: true });
    expect(statementsOf(template, '(TensorBoardWrite|DebugHookWrite|ProfilerWrite|DebuggerRulesRead|DebuggerRulesList|DebugOutputKeyUse)')).toEqual([]);
  });

  test('fails when debuggerRules is set without debugHookOutput or profilerOutput', () => {
    expect(() => build(() => ({ debuggerRules: true }))).toThrow(
      'debuggerRules: rules read what the Debugger hook or the Profiler wrote; give debugHookOutput or profilerOutput too, or leave debuggerRules out. Got: true.');
  });

  test('fails when debuggerRules is set with the TensorBoard output only (rules do not read it)', () => {
    expect(() => build(outputs(['tensorBoardOutput'], { debuggerRules: true }))).toThrow(/^debuggerRules: rules read what the Debugger hook or the Profiler wrote/);
  });

  test('debuggerRules: false with no outputs is accepted and grants nothing', () => {
    const { template } = roleWith(() => ({ debuggerRules: false }), { env: true });
    expect(statementsOf(template, 'DebuggerRules(Read|List)')).toEqual([]);
  });
});

describe('debugger rules with a job-name prefix', () => {
  test('warns with a stable id that rule jobs may be refused by the tightened trust policy', () => {
    const { stack } = roleWith(outputs(['debugHookOutput'], { debuggerRules: true, trainingJobNamePrefix: 'churn-' }));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('cdk-sagemaker-training-role:DebuggerRulesWithJobNamePrefix'));
  });

  test('does not warn without rules', () => {
    const { stack } = roleWith(outputs(['debugHookOutput'], { trainingJobNamePrefix: 'churn-' }));
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('DebuggerRulesWithJobNamePrefix'))).toEqual([]);
  });
});
