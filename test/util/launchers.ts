/**
 * The launcher fixtures (`test/fixtures/launchers/*.json`): the requests the SageMaker Python SDK
 * sends, copied from its own unit-test expectations. Tests take bucket names, prefixes, job names
 * and hyperparameters from them, so that what is simulated is what the SDK sends.
 */
import * as fs from 'fs';
import * as path from 'path';

export const LAUNCHER_FIXTURES = path.join(__dirname, '..', 'fixtures', 'launchers');

export type LauncherName =
  | 'sdk-v2-tensorflow-script-mode'
  | 'sdk-v2-pytorch'
  | 'sdk-v2-jumpstart'
  | 'sdk-v2-tuner'
  | 'sdk-v3-model-trainer'
  | 'sdk-v3-model-trainer-output-path-staging';

/** The path of a launcher fixture. */
export function launcherFile(name: LauncherName): string {
  return path.join(LAUNCHER_FIXTURES, `${name}.json`);
}

/** A launcher fixture as JSON. */
export function launcherRequest(name: LauncherName): any {
  return JSON.parse(fs.readFileSync(launcherFile(name), 'utf8'));
}

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/** `s3://bucket/key` split. */
export function parseS3(uri: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) {
    throw new Error(`not an S3 URI: ${uri}`);
  }
  return { bucket: m[1], key: m[2] };
}

/** A hyperparameter as the script sees it: the SDK JSON-encodes string values. */
export function hyperparameter(request: any, name: string): string | undefined {
  const value: string | undefined = request.HyperParameters?.[name];
  return value === undefined ? undefined : value.replace(/^"(.*)"$/, '$1');
}

/** The S3 URI of an input channel, by name. */
export function channelUri(request: any, channel: string): string {
  const found = (request.InputDataConfig ?? []).find((c: any) => c.ChannelName === channel);
  if (!found) {
    throw new Error(`no channel ${channel}`);
  }
  return found.DataSource.S3DataSource.S3Uri;
}
