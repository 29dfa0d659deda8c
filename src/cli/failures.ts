import { parseArn, parseEcrImage, parseS3Uri, repositoryArn, S3Uri } from './aws-names';
import {
  addTagsStatement, bucketArn, callerStatement, FixContext, forPrincipal, imagePullStatements, inputKeyStatements,
  inputReadStatements, keyPolicyStatement, location, outputKeyStatements, outputWriteStatements, passRoleStatement,
  repositoryPolicyStatements, trustPolicyDocument,
} from './fixes';
import { PolicyDocument, Statement } from './synth';

/** Where a cause lies, in the words `diagnose` prints. */
export type CauseCategory =
  | 'role'
  | 'bucket policy'
  | 'key policy'
  | 'repository policy'
  | 'trust policy'
  | 'caller side'
  | 'not a permission problem';

/** A change to one policy (or a whole document to put in place). */
export interface Change {
  /** Which policy to change, and how to get at it. */
  readonly where: string;
  readonly statements?: Statement[];
  readonly document?: PolicyDocument;
}

export interface Cause {
  readonly category: CauseCategory;
  readonly explanation: string;
  readonly fix: string;
  readonly changes: Change[];
}

export interface InvolvedResource {
  readonly kind: string;
  readonly name: string;
  readonly arn?: string;
}

/** What `diagnose` says about a recognised failure text. */
export interface Diagnosis {
  /** A stable id of the failure, for scripts. */
  readonly id: string;
  readonly title: string;
  readonly permissionProblem: boolean;
  readonly resources: InvolvedResource[];
  /** Most likely first. */
  readonly causes: Cause[];
  /** Choices made for lack of information (a prefix guessed from an object key). */
  readonly notes: string[];
}

/** What is known besides the text: from `--job` and the job flags. */
export interface Facts {
  readonly ctx: FixContext;
  /** True when nothing named the partition and `ctx.partition` is a default. */
  readonly partitionAssumed?: boolean;
  readonly roleArn: string;
  readonly jobName?: string;
  readonly inputs: { readonly bucket: string; readonly prefix: string; readonly source: string; readonly inputMode?: string }[];
  readonly inputKeyArns: string[];
  readonly output?: { readonly bucket: string; readonly prefix: string };
  readonly outputKeyArn?: string;
  readonly images: string[];
  readonly subnets: string[];
  readonly securityGroups: string[];
  /** Every S3 URI the job names, as written, for the `//` look-alike. */
  readonly s3Uris: { readonly source: string; readonly uri: string }[];
}

