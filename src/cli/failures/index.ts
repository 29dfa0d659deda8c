import * as account from './account';
import * as caller from './caller';
import { Diagnosis, FailureRule, Facts } from './diagnosis';
import * as ecr from './ecr';
import * as image from './image';
import * as lookAlikes from './look-alikes';
import * as network from './network';
import * as requests from './requests';
import * as runtime from './runtime';
import * as s3 from './s3';
import * as trust from './trust';
import { unwrap } from './wrappers';

export type { Cause, CauseCategory, Change, Diagnosis, Facts, InvolvedResource, Verdict } from './diagnosis';
export type { Where } from './wrappers';

/**
 * The failure texts of the field, most specific first. The first rule that matches wins, so moving
 * an entry changes which diagnosis a text gets (and the order `--help` lists):
 * - the look-alikes that mention S3 come before the download and upload failures they resemble;
 * - SageMaker's own failure texts (trust, image pull, training data, model upload) come before
 *   IAM's messages, which they may quote;
 * - IAM's messages, by action, come before S3's bare Access Denied and every look-alike: a
 *   traceback of a failed script (AlgorithmError) may end in a refused request;
 * - the image look-alikes come before the 404 and ValidationException ones they may carry.
 */
const PERMISSION_RULES: FailureRule[] = [
  trust.trustPolicy,
  ecr.repositoryPolicy,
  ecr.rolePull,
  ecr.roleLacksPull,
  caller.sdkRoleValidation,
  caller.sdkGetRole,
  caller.pipelineRole,
  s3.inputObjectDenied,
  s3.inputDownloadDenied,
  s3.outputUploadDenied,
  caller.passRole,
  caller.addTags,
  caller.sageMakerAction,
  caller.logStreaming,
  caller.getRole,
  caller.imagePush,
  requests.kmsRequest,
  requests.s3Request,
  requests.anyRequest,
  requests.s3StatusDenied,
];

const FAILURE_RULES: FailureRule[] = [
  network.s3NetworkPath,
  lookAlikes.fastFilePartialPrefix,
  lookAlikes.doubleSlashInUri,
  network.workerCommunication,
  ...PERMISSION_RULES,
  account.quota,
  account.throttling,
  account.credentials,
  image.imageNotFound,
  runtime.outOfMemory,
  runtime.capacityError,
  runtime.diskSpace,
  runtime.internalServerError,
  lookAlikes.notFound,
  lookAlikes.validation,
  runtime.algorithmError,
];

/** Every failure id `diagnose` knows, in matching order. */
export const FAILURE_IDS = [...new Set(FAILURE_RULES.map((r) => r.id))];

/** What `diagnose` recognises, in words: the permission problems, then the look-alikes. */
export function recognisedTexts(): { permission: string[]; other: string[] } {
  const summaries = (rules: FailureRule[]) => [...new Set(rules.map((r) => r.summary))];
  return {
    permission: summaries(PERMISSION_RULES),
    other: summaries(FAILURE_RULES.filter((r) => !PERMISSION_RULES.includes(r))),
  };
}

/** The diagnosis of a text, or `undefined` when no known failure matches it. */
export function diagnoseText(raw: string, facts: Facts): Diagnosis | undefined {
  const u = unwrap(raw);
  // --where first, then the text's own signs, then a job file: its FailureReason is the job's.
  const where = facts.where ?? u.where ?? (facts.jobName !== undefined ? 'job' : undefined);
  const whereFrom = facts.where !== undefined ? 'option' : u.where !== undefined ? 'text' : where !== undefined ? 'job file' : undefined;
  const f: Facts = { ...facts, where, whereFrom };
  for (const r of FAILURE_RULES) {
    const m = r.pattern.exec(u.text);
    if (m && (!r.when || r.when(u.text))) {
      const d = r.diagnose(m, u.text, f);
      const notes = [...readingNotes(u.wrappers), ...d.notes];
      return { id: r.id, ...d, notes, verdict: { side: d.causes[0]?.category, ...d.verdict } };
    }
  }
  return undefined;
}

/** How the text was read: the wrappers taken off. */
function readingNotes(wrappers: string[]): string[] {
  return wrappers.length > 0 ? [`Read the message inside ${wrappers.join(', then ')}.`] : [];
}
