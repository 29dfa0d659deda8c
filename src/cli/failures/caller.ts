import { FailureRule } from './diagnosis';
import { anyJob, callerIn, explicitDenyIn, resourceIn, roleArnIn, roleNameOf } from './text';
import { addTagsStatement, callerStatement, passRoleStatement } from '../fixes';

/**
 * Failures on the side of whoever starts the job: its own permissions (iam:PassRole, tagging,
 * SageMaker actions), and the SageMaker Python SDK's check of the role before it submits.
 */

export const passRole: FailureRule = {
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
};

export const addTags: FailureRule = {
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
};

export const sageMakerAction: FailureRule = {
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
};

export const sdkRoleValidation: FailureRule = {
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
};
