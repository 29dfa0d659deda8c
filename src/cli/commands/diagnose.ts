import { flag, parse, strs, str } from '../args';
import { checkRole, CheckResult, loadSimulator } from '../check';
import { DiagnoseOutput, diagnoseOutputText } from '../diagnose-output';
import { factsOf, placeholderNotes } from '../facts';
import { diagnoseText, FAILURE_IDS } from '../failures';
import { CliIo, EXIT, UsageError } from '../io';
import { readJob } from '../job';
import { readRolePolicies, ROLE_POLICIES_HELP } from '../role-policies';
import { collectRoleSpec, ROLE_NOTES_HELP, ROLE_OPTIONS, ROLE_OPTIONS_HELP } from '../role-spec';
import { buildRolePolicies } from '../synth';

export const DIAGNOSE_HELP = `Usage: sagemaker-training-role diagnose "<FailureReason or error text>" [options]
       sagemaker-training-role diagnose --job FILE [--role-policies FILE ...] [options]

Names the cause of a training job's failure: the role, a bucket policy, a key policy, a
repository policy, the trust policy, the caller side, or not a permission problem at all; the
resource involved; and the statement or policy change that fixes it. Role statements are the ones
SageMakerTrainingRole would emit. A text it does not know is reported as not recognised.

  --job FILE              aws sagemaker describe-training-job output (or a CreateTrainingJob
                          request): its FailureReason (unless a text is given), RoleArn, S3 URIs,
                          keys, image and VpcConfig make the statements exact
  --role-policies FILE    check the role's actual policies against every request the job makes,
                          and list each denied request with the statement that would allow it
                          (repeatable; needs --job or the job flags, and the optional package
                          @cloud-copilot/iam-simulate, which is AGPL-3.0 and not bundled)
${ROLE_OPTIONS_HELP}
  --json                  machine-readable output: {"recognised", "text", "diagnosis", "check", "notes"}
  -h, --help              this help

${ROLE_NOTES_HELP}

${ROLE_POLICIES_HELP}

Recognised failures:
${FAILURE_IDS.map((id) => `  ${id}`).join('\n')}

Exit codes: 0 nothing found (the text was not recognised, or there was none, and no request is
denied); 1 finding (a failure was recognised, or the role's policies deny a request the job
makes); 2 usage error (a bad flag, an unreadable or malformed file, the simulator not installed).

Examples:
  sagemaker-training-role diagnose "ClientError: Data download failed:Unable to download object s3://my-data/train/part-0 (AccessDenied: Access Denied)"
  aws sagemaker describe-training-job --training-job-name my-job > job.json
  aws iam get-role-policy --role-name my-role --policy-name data > inline.json
  sagemaker-training-role diagnose --job job.json --role-policies inline.json --vpc vpc-0123456789abcdef0
`;

export async function diagnoseCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('diagnose', args, {
    ...ROLE_OPTIONS,
    'job': { type: 'string' },
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
