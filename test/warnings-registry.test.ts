import * as fs from 'fs';
import * as path from 'path';
import { WARNING_IDS } from '../src/private/warnings';

describe('the warnings registry', () => {
  test('lists every warning id the library gives', () => {
    expect([...WARNING_IDS].sort()).toEqual([
      'cdk-sagemaker-training-role:CheckpointInsideInput',
      'cdk-sagemaker-training-role:CrossAccountBucket',
      'cdk-sagemaker-training-role:CrossAccountKey',
      'cdk-sagemaker-training-role:CrossAccountRepository',
      'cdk-sagemaker-training-role:DebuggerRulesWithJobNamePrefix',
      'cdk-sagemaker-training-role:DotSegmentInPrefix',
      'cdk-sagemaker-training-role:DuplicateLocation',
      'cdk-sagemaker-training-role:ExternalGrantIgnored',
      'cdk-sagemaker-training-role:InputInsideOutput',
      'cdk-sagemaker-training-role:LegacyBucketName',
      'cdk-sagemaker-training-role:OutputInsideInput',
      'cdk-sagemaker-training-role:PolicyBudgetNearlyFull',
      'cdk-sagemaker-training-role:PolicyPlacementShifted',
    ]);
  });

  test('every registered warning is given somewhere in src, and no warning is given outside the registry', () => {
    const sources = listTs(path.join(__dirname, '..', 'src')).map((f) => fs.readFileSync(f, 'utf8'));
    const given = new Set(sources.flatMap((text) => [...text.matchAll(/warn(?:Role|Prop)\(\s*[\w.]+,\s*'(\w+)'/g)].map((m) => m[1])));
    expect([...given].sort()).toEqual(WARNING_IDS.map((id) => id.split(':')[1]).sort());
    expect(sources.filter((text) => text.includes('addWarningV2(')).length).toBe(1);
  });
});

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listTs(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}