/** Collapses whitespace, unescapes `\"`, and drops the quotes and `"FailureReason":` a paste may carry. */
export function normalise(text: string): string {
  let t = text.replace(/\\"/g, '"').replace(/\\n/g, ' ').replace(/\s+/g, ' ').trim();
  t = t.replace(/^[{\s]*"?FailureReason"?\s*:\s*/i, '').replace(/[\s,}]*$/, '');
  while (t.length >= 2 && /^["'`]/.test(t) && t.endsWith(t[0])) {
    t = t.slice(1, -1).trim();
  }
  return t;
}

interface Recogniser {
  readonly id: string;
  readonly pattern: RegExp;
  /** A further condition on the whole text. */
  readonly when?: (text: string) => boolean;
  readonly diagnose: (m: RegExpExecArray, text: string, facts: Facts) => Omit<Diagnosis, 'id'>;
}

const DENIED = /access ?denied|\b403\b|forbidden/i;

/**
 * The failure texts of the field, most specific first: the look-alikes that mention S3 come
 * before the generic download and upload failures they resemble.
 */
const RECOGNISERS: Recogniser[] = [
  {
    id: 's3-network-path',
    pattern: /route to an S3 VPC endpoint or a NAT device|route table has a route to an S3/i,
    diagnose: (_m, _t, f) => notPermission('The job cannot reach S3 from its subnets', [
      ...f.subnets.map((s) => ({ kind: 'subnet', name: s })),
      ...f.securityGroups.map((s) => ({ kind: 'security group', name: s })),
    ], 'In a VPC, the training instances reach S3 only through the subnets\' routes; this is a network path, not IAM.',
    `Add a gateway VPC endpoint for S3 to the route tables of the job's subnets (aws ec2 create-vpc-endpoint --vpc-id <vpc-id> --service-name com.amazonaws.${f.ctx.region}.s3 --route-table-ids <rtb-id>), or a route to a NAT gateway; and let the security groups allow outbound HTTPS (443).`),
  },
  {
    id: 'fastfile-partial-prefix',
    pattern: /FastFile mode,?\s*partial S3 prefix is not supported/i,
    diagnose: (_m, _t, f) => notPermission('FastFile mode refused a partial S3 prefix',
      f.inputs.filter((i) => i.inputMode === 'FastFile' && i.prefix !== '' && !i.prefix.endsWith('/'))
        .map((i) => ({ kind: `input ${i.source}`, name: `s3://${i.bucket}/${i.prefix}` })),
      'FastFile mode mounts whole folders: a channel\'s S3Uri must name a folder, not the beginning of key names.',
      'End the S3Uri of each FastFile channel with "/" (s3://bucket/datasets/train/, not s3://bucket/datasets/train), or use File mode.'),
  },
  {
    id: 'double-slash-in-uri',
    pattern: /illegal char(?:acter)? sub-?sequence\s*['"]?\/\/['"]?/i,
    diagnose: (_m, _t, f) => notPermission('An S3 URI has an empty path segment ("//")',
      f.s3Uris.filter((u) => /^s3:\/\/[^/]+\/.*\/\//i.test(u.uri)).map((u) => ({ kind: u.source, name: u.uri })),
      'A key with "//" (an empty path segment) is refused when the job builds local file paths from it.',
      'Remove the duplicate "/" from the job\'s S3 URIs (S3OutputPath and channel S3Uri values), and from object keys that contain it.'),
  },
  {
    id: 'worker-communication',
    pattern: /communication between (?:the )?worker nodes and (?:the )?leader node is broken/i,
    diagnose: (_m, _t, f) => notPermission('The instances of a distributed job cannot reach each other',
      f.securityGroups.map((s) => ({ kind: 'security group', name: s })),
      'Distributed training needs every instance to reach every other one; in a VPC the security groups decide. This is not IAM.',
      'Let each security group of the job allow all traffic from itself, inbound and outbound (a self-referencing rule): '
        + 'aws ec2 authorize-security-group-ingress --group-id <sg-id> --protocol all --source-group <sg-id>.'),
  },
  {
    id: 'trust-policy',
    pattern: /unable to assume (?:the )?role|could not assume (?:the )?role/i,
    diagnose: (_m, text, f) => {
      const roleArn = roleArnIn(text) ?? f.roleArn;
      const role = parseArn(roleArn);
      const ctx: FixContext = { ...f.ctx, account: role?.account || f.ctx.account, partition: role?.partition ?? f.ctx.partition };
      const name = roleNameOf(roleArn);
      return {
        title: 'SageMaker could not assume the execution role',
        permissionProblem: true,
        resources: [{ kind: 'role', name, arn: roleArn }],
        causes: [
          {
            category: 'trust policy',
            explanation: 'The role\'s trust policy must let the service principal sagemaker.amazonaws.com call sts:AssumeRole, and its conditions must match the job: aws:SourceAccount is the job\'s account, aws:SourceArn a SageMaker ARN of its region. A SourceArn narrowed to training-job/... refuses jobs started by tuning jobs or pipelines.',
            fix: `Replace the trust policy of ${name} with the one SageMakerTrainingRole uses: aws iam update-assume-role-policy --role-name ${name} --policy-document file://trust.json`,
            changes: [{ where: `the trust policy of role ${name}`, document: trustPolicyDocument(ctx) }],
          },
          {
            category: 'caller side',
            explanation: 'The RoleArn passed to CreateTrainingJob may name a role that does not exist (a typo, a deleted role) or that is in another account.',
            fix: `Check the role: aws iam get-role --role-name ${name}; pass the ARN it prints.`,
            changes: [],
          },
        ],
        notes: [],
      };
    },
  },
  {
    id: 'ecr-repository-policy',
    pattern: /the repository of your image\s+['"]?([^\s'"]+?)['"]?\s+does not grant/i,
    diagnose: (m, _t, f) => {
      const image = parseEcrImage(m[1]);
      const repoArn = image ? repositoryArn(f.ctx.partition, image) : undefined;
      return {
        title: 'The image\'s repository policy does not let SageMaker pull it',
        permissionProblem: true,
        resources: [{ kind: 'image', name: m[1] }, ...(image && repoArn ? [{ kind: 'repository', name: `${image.repository} (registry ${image.account})`, arn: repoArn }] : [])],
        causes: [
          {
            category: 'repository policy',
            explanation: 'An image in another account is pulled across accounts: the repository\'s own policy must allow the pull, for SageMaker and for the execution role. The role\'s policy alone does not suffice.',
            fix: `Add these statements to the repository policy${image ? ` of ${image.repository} in account ${image.account}` : ''} (aws ecr set-repository-policy; keep the existing statements).`,
            changes: [{ where: `the repository policy${image ? ` of ${image.repository} in account ${image.account}` : ''}`, statements: repositoryPolicyStatements(f.roleArn) }],
          },
          {
            category: 'role',
            explanation: 'The execution role needs the pull actions on the repository too.',
            fix: 'Make sure the execution role has these statements.',
            changes: [{ where: 'the execution role', statements: imagePullStatements([repoArn ?? '<repository-arn>']) }],
          },
        ],
        notes: [],
      };
    },
  },
  {
    id: 'ecr-role-pull',
    pattern: /access denied for repository:?\s*['"]?([^\s'",]+?)['"]?\s+in registry id:?\s*['"]?(\d{12})/i,
    diagnose: (m, text, f) => {
      const [repository, registry] = [m[1], m[2]];
      const fromJob = f.images.map(parseEcrImage).find((i) => i && i.repository === repository && i.account === registry);
      const region = fromJob?.region ?? f.ctx.region;
      const repoArn = repositoryArn(f.ctx.partition, { account: registry, region, repository });
      const roleArn = roleArnIn(text) ?? f.roleArn;
      const roleAccount = parseArn(roleArn)?.account;
      // Unknown role account: the same-account reading comes first, the repository policy second.
      const crossAccount = roleAccount !== undefined && registry !== roleAccount;
      const causes: Cause[] = [{
        category: 'role',
        explanation: 'The execution role may not pull from the repository: it needs ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer and ecr:BatchGetImage on the repository, and ecr:GetAuthorizationToken on "*".',
        fix: 'Add these statements to the execution role.',
        changes: [{ where: 'the execution role', statements: imagePullStatements([repoArn]) }],
      }];
      const repoCause: Cause = {
        category: 'repository policy',
        explanation: `A repository in another account (registry ${registry}) must also allow the pull in its repository policy, and a Deny there overrides the role.`,
        fix: `Add these statements to the repository policy of ${repository} in account ${registry}.`,
        changes: [{ where: `the repository policy of ${repository} in account ${registry}`, statements: repositoryPolicyStatements(roleArn) }],
      };
      return {
        title: 'The execution role may not pull the training image',
        permissionProblem: true,
        resources: [{ kind: 'repository', name: `${repository} (registry ${registry})`, arn: repoArn }],
        causes: crossAccount ? [repoCause, ...causes] : [...causes, repoCause],
        notes: [],
      };
    },
  },
  {
    id: 'caller-pass-role',
    pattern: /not authorized to perform:?\s*iam:PassRole/i,
    diagnose: (_m, text, f) => {
      const caller = callerIn(text);
      const roleArn = resourceIn(text) ?? f.roleArn;
      const deny = explicitDenyIn(text);
      return {
        title: 'The caller may not pass the execution role to SageMaker',
        permissionProblem: true,
        resources: [...(caller ? [{ kind: 'caller', name: caller, arn: caller }] : []), { kind: 'role', name: roleNameOf(roleArn), arn: roleArn }],
        causes: [{
          category: 'caller side',
          explanation: deny
            ? `An explicit Deny in ${deny} refuses iam:PassRole; adding an Allow does not help.`
            : 'Whoever calls CreateTrainingJob must be allowed iam:PassRole on the execution role; this is the caller\'s permission, not the role\'s.',
          fix: deny ? `Change ${deny} so that it does not deny passing this role to SageMaker; the caller also needs the statement below.`
            : 'Add this statement to an identity policy of the caller.',
          changes: [{ where: `an identity policy of the caller${caller ? ` (${caller})` : ''}`, statements: [passRoleStatement(roleArn)] }],
        }],
        notes: [],
      };
    },
  },
  {
    id: 'caller-add-tags',
    pattern: /not authorized to perform:?\s*sagemaker:AddTags/i,
    diagnose: (_m, text, f) => {
      const caller = callerIn(text);
      const jobArn = resourceIn(text) ?? `arn:${f.ctx.partition}:sagemaker:${f.ctx.region}:${f.ctx.account}:training-job/${f.jobName ?? '*'}`;
      return {
        title: 'The caller may not tag the training job it creates',
        permissionProblem: true,
        resources: [...(caller ? [{ kind: 'caller', name: caller, arn: caller }] : []), { kind: 'training job', name: jobArn.replace(/^.*:training-job\//, ''), arn: jobArn }],
        causes: [{
          category: 'caller side',
          explanation: 'CreateTrainingJob with Tags also needs sagemaker:AddTags on the new job; this is the caller\'s permission, not the role\'s.',
          fix: 'Add this statement to an identity policy of the caller; narrow training-job/* to your job name prefix (training-job/my-prefix*).',
          changes: [{ where: `an identity policy of the caller${caller ? ` (${caller})` : ''}`, statements: [addTagsStatement(anyJob(jobArn))] }],
        }],
        notes: [],
      };
    },
  },
  {
    id: 'caller-sagemaker-action',
    pattern: /not authorized to perform:?\s*(sagemaker:[A-Za-z]+)/i,
    diagnose: (m, text, f) => {
      const caller = callerIn(text);
      const resource = resourceIn(text) ?? `arn:${f.ctx.partition}:sagemaker:${f.ctx.region}:${f.ctx.account}:training-job/*`;
      return {
        title: `The caller may not call ${m[1]}`,
        permissionProblem: true,
        resources: [...(caller ? [{ kind: 'caller', name: caller, arn: caller }] : []), { kind: 'resource', name: resource, arn: resource }],
        causes: [{
          category: 'caller side',
          explanation: explicitDenyIn(text)
            ? `An explicit Deny in ${explicitDenyIn(text)} refuses ${m[1]}; adding an Allow does not help.`
            : `Whoever starts or manages the job needs ${m[1]}; this is the caller's permission, not the execution role's.`,
          fix: 'Add this statement to an identity policy of the caller (narrow training-job/* to your job name prefix).',
          changes: [{ where: `an identity policy of the caller${caller ? ` (${caller})` : ''}`, statements: [callerStatement(m[1], anyJob(resource))] }],
        }],
        notes: [],
      };
    },
  },
  {
    id: 'sdk-role-validation',
    pattern: /RoleValidationError|cannot be used for ['"]?training['"]? workloads/i,
    diagnose: (_m, text, f) => {
      const roleArn = roleArnIn(text) ?? /IAM role\s+['"]([^'"]+)['"]/i.exec(text)?.[1] ?? f.roleArn;
      const missing = [...new Set((/Missing permissions:?\s*(.*)$/i.exec(text)?.[1] ?? '').match(/\b[a-z0-9-]+:[A-Za-z0-9]+\b/g) ?? [])];
      return {
        title: 'The SageMaker Python SDK refused the role before submitting the job',
        permissionProblem: true,
        resources: [{ kind: 'role', name: roleNameOf(roleArn), arn: roleArn.startsWith('arn:') ? roleArn : undefined }],
        causes: [{
          category: 'caller side',
          explanation: 'SageMaker Python SDK v3 checks a role before it submits a job, when the caller may call iam:SimulatePrincipalPolicy: it simulates '
            + 'ecr:GetAuthorizationToken, cloudwatch:PutMetricData and the network-interface actions with no resource and no context, and refuses the role unless each is allowed. '
            + 'A least-privilege role fails that check (PutMetricData narrowed to SageMaker\'s namespace; no network-interface actions outside a VPC) although SageMaker would run the job.',
          fix: 'Either submit without the check (a caller without iam:SimulatePrincipalPolicy skips it), or, accepting a wider role, add the statement below for exactly the missing actions.',
          changes: missing.length === 0 ? [] : [{
            where: 'the execution role (opt-in; wider than the job needs)',
            statements: [{ Sid: 'SdkPreflightCheck', Effect: 'Allow', Action: missing.length === 1 ? missing[0] : missing, Resource: '*' }],
          }],
        }],
        notes: [],
      };
    },
  },
  {
    id: 'input-object-denied',
    pattern: /data download failed.*?unable to download object\s+['"]?(s3:\/\/[^\s'"()]+)['"]?/i,
    when: (text) => DENIED.test(text),
    diagnose: (m, _t, f) => inputDenied(f, m[1]),
  },
  {
    id: 'input-download-denied',
    pattern: /data download failed.*?(?:\b403\b|forbidden|access ?denied)/i,
    diagnose: (_m, _t, f) => inputDenied(f, undefined),
  },
  {
    id: 'output-upload-denied',
    pattern: /artifact upload failed.*?(?:\b403\b|forbidden|access ?denied)/i,
    diagnose: (_m, _t, f) => outputDenied(f),
  },
  {
    id: 'out-of-memory',
    pattern: /\bout of memory\b|\bOutOfMemory(?:Error)?\b|\bOOM\b/i,
    diagnose: () => notPermission('The training process ran out of memory', [],
      'The algorithm needed more memory than the instance has; this is not IAM.',
      'Use an instance type with more memory, a smaller batch size or model, or more instances.'),
  },
  {
    id: 'capacity-error',
    pattern: /\bCapacityError\b|insufficient capacity|unable to provision requested ML compute capacity/i,
    diagnose: () => notPermission('SageMaker had no capacity for the requested instances', [],
      'The instance type was not available in the region at the time; this is not IAM.',
      'Retry later, choose another instance type, or use managed spot training with a longer MaxWaitTimeInSeconds.'),
  },
  {
    id: 'internal-server-error',
    pattern: /\bInternalServerError\b|internal server error/i,
    diagnose: () => notPermission('A SageMaker service error', [],
      'SageMaker failed on its side; this is not IAM.',
      'Retry the job; if it keeps failing, contact AWS Support with the training job ARN.'),
  },
];

/** Every failure id `diagnose` knows, in matching order. */
export const FAILURE_IDS = RECOGNISERS.map((r) => r.id);

/** The diagnosis of a text, or `undefined` when no known failure matches it. */
export function diagnoseText(raw: string, facts: Facts): Diagnosis | undefined {
  const text = normalise(raw);
  for (const r of RECOGNISERS) {
    const m = r.pattern.exec(text);
    if (m && (!r.when || r.when(text))) {
      return { id: r.id, ...r.diagnose(m, text, facts) };
    }
  }
  return undefined;
}

function notPermission(title: string, resources: InvolvedResource[], explanation: string, fix: string): Omit<Diagnosis, 'id'> {
  return { title, permissionProblem: false, resources, causes: [{ category: 'not a permission problem', explanation, fix, changes: [] }], notes: [] };
}

function inputDenied(f: Facts, objectUri: string | undefined): Omit<Diagnosis, 'id'> {
  const notes: string[] = [];
  let object: S3Uri | undefined;
  try {
    object = objectUri ? parseS3Uri(objectUri, 'the S3 URI in the text') : undefined;
  } catch {
    notes.push(`${objectUri} is not a valid S3 URI; the statements below use the job's inputs.`);
  }
  let locations: { bucket: string; prefix: string }[];
  const resources: InvolvedResource[] = [];
  if (object) {
    resources.push({ kind: 'S3 object', name: `s3://${object.bucket}/${object.key}`, arn: `${bucketArn(f.ctx, object.bucket)}/${object.key}` });
    const channel = f.inputs.find((i) => i.bucket === object!.bucket && object!.key.startsWith(i.prefix));
    if (channel) {
      resources.push({ kind: `input ${channel.source}`, name: `s3://${channel.bucket}/${channel.prefix}` });
      locations = [channel];
    } else {
      const slash = object.key.lastIndexOf('/');
      const prefix = slash >= 0 ? object.key.slice(0, slash + 1) : object.key;
      locations = [{ bucket: object.bucket, prefix }];
      notes.push(`The prefix ${JSON.stringify(prefix)} is the object's folder; with --job (or --input) the statements use the channel's own S3Uri.`);
    }
  } else if (f.inputs.length > 0) {
    locations = f.inputs;
    resources.push(...f.inputs.map((i) => ({ kind: `input ${i.source}`, name: `s3://${i.bucket}/${i.prefix}` })));
  } else {
    locations = [{ bucket: '<bucket>', prefix: '<prefix>/' }];
    notes.push('The text names no object; pass --job (or --input) for statements on the job\'s own input locations.');
  }
  const read = inputReadStatements(f.ctx, locations.map((l) => location(l.bucket, l.prefix)));
  const buckets = [...new Set(locations.map((l) => l.bucket))];
  return {
    title: 'The job may not read its training data from S3',
    permissionProblem: true,
    resources,
    causes: [
      {
        category: 'role',
        explanation: 'SageMaker lists each input prefix (s3:ListBucket) and downloads every object under it (s3:GetObject) as the execution role; one missing statement fails the download.',
        fix: 'Add these statements to the execution role.',
        changes: [{ where: 'the execution role', statements: read }],
      },
      {
        category: 'key policy',
        explanation: `If the data is encrypted with SSE-KMS (aws s3api get-bucket-encryption --bucket ${buckets[0]}), S3 decrypts it for the role: the role needs kms:Decrypt through S3, and the key policy must allow the role (or delegate to IAM policies).`,
        fix: 'Add the first statement to the execution role and the second to the key policy.',
        changes: [
          { where: 'the execution role', statements: inputKeyStatements(f.ctx, f.inputKeyArns.length > 0 ? f.inputKeyArns : ['<key-arn>']) },
          { where: 'the key policy', statements: [keyPolicyStatement(f.ctx, f.roleArn, ['kms:Decrypt'], ['s3'])] },
        ],
      },
      {
        category: 'bucket policy',
        explanation: `A Deny in the bucket policy (aws s3api get-bucket-policy --bucket ${buckets[0]}) overrides the role's Allow: look for conditions on aws:SourceVpce, aws:SourceIp, aws:PrincipalArn or aws:SecureTransport. A bucket in another account must also allow the role.`,
        fix: 'Remove or narrow the Deny; for a bucket in another account, add these statements to its bucket policy.',
        changes: [{ where: `the bucket policy of ${buckets.join(', ')} (a bucket in another account only)`, statements: forPrincipal(read, f.roleArn) }],
      },
    ],
    notes,
  };
}

function outputDenied(f: Facts): Omit<Diagnosis, 'id'> {
  const notes: string[] = [];
  const output = f.output ?? { bucket: '<bucket>', prefix: '<output-prefix>/' };
  if (!f.output) {
    notes.push('The text names no location; pass --job (or --output) for statements on the job\'s own output path.');
  }
  const write = outputWriteStatements(f.ctx, location(output.bucket, output.prefix));
  return {
    title: 'The job may not upload its model artifacts to S3',
    permissionProblem: true,
    resources: f.output ? [{ kind: 'output', name: `s3://${output.bucket}/${output.prefix}` }] : [],
    causes: [
      {
        category: 'role',
        explanation: 'SageMaker uploads model.tar.gz below S3OutputPath as the execution role (s3:PutObject, and s3:AbortMultipartUpload for a large artifact).',
        fix: 'Add this statement to the execution role.',
        changes: [{ where: 'the execution role', statements: write }],
      },
      {
        category: 'key policy',
        explanation: 'With OutputDataConfig.KmsKeyId (or a bucket default key), each upload needs kms:GenerateDataKey, and a multipart upload kms:Decrypt, through S3; the key policy must allow the role too.',
        fix: 'Add the first statement to the execution role and the second to the key policy.',
        changes: [
          { where: 'the execution role', statements: outputKeyStatements(f.ctx, f.outputKeyArn ?? '<key-arn>') },
          { where: 'the key policy', statements: [keyPolicyStatement(f.ctx, f.roleArn, ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'], ['s3', 'sagemaker'])] },
        ],
      },
      {
        category: 'bucket policy',
        explanation: `A Deny in the bucket policy of ${output.bucket} overrides the role (for example one that requires a particular x-amz-server-side-encryption or key); a bucket in another account must also allow the role.`,
        fix: 'Remove or narrow the Deny; for a bucket in another account, add this statement to its bucket policy.',
        changes: [{ where: `the bucket policy of ${output.bucket} (a bucket in another account only)`, statements: forPrincipal(write, f.roleArn) }],
      },
    ],
    notes,
  };
}

function roleArnIn(text: string): string | undefined {
  return /(arn:[a-z-]+:iam::\d{12}:role\/[\w+=,.@/-]+)/.exec(text)?.[1]?.replace(/\.+$/, '');
}

function callerIn(text: string): string | undefined {
  return /User:?\s*(arn:[^\s'"]+)\s+is not authorized/i.exec(text)?.[1];
}

function resourceIn(text: string): string | undefined {
  return /on resource:?\s*['"]?(arn:[^\s'"]+)/i.exec(text)?.[1]?.replace(/[.,]+$/, '');
}

function explicitDenyIn(text: string): string | undefined {
  return /with an explicit deny in (an? [a-z -]*?(?:policy|boundary))/i.exec(text)?.[1];
}

function roleNameOf(roleArn: string): string {
  return roleArn.replace(/^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?/, '');
}

/** A training-job ARN generalised to every job: `.../training-job/*`. */
function anyJob(arn: string): string {
  return arn.replace(/:training-job\/.*$/, ':training-job/*');
}
