import { Diagnosis, FailureRule, Facts, InvolvedResource } from './diagnosis';
import { DENIED } from './text';
import { parseArn, parseS3Uri, S3Uri } from '../aws-names';
import {
  bucketArn, FixContext, forPrincipal, inputKeyStatements, inputReadStatements, keyPolicyStatement, outputKeyStatements,
  outputWriteStatements, resolvedLocation,
} from '../fixes';

/**
 * The job may not read its training data or write its model artifacts: the role, the key policy
 * of SSE-KMS data, or the bucket policy, most likely first.
 */

export const inputObjectDenied: FailureRule = {
  id: 'input-object-denied',
  summary: 'the job refused its training data (Data download failed ... AccessDenied, 403 Forbidden)',
  pattern: /data download failed.*?unable to download object\s+['"]?(s3:\/\/[^\s'"()]+)['"]?/i,
  when: (text) => DENIED.test(text),
  diagnose: (m, _t, f) => inputDenied(f, m[1]),
};

export const inputDownloadDenied: FailureRule = {
  id: 'input-download-denied',
  summary: 'the job refused its training data (Data download failed ... AccessDenied, 403 Forbidden)',
  pattern: /data download failed.*?(?:\b403\b|forbidden|access ?denied)/i,
  diagnose: (_m, _t, f) => inputDenied(f, undefined),
};

export const outputUploadDenied: FailureRule = {
  id: 'output-upload-denied',
  summary: 'the job refused the upload of its model (Artifact upload failed ... AccessDenied)',
  pattern: /artifact upload failed.*?(?:\b403\b|forbidden|access ?denied)/i,
  diagnose: (_m, _t, f) => outputDenied(f),
};

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
  const read = inputReadStatements(f.ctx, locations.map((l) => resolvedLocation(l.bucket, l.prefix)));
  const verdict = { action: 's3:GetObject', resource: object ? `${bucketArn(f.ctx, object.bucket)}/${object.key}` : undefined };
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
        fix: 'Add the first statement to the key policy and the second to the execution role.',
        changes: [
          { where: keyPolicyOf(f.inputKeyArns[0]), statements: [keyPolicyStatement(keyContext(f, f.inputKeyArns[0]), f.roleArn, ['kms:Decrypt'], ['s3'])] },
          { where: 'the execution role', statements: inputKeyStatements(f.ctx, f.inputKeyArns.length > 0 ? f.inputKeyArns : ['<key-arn>']) },
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
    verdict,
  };
}

function outputDenied(f: Facts): Omit<Diagnosis, 'id'> {
  const notes: string[] = [];
  const output = f.output ?? { bucket: '<bucket>', prefix: '<output-prefix>/' };
  if (!f.output) {
    notes.push('The text names no location; pass --job (or --output) for statements on the job\'s own output path.');
  }
  const write = outputWriteStatements(f.ctx, resolvedLocation(output.bucket, output.prefix));
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
        fix: 'Add the first statement to the key policy and the second to the execution role.',
        changes: [
          { where: keyPolicyOf(f.outputKeyArn), statements: [keyPolicyStatement(keyContext(f, f.outputKeyArn), f.roleArn, ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'], ['s3', 'sagemaker'])] },
          { where: 'the execution role', statements: outputKeyStatements(f.ctx, f.outputKeyArn ?? '<key-arn>') },
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
    verdict: { action: 's3:PutObject' },
  };
}

/** Where a key policy change goes: the key's, when the job or the flags name it. */
function keyPolicyOf(keyArn: string | undefined): string {
  return keyArn ? `the key policy of ${keyArn}` : 'the key policy';
}

/** The key's own account and region (kms:ViaService names the key's region), else the facts'. */
function keyContext(f: Facts, keyArn: string | undefined): FixContext {
  const key = keyArn ? parseArn(keyArn) : undefined;
  return key ? { partition: key.partition, region: key.region, account: key.account } : f.ctx;
}
