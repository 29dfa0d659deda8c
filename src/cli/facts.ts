import { Parsed, str, strs } from './args';
import { formatS3Uri, kmsKeyArn, parseS3Uri } from './aws-names';
import { Facts, Where } from './failures';
import { FixContext } from './fixes';
import { UsageError } from './io';
import { JobSpec } from './job';
import { environmentOf, folder } from './role-spec';

/** What the job file and the flags tell, with placeholders for what nobody gave. */
export function factsOf(values: Parsed['values'], job: JobSpec | undefined, text: string, notes: string[]): Facts {
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
    where: whereOf(str(values, 'where')),
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

/** Notes naming each placeholder (`<region>`, `<key-arn>` ...) a diagnosis shows, and the flag that fills it. */
export function placeholderNotes(json: string, facts: Facts, job: JobSpec | undefined): string[] {
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

/** `--where`: where the text came from, `job` or `local`. */
function whereOf(value: string | undefined): Where | undefined {
  if (value === undefined || value === 'job' || value === 'local') {
    return value;
  }
  throw new UsageError(`diagnose: --where must be job (a training job's FailureReason or logs) or local (local mode, a notebook, your machine), got ${JSON.stringify(value)}`);
}
