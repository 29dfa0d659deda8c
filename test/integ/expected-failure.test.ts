/**
 * The failing integration case waits for a FailureReason that `diagnose` recognises: the reported
 * texts match the pattern it waits for, and the command names each as an input read denied to the
 * execution role, with the removed statement as the fix.
 */
import { DATA_DOWNLOAD_DENIED_PATTERN, REMOVED_STATEMENT_SID, REPORTED_DATA_DOWNLOAD_DENIALS } from './expected-failure';
import { runCliJson } from '../util/cli';

describe('the failure the integration test expects', () => {
  test.each(REPORTED_DATA_DOWNLOAD_DENIALS)('matches the pattern and diagnose recognises it: %s', async (text) => {
    expect(text).toMatch(new RegExp(DATA_DOWNLOAD_DENIED_PATTERN));
    const { code, json } = await runCliJson(['diagnose', text]);
    expect(code).toBe(1);
    expect(json.recognised).toBe(true);
    expect(json.diagnosis.permissionProblem).toBe(true);
    const role = json.diagnosis.causes.find((c: any) => c.category === 'role');
    const sids = role.changes.flatMap((c: any) => c.statements.map((s: any) => s.Sid));
    expect(sids).toContain(REMOVED_STATEMENT_SID);
  });

  test('the pattern does not match download failures that are not denials', () => {
    const pattern = new RegExp(DATA_DOWNLOAD_DENIED_PATTERN);
    expect('ClientError: Data download failed:Unable to download object s3://example-data/train/a.csv (NoSuchKey: The specified key does not exist.)').not.toMatch(pattern);
    expect('ClientError: Artifact upload failed:Error 7: AccessDenied (403): Access Denied').not.toMatch(pattern);
  });
});
