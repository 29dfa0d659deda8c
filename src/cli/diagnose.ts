import { flag, parse, strs, str } from './args';
import { formatS3Uri, kmsKeyArn, parseS3Uri } from './aws-names';
import { checkRole, CheckResult, loadSimulator } from './check';
import { Diagnosis, diagnoseText, Facts, FAILURE_IDS } from './failures';
import { FixContext } from './fixes';
import { CliIo, EXIT, UsageError } from './io';
import { readJob, JobSpec } from './job';
import { readRolePolicies, ROLE_POLICIES_HELP } from './role-policies';
import { collectRoleSpec, environmentOf, folder, ROLE_NOTES_HELP, ROLE_OPTIONS, ROLE_OPTIONS_HELP } from './role-spec';
import { buildRolePolicies } from './synth';

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

interface DiagnoseOutput {
  readonly recognised: boolean;
  readonly text: string | null;
  readonly diagnosis: Diagnosis | null;
  readonly check?: CheckResult;
  readonly notes: string[];
}

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
  io.out(flag(values, 'json') ? JSON.stringify(output, null, 2) + '\n' : renderText(output));
  return diagnosis || (check && check.denied.length > 0) ? EXIT.finding : EXIT.ok;
}

/** What the job file and the flags tell, with placeholders for what nobody gave. */
function factsOf(values: Parameters<typeof str>[0], job: JobSpec | undefined, text: string, notes: string[]): Facts {
  const env = environmentOf(values, job, false);
  const hints = textHints(text);
  const ctx: FixContext = {
    partition: env.partition ?? hints.partition ?? 'aws',
    region: env.region ?? hints.region ?? '<region>',
    account: env.account ?? hints.account ?? '<account>',
  };
  const key = (value: string | undefined, what: string) => {
    if (value === undefined) {
      return undefined;
    }
    try {
      return kmsKeyArn(value, what, ctx);
    } catch (e) {
      notes.push((e as Error).message);
      return undefined;
    }
  };
  const flagInputs = strs(values, 'input').map((v, i) => ({ uri: parseS3Uri(v, '--input'), source: `--input #${i + 1}`, inputMode: undefined }));
  const inputs = [...(job?.inputs ?? []), ...flagInputs];
  const outputFlag = str(values, 'output');
  const output = outputFlag !== undefined ? parseS3Uri(outputFlag, '--output') : job?.output;
  const checkpointFlag = str(values, 'checkpoint');
  const checkpoint = checkpointFlag !== undefined ? parseS3Uri(checkpointFlag, '--checkpoint') : job?.checkpoint;
  return {
    ctx,
    partitionAssumed: env.partition === undefined && hints.partition === undefined,
    roleArn: job?.roleArn ?? hints.roleArn ?? `arn:${ctx.partition}:iam::${ctx.account}:role/<execution-role>`,
    jobName: job?.jobName,
    inputs: inputs.map((i) => ({ bucket: i.uri.bucket, prefix: i.uri.key, source: i.source, inputMode: i.inputMode })),
    inputKeyArns: strs(values, 'input-key').map((k) => key(k, '--input-key')).filter((k): k is string => k !== undefined),
    output: output ? { bucket: output.bucket, prefix: folder(output) } : undefined,
    outputKeyArn: key(str(values, 'output-key') ?? job?.outputKey, 'output key'),
    images: [...(job?.images ?? []), ...strs(values, 'image')],
    subnets: strs(values, 'subnet').length > 0 ? strs(values, 'subnet') : job?.subnets ?? [],
    securityGroups: strs(values, 'security-group').length > 0 ? strs(values, 'security-group') : job?.securityGroups ?? [],
    s3Uris: [
      ...inputs.map((i) => ({ source: `input ${i.source}`, uri: formatS3Uri(i.uri) })),
      ...(output ? [{ source: 'OutputDataConfig.S3OutputPath', uri: formatS3Uri(output) }] : []),
      ...(checkpoint ? [{ source: 'CheckpointConfig.S3Uri', uri: formatS3Uri(checkpoint) }] : []),
    ],
  };
}

/**
 * What the text itself tells, below the flags and the job: the partition of any ARN, the account
 * of a role ARN, the region of a regional ARN or of an ECR image host.
 */
