/**
 * The integration tests' snapshots match what their apps synthesize now (offline: nothing is
 * deployed, no AWS credentials are read). See snapshot.ts for how this follows integ-runner.
 */
import * as path from 'path';
import { compareWithSnapshot, integTests } from './snapshot';

describe('integration test snapshots', () => {
  test('there is an integration test', () => {
    expect(integTests().map((f) => path.basename(f))).toContain('integ.training-job.ts');
  });

  test.each(integTests().map((f) => [path.basename(f), f]))('%s matches its committed snapshot', (_name, file) => {
    const differences = compareWithSnapshot(file);
    // On a difference: review it, then `npx projen integ:snapshot` and commit the snapshot.
    expect(differences).toEqual([]);
  }, 240_000);
});
