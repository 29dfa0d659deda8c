import { flag, parse, strs, str } from '../args';
import { checkRole, CheckResult, loadSimulator } from '../check';
import { DiagnoseOutput, diagnoseOutputText, wrap } from '../diagnose-output';
import { factsOf, placeholderNotes } from '../facts';
import { diagnoseText, recognisedTexts } from '../failures';
import { CliIo, EXIT, UsageError } from '../io';
import { readJob } from '../job';
import { readRolePolicies, ROLE_POLICIES_HELP } from '../role-policies';
import { collectRoleSpec, ROLE_NOTES_HELP, ROLE_OPTIONS, ROLE_OPTIONS_HELP } from '../role-spec';
import { buildRolePolicies } from '../synth';

/** One item a line, wrapped under its dash. */
function listed(items: string[]): string {
  return items.flatMap((s) => wrap(s, '    ').map((line, i) => (i === 0 ? `  - ${line.slice(4)}` : line))).join('\n');
}

export const DIAGNOSE_HELP = `Usage: sagemaker-training-role diagnose "<FailureReason or error text>" [options]
       sagemaker-training-role diagnose --job FILE [--role-policies FILE ...] [options]

Names the cause of a training job's failure: the role, a bucket policy, a key policy, a
repository policy, the trust policy, the caller side, a service control policy, a resource control
policy, a permissions boundary, a session or VPC endpoint policy, the image or model URI of a
resource AWS owns, or not a permission problem at all; the action and resource involved; and the
statement or policy change that fixes it. An explicit Deny is fixed by narrowing that Deny, never
by adding an Allow. Role statements are the ones SageMakerTrainingRole would emit. A text it does
not know is reported as not recognised.

  --job FILE              aws sagemaker describe-training-job output (or a CreateTrainingJob
                          request): its FailureReason (unless a text is given), RoleArn, S3 URIs,
                          keys, image and VpcConfig make the statements exact
  --where job|local       where the text came from: a training job (its FailureReason or its
                          logs: the execution role made the call), or local mode, a notebook or
                          your machine (your own credentials did); by default the text's own
                          signs decide, and a refused S3 or KMS call without them names both
  --role-policies FILE    check the role's actual policies against every request the job makes,
                          and list each denied request with the statement that would allow it
                          (repeatable; needs --job or the job flags, and the optional package
                          @cloud-copilot/iam-simulate, which is AGPL-3.0 and not bundled)
${ROLE_OPTIONS_HELP}
  --json                  machine-readable output: {"recognised", "text", "diagnosis", "check",
                          "notes"}; the diagnosis's "verdict" says in short where the fix goes
                          (side), the action, resource, kind of deny, or the label of a failure
                          that is not a permission problem
  -h, --help              this help

${ROLE_NOTES_HELP}

${ROLE_POLICIES_HELP}

Recognised texts, as pasted: a FailureReason, a botocore ClientError from a container or a
notebook, IAM's "is not authorized to perform" with its reason (because no identity-based,
resource-based ... policy allows; with an explicit deny in an identity-based policy, a service
control policy, a resource control policy, a permissions boundary ...), alone or wrapped in the
SageMaker Python SDK's UnexpectedStatusException, Airflow's AirflowException, a Step Functions
Cause, a SageMaker Pipelines step failure, local mode's docker compose output.
Permission problems:
${listed(recognisedTexts().permission)}
Not permission problems, named as such:
${listed(recognisedTexts().other)}

Exit codes: 0 nothing found (the text was not recognised, or there was none, and no request is
denied); 1 finding (a failure was recognised, or the role's policies deny a request the job
makes); 2 usage error (a bad flag, an unreadable or malformed file, the simulator not installed).

Examples:
  sagemaker-training-role diagnose "ClientError: Data download failed:Unable to download object s3://my-data/train/part-0 (AccessDenied: Access Denied)"
  sagemaker-training-role diagnose --where job "botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the PutObject operation: Access Denied"
  aws sagemaker describe-training-job --training-job-name my-job > job.json
  aws iam get-role-policy --role-name my-role --policy-name data > inline.json
  sagemaker-training-role diagnose --job job.json --role-policies inline.json --vpc vpc-0123456789abcdef0
`;

export async function diagnoseCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('diagnose', args, {
    ...ROLE_OPTIONS,
    'job': { type: 'string' },
    'where': { type: 'string' },
    'role-policies': { type: 'string', multiple: true },
    'json': { type: 'boolean' },
    'help': { type: 'boolean', short: 'h' },
  }, true);
  if (flag(values, 'help')) {
    io.out(DIAGNOSE_HELP);
    return EXIT.ok;
  }
  const policyFiles = strs(values, 'role-policies');
  // Fail early, before any other work, when the check cannot run.
  const simulator = policyFiles.length > 0 ? loadSimulator() : undefined;

  const jobFile = str(values, 'job');
  const job = jobFile === undefined ? undefined : readJob(jobFile);
  const given = positionals.join(' ').trim();
  if (given === '' && !job) {
    throw new UsageError('diagnose: give the failure text (quoted) or --job FILE');
  }
  const text = given !== '' ? given : job?.failureReason;
  const notes: string[] = [];
  if (text === undefined) {
    notes.push(`the job file ${job!.file} has no FailureReason${job!.status ? ` (status ${job!.status})` : ''}: nothing to diagnose`);
  }

  const facts = factsOf(values, job, text ?? '', notes);
  const diagnosis = text === undefined ? undefined : diagnoseText(text, facts);
  if (diagnosis) {
    notes.push(...placeholderNotes(JSON.stringify(diagnosis), facts, job));
  }

  let check: CheckResult | undefined;
  if (simulator) {
    const { spec, notes: specNotes } = collectRoleSpec(values, job);
    notes.push(...specNotes);
    const roleArn = job?.roleArn ?? `arn:${spec.env.partition}:iam::${spec.env.account}:role/execution-role`;
    const actual = readRolePolicies(policyFiles, roleArn.replace(/^.*:role\/(?:.*\/)?/, ''));
    check = await checkRole(simulator, spec, job?.jobName ?? 'training-job', roleArn, actual, buildRolePolicies(spec));
  }

  const output: DiagnoseOutput = { recognised: !!diagnosis, text: text ?? null, diagnosis: diagnosis ?? null, check, notes };
  io.out(flag(values, 'json') ? JSON.stringify(output, null, 2) + '\n' : diagnoseOutputText(output));
  return diagnosis || (check && check.denied.length > 0) ? EXIT.finding : EXIT.ok;
}
