import * as caller from './caller';
import { Diagnosis, FailureRule, Facts } from './diagnosis';
import * as ecr from './ecr';
import * as lookAlikes from './look-alikes';
import * as network from './network';
import * as runtime from './runtime';
import * as s3 from './s3';
import { normalise } from './text';
import * as trust from './trust';

export type { Cause, CauseCategory, Change, Diagnosis, Facts, InvolvedResource } from './diagnosis';

/**
 * The failure texts of the field, most specific first: the look-alikes that mention S3 come
 * before the generic download and upload failures they resemble. The first rule that matches
 * wins, so moving an entry changes which diagnosis a text gets (and the order `--help` lists).
 */
const FAILURE_RULES: FailureRule[] = [
  network.s3NetworkPath,
  lookAlikes.fastFilePartialPrefix,
  lookAlikes.doubleSlashInUri,
  network.workerCommunication,
  trust.trustPolicy,
  ecr.repositoryPolicy,
  ecr.rolePull,
  caller.passRole,
  caller.addTags,
  caller.sageMakerAction,
  caller.sdkRoleValidation,
  s3.inputObjectDenied,
  s3.inputDownloadDenied,
  s3.outputUploadDenied,
  runtime.outOfMemory,
  runtime.capacityError,
  runtime.internalServerError,
];

/** Every failure id `diagnose` knows, in matching order. */
export const FAILURE_IDS = FAILURE_RULES.map((r) => r.id);

/** The diagnosis of a text, or `undefined` when no known failure matches it. */
export function diagnoseText(raw: string, facts: Facts): Diagnosis | undefined {
  const text = normalise(raw);
  for (const r of FAILURE_RULES) {
    const m = r.pattern.exec(text);
    if (m && (!r.when || r.when(text))) {
      return { id: r.id, ...r.diagnose(m, text, facts) };
    }
  }
  return undefined;
}
