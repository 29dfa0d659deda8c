/**
 * The wrappers a failure text arrives in, and what they tell about where the failing call ran.
 *
 * A FailureReason reaches people inside other messages: the SageMaker Python SDK's
 * UnexpectedStatusException, Airflow's AirflowException, a Step Functions task's Cause, a
 * SageMaker Pipelines step, a pretty-printed API response, local mode's docker-compose output.
 * `unwrap` takes the message out, so the rules read the same words whatever carried them.
 */

import { normalise } from './text';

/** Where the refused call ran: in a training job (its execution role) or on the caller's side (local mode, a notebook, a laptop). */
export type Where = 'job' | 'local';

export interface Unwrapped {
  /** The message inside the wrappers, whitespace collapsed. */
  readonly text: string;
  /** The wrappers found, outermost first, in words. */
  readonly wrappers: string[];
  /** Where the call ran, when the text shows it. */
  readonly where?: Where;
}

interface Wrapper {
  readonly name: string;
  readonly pattern: RegExp;
  /** A wrapper around a FailureReason: the failing call ran in the job. */
  readonly job?: boolean;
}

/**
 * Wrappers whose last group is the message inside, outermost first. Their words:
 * - the SageMaker Python SDK: `Error for {job_type} {job_name}: {status}. Reason: {reason}. Check
 *   troubleshooting guide for common errors: ...` (aws/sagemaker-python-sdk@a24812666d,
 *   sagemaker-core/src/sagemaker/core/helper/session_helper.py:2571), `Error training {job}:
 *   {status} Reason: {reason}` in SDK v1 (aws/sagemaker-python-sdk#35), `Failure Reason:` in SDK
 *   v3's FailedStatusError (aws-samples/generative-ai-on-amazon-sagemaker#242);
 * - Airflow's SageMaker operators: `SageMaker job failed because {reason}` (astronomer/docs#1695);
 * - the SageMaker console: `Failure reason {reason}` (aws-samples/aws-sagemaker-build#28);
 * - SageMaker Pipelines: `Failed to invoke sagemaker:CreateTrainingJob. Error Details: {error}`,
 *   the error of the step's own call, and `Pipeline step '{name}' FAILED. Failure message is:`
 *   in local pipelines (aws/amazon-sagemaker-examples#3736).
 */
const WRAPPERS: Wrapper[] = [
  { name: 'a SageMaker Pipelines step', pattern: /Pipeline step '[^']*' FAILED\. Failure message is:\s*(.*)$/i },
  { name: 'Airflow\'s SageMaker operator', pattern: /SageMaker job failed because\s+(.*)$/i, job: true },
  {
    name: 'the SageMaker Python SDK\'s job status error',
    pattern: /Error for (?:[A-Za-z]+ )?job \S+: (?:Failed|Stopped)\.? Reason:\s*(.*?)(?:\.?\s*Check troubleshooting guide for common errors:.*)?$/i,
    job: true,
  },
  { name: 'the SageMaker Python SDK\'s job status error', pattern: /(?:^|\s)\S+: Failed\.? Reason:\s*(.*)$/i, job: true },
  { name: 'the SageMaker Python SDK\'s FailedStatusError', pattern: /FailedStatusError:.*?Failure Reason:\s*(.*)$/i, job: true },
  { name: 'the SageMaker console', pattern: /^Failure reason\s+(.*)$/i, job: true },
  { name: 'a SageMaker Pipelines step', pattern: /Failed to invoke sagemaker:\w+\. Error Details:\s*(.*)$/i },
];

/**
 * Local mode runs the containers with docker compose, which prefixes each line with the service
 * name, `algo-1-<id>` (`algo-1-RNNI9_1  | ...`, aws/sagemaker-python-sdk#442; `x6v8sbtoit-algo-1-mshpt |`
 * in newer versions, aws/amazon-sagemaker-examples#3736), and the container finds the caller's
 * credentials (`Found credentials in shared credentials file`,
 * aws/sagemaker-tensorflow-training-toolkit#85).
 */
const LOCAL_MODE = /\b(?:[a-z0-9]+-)?algo-\d+-[A-Za-z0-9]{4,}(?:_\d+)?\s*\||Found credentials in shared credentials file|\blocal mode\b|docker-compose/i;
const LOCAL_PREFIX = /(?:^|\s)(?:[a-z0-9]+-)?algo-\d+-[A-Za-z0-9]{4,}(?:_\d+)?\s*\|\s*/gi;

/**
 * Signs of a training job: its container's toolkits and paths (the training toolkit reports
 * `ExecuteUserScriptError`; jobs see `/opt/ml`), the training host agent. A FailureReason's
 * wrappers (the SDK's, Airflow's) say so too.
 */
const IN_JOB = /\/opt\/ml\/|sagemaker-training-toolkit|sagemaker-containers|ExecuteUserScriptError|TrainingHostAgent/;

/** Takes the message out of its wrappers. `raw` is the text as pasted. */
export function unwrap(raw: string): Unwrapped {
  const wrappers: string[] = [];
  let text = raw;
  let job = false;

  const cause = stepFunctionsCause(text);
  if (cause) {
    wrappers.push('a Step Functions task failure (its Cause)');
    text = cause.text;
    job = cause.job;
  }
  const local = LOCAL_MODE.test(text);
  text = prettyPrintedFailureReason(text);
  text = normalise(text.replace(LOCAL_PREFIX, ' '));
  for (const w of WRAPPERS) {
    const m = w.pattern.exec(text);
    if (m && m[1].trim() !== '') {
      if (!wrappers.includes(w.name)) {
        wrappers.push(w.name);
      }
      text = normalise(m[1]);
      job = job || !!w.job;
    }
  }
  // pytest's `E   ` before a failing line, and a leading `Failure reason`.
  text = text.replace(/^E\s+(?=[A-Z])/, '');
  const where: Where | undefined = local ? 'local' : job || IN_JOB.test(raw) ? 'job' : undefined;
  return { text, wrappers, where };
}

/**
 * A Step Functions task failure as its output shows it: `{"Error": ..., "Cause": ...}`. For a
 * `.sync` training job the Cause is the job's description, whose FailureReason is the message;
 * for a refused call it is the service's error message (serverless-operations/serverless-step-functions#385,
 * 4dn-dcic/tibanna#402).
 */
function stepFunctionsCause(raw: string): { text: string; job: boolean } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.trim());
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return undefined;
  }
  const o = parsed as Record<string, unknown>;
  const cause = o.Cause ?? o.cause;
  if (typeof cause !== 'string') {
    return undefined;
  }
  try {
    const description = JSON.parse(cause) as Record<string, unknown>;
    if (typeof description.FailureReason === 'string') {
      return { text: description.FailureReason, job: true };
    }
  } catch {
    // The Cause is a message, not a job description.
  }
  return { text: cause, job: false };
}

/**
 * Python's pretty-printer splits a long string into adjacent literals: `'FailureReason':
 * 'ClientError: the pipeline ' 'execution role ...'` (data-science-on-aws/data-science-on-aws#223).
 */
function prettyPrintedFailureReason(text: string): string {
  const m = /'FailureReason':\s*((?:'[^']*'\s*)+)/.exec(text);
  if (!m) {
    return text;
  }
  return m[1].replace(/'\s*'/g, '').replace(/^'|'\s*$/g, '');
}