function textHints(text: string): { partition?: string; account?: string; region?: string; roleArn?: string } {
  const roleArn = /\b(arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+)/.exec(text)?.[1]?.replace(/\.+$/, '');
  return {
    partition: /\barn:(aws[a-z-]*):/.exec(text)?.[1],
    account: roleArn ? roleArn.split(':')[4] : undefined,
    region: /\barn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):/.exec(text)?.[1]
      ?? /\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d{1,2})\.amazonaws/.exec(text)?.[1],
    roleArn,
  };
}

function placeholderNotes(json: string, facts: Facts, job: JobSpec | undefined): string[] {
  const notes: string[] = [];
  const from = job ? `; the job file ${job.file} does not say` : ', or --job';
  if (json.includes('<region>')) {
    notes.push(`the region is unknown and shown as <region>: pass --region${from}`);
  }
  if (json.includes('<account>')) {
    notes.push(`the account is unknown and shown as <account>: pass --account${from}`);
  }
  if (json.includes('<key-arn>')) {
    notes.push('the key is unknown and shown as <key-arn>: pass the key flag (--input-key, --output-key) or --job');
  }
  if (json.includes('<bucket>')) {
    notes.push('the S3 location is unknown and shown as <bucket>: pass --job, --input or --output');
  }
  if (json.includes('<execution-role>')) {
    notes.push('the execution role is unknown and shown as <execution-role>: pass --job with the job\'s describe-training-job output');
  }
  if (facts.partitionAssumed && /"arn:/.test(json)) {
    notes.push('the partition is assumed to be aws: pass --partition (aws-cn, aws-us-gov) or --region otherwise');
  }
  return notes;
}

function renderText(o: DiagnoseOutput): string {
  const lines: string[] = [];
  if (o.text !== null && !o.diagnosis) {
    lines.push('Not recognised: this text matches none of the failures sagemaker-training-role knows, so it names no cause rather than guess one.');
    lines.push(`Text: ${o.text}`);
    lines.push('If it mentions AccessDenied or "not authorized", compare the role\'s policies with `sagemaker-training-role policy` for the same job.');
  }
  const d = o.diagnosis;
  if (d) {
    lines.push(`Recognised: ${d.title} [${d.id}]`);
    lines.push(`Permission problem: ${d.permissionProblem ? 'yes' : 'no'}`);
    if (d.resources.length > 0) {
      lines.push('Resources:');
      for (const r of d.resources) {
        lines.push(`  ${r.kind}: ${r.name}${r.arn && r.arn !== r.name ? ` (${r.arn})` : ''}`);
      }
    }
    lines.push(d.causes.length > 1 ? 'Causes, most likely first:' : 'Cause:');
    d.causes.forEach((c, i) => {
      lines.push(`  ${i + 1}. ${c.category}`);
      lines.push(...wrap(c.explanation, '     '));
      lines.push(...wrap(`Fix: ${c.fix}`, '     '));
      for (const change of c.changes) {
        lines.push(`     In ${change.where}:`);
        const body = change.document ?? change.statements;
        lines.push(...indent(JSON.stringify(change.statements && change.statements.length === 1 ? change.statements[0] : body, null, 2), '       '));
      }
    });
  }
  if (o.check) {
    const c = o.check;
    lines.push(`${lines.length > 0 ? '\n' : ''}Checked ${c.checked} requests the job makes against the policies of ${c.roleArn}: ${c.denied.length} denied.`);
    for (const v of c.denied) {
      const context = Object.entries(v.context).map(([k, val]) => `${k}=${val}`).join(', ');
      lines.push(`  DENIED (${v.result}) ${v.action} on ${v.resource}${context ? ` with ${context}` : ''}`);
      if (v.statement) {
        lines.push(`    allowed by this statement in ${v.where}:`);
        lines.push(...indent(JSON.stringify(v.statement, null, 2), '      '));
      }
    }
    for (const s of c.skipped) {
      lines.push(`  not checked: ${s}`);
    }
    for (const a of c.assumptions) {
      lines.push(...wrap(`assumed: ${a}`, '  '));
    }
  }
  if (o.notes.length > 0) {
    lines.push('Notes:');
    lines.push(...o.notes.flatMap((n) => wrap(`- ${n}`, '  ')));
  }
  return lines.join('\n') + '\n';
}

function indent(text: string, prefix: string): string[] {
  return text.split('\n').map((l) => prefix + l);
}

function wrap(text: string, prefix: string, width = 100): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      out.push(prefix + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) {
    out.push(prefix + line);
  }
  return out;
}
