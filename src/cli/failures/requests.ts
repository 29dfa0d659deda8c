/**
 * Refused requests read from the error of the refused call itself: IAM's `is not authorized to
 * perform` message (a caller's launch, a botocore ClientError inside a container, a Step Functions
 * Cause), and S3's bare `Access Denied` of a botocore call.
 */
import { diagnoseDenial, S3_OPERATIONS } from './denial';
import { Cause, FailureRule, Facts } from './diagnosis';
import { denial, denialOf } from './iam-message';

export const kmsRequest: FailureRule = {
  id: 'kms-request-denied',
  summary: 'a KMS request is refused (kms:Decrypt, kms:GenerateDataKey ...), with the key policy first when the key refuses',
  pattern: denialOf(/kms:[A-Za-z]+/),
  diagnose: (_m, text, f) => diagnoseDenial(denial(text), f, {}),
};

export const s3Request: FailureRule = {
  id: 's3-request-denied',
  summary: 'an S3 request is refused, as IAM says why (a botocore ClientError in the job or in local mode)',
  pattern: denialOf(/s3:[A-Za-z]+/),
  diagnose: (_m, text, f) => diagnoseDenial(denial(text), f, {}),
};

export const anyRequest: FailureRule = {
  id: 'request-denied',
  summary: 'any other request IAM refuses, sent to the policy its reason names',
  pattern: denialOf(/[a-z0-9-]+:[A-Za-z0-9*]+|<[^<>\s]+>/),
  diagnose: (_m, text, f) => diagnoseDenial(denial(text), f, {}),
};

/**
 * S3 refusing a botocore call without IAM's detail: `An error occurred (AccessDenied) when calling
 * the PutObject operation: Access Denied` (S3UploadFailedError, sofianhamiti/amazon-sagemaker-pipelines-mlflow#1),
 * `An error occurred (403) when calling the HeadObject operation: Forbidden`
 * (aws/sagemaker-python-sdk#442). The action follows from the operation, the object from the text.
 */
export const s3StatusDenied: FailureRule = {
  id: 's3-access-denied',
  summary: 'a botocore S3 call answered Access Denied or 403 Forbidden (HeadObject, PutObject, S3UploadFailedError ...)',
  pattern: /An error occurred \((?:AccessDenied|403|Forbidden)\) when calling the (\w+) operation/i,
  when: (text) => {
    const op = /when calling the (\w+) operation/i.exec(text)?.[1];
    return op !== undefined && S3_OPERATIONS[op] !== undefined;
  },
  diagnose: (m, text, f) => {
    const operation = m[1];
    const uri = s3ObjectIn(text);
    const resource = uri ? `arn:${f.ctx.partition}:s3:::${uri}` : undefined;
    // HeadObject answers 403 rather than 404 for a missing key without s3:ListBucket:
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html ("If the object you request doesn't exist").
    const head = /^HeadObject$/i.test(operation);
    return diagnoseDenial({ action: S3_OPERATIONS[operation], operation }, f, {
      resource,
      title: 'An S3 request was refused',
      why: `S3 refused ${operation} without saying which policy refused it.${head
        ? ' HeadObject needs s3:GetObject; it also answers 403 instead of 404 for a key that does not exist when s3:ListBucket is not allowed on the bucket.' : ''}`,
      after: s3AfterCauses(uri, f),
    });
  },
};

/** The object a botocore S3 text names: the upload's target, the download's source, or an S3 URI. */
function s3ObjectIn(text: string): string | undefined {
  const upload = /Failed to upload \S+ to ([a-z0-9][a-z0-9.-]+\/\S+?):\s/i.exec(text)?.[1];
  if (upload) {
    return upload;
  }
  return /s3:\/\/([a-z0-9][a-z0-9.-]+\/[^\s'"`)]+)/i.exec(text)?.[1]?.replace(/[.,;:]+$/, '');
}

/** What else refuses an S3 request silently: the bucket policy, and the bucket's KMS key. */
function s3AfterCauses(uri: string | undefined, _f: Facts): Cause[] {
  const bucket = uri?.split('/')[0];
  return [
    {
      category: 'bucket policy',
      explanation: `A Deny in the bucket policy${bucket ? ` of ${bucket}` : ''} overrides any Allow (look for aws:SourceVpce, aws:SourceIp, aws:PrincipalArn, aws:SecureTransport, encryption headers); a bucket in another account must also allow the identity in its policy.`,
      fix: `Read the policy (aws s3api get-bucket-policy --bucket ${bucket ?? '<bucket>'}); narrow a Deny that matches the request, or allow the identity there for a bucket in another account.`,
      changes: [],
    },
    {
      category: 'key policy',
      explanation: `An object encrypted with SSE-KMS also needs the key: kms:Decrypt to read, kms:GenerateDataKey to write, allowed to the identity and by the key policy (aws s3api get-bucket-encryption --bucket ${bucket ?? '<bucket>'} names the bucket's default key).`,
      fix: 'Allow the key actions to the identity and in the key policy.',
      changes: [],
    },
  ];
}

