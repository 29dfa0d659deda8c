import { diagnoseDenial } from './denial';
import { FailureRule } from './diagnosis';
import { guardrailCause } from './guardrails';
import { denial, denialOf } from './iam-message';
import { roleArnIn, roleNameOf } from './text';
import { passRoleStatement } from '../fixes';

/**
 * Failures on the side of whoever starts the job: its own permissions (iam:PassRole, tagging,
 * SageMaker actions, the SDK's log streaming and role lookup, image pushes), a pipeline's
 * execution role, and the SageMaker Python SDK's check of the role before it submits.
 */

export const passRole: FailureRule = {
  id: 'caller-pass-role',
  summary: 'the caller may not pass the execution role (iam:PassRole)',
  pattern: denialOf(/iam:PassRole/),
  diagnose: (_m, text, f) => diagnoseDenial(denial(text), f, {
    title: 'The caller may not pass the execution role to SageMaker',
    why: 'Whoever calls CreateTrainingJob must be allowed iam:PassRole on the execution role; this is the caller\'s permission, not the role\'s.',
  }),
};

export const addTags: FailureRule = {
  id: 'caller-add-tags',
  summary: 'the caller may not tag the jobs it starts (sagemaker:AddTags)',
  pattern: denialOf(/sagemaker:AddTags/),
  diagnose: (_m, text, f) => {
    const d = denial(text);
    const rails = guardrailCause(d, f);
    // Step Functions' .sync SageMaker tasks tag the jobs they start, so their role needs
    // sagemaker:AddTags: aws/aws-cdk#32294 (training jobs, fixed by #32536) and #26012 (transform jobs).
    return diagnoseDenial(d, f, {
      title: 'The caller may not tag the training job it creates',
      why: 'CreateTrainingJob with Tags also needs sagemaker:AddTags on the new job (Step Functions tags the jobs it starts); this is the caller\'s permission, not the role\'s. '
        + 'If the caller was granted with grantLaunch, pass allowTags: true instead of adding this statement.',
      after: rails ? [rails.cause] : [],
      guardrails: rails?.options,
    });
  },
};

export const sageMakerAction: FailureRule = {
  id: 'caller-sagemaker-action',
  summary: 'the caller may not call a SageMaker action (CreateTrainingJob, with the grantLaunch guardrails a launch may break; DescribeTrainingJob ...)',
  pattern: denialOf(/sagemaker:[A-Za-z]+/),
  diagnose: (m, text, f) => {
    const d = denial(text);
    const rails = guardrailCause(d, f);
    const launch = /CreateTrainingJob/i.test(m[1]);
    return diagnoseDenial(d, f, {
      title: `The caller may not call ${m[1]}`,
      why: launch
        ? 'Whoever starts the job needs sagemaker:CreateTrainingJob on training-job/<name>; grant it with SageMakerTrainingRole.grantLaunch, which adds it with the launch guardrails, iam:PassRole, DescribeTrainingJob and StopTrainingJob.'
        : `Whoever starts or follows the job needs ${m[1]}; this is the caller's permission, not the execution role's.`
          + (/DescribeTrainingJob/i.test(m[1]) ? ' The SageMaker Python SDK calls it while it waits for the job (estimator.fit).' : ''),
      before: rails ? [rails.cause] : [],
      guardrails: rails?.options,
    });
  },
};

export const logStreaming: FailureRule = {
  id: 'caller-log-streaming',
  summary: 'the caller may not read the job\'s logs (logs:DescribeLogStreams, logs:GetLogEvents)',
  pattern: denialOf(/logs:(?:GetLogEvents|DescribeLogStreams|FilterLogEvents)/),
  diagnose: (_m, text, f) => diagnoseDenial(denial(text), f, {
    title: 'The caller may not read the job\'s logs',
    why: 'The SageMaker Python SDK follows a job\'s logs as the caller, with logs:DescribeLogStreams and logs:GetLogEvents (estimator.fit(logs=True), Session.logs_for_job; also after a local-mode job); the job itself has run.',
  }),
};

export const getRole: FailureRule = {
  id: 'caller-get-role',
  summary: 'the caller may not read a role (iam:GetRole), as the SageMaker Python SDK does for get_execution_role',
  pattern: denialOf(/iam:GetRole/),
  diagnose: (_m, text, f) => diagnoseDenial(denial(text), f, { why: GET_ROLE_WHY }),
};

/**
 * The SDK's warning when it cannot read the role: `Couldn't call 'get_role' to get Role ARN from
 * role name %s to get Role path.` (aws/sagemaker-python-sdk@a24812666d,
 * sagemaker-core/src/sagemaker/core/helper/session_helper.py:376).
 */
export const sdkGetRole: FailureRule = {
  id: 'caller-get-role',
  summary: 'the SageMaker Python SDK\'s warning that it could not call get_role',
  pattern: /Couldn't call 'get_role' to get Role ARN from role name (\S+?)\.? to get Role path/i,
  diagnose: (m, _t, f) => diagnoseDenial({ action: 'iam:GetRole', resource: m[1] }, f, {
    title: 'The SageMaker Python SDK could not read the execution role',
    why: GET_ROLE_WHY,
  }),
};

const GET_ROLE_WHY = 'The SageMaker Python SDK reads the role with iam:GetRole (get_execution_role) to learn its path; without it, it guesses the ARN, '
  + 'and adds service-role/ only for names containing AmazonSageMaker-ExecutionRole, so a role with another path gets a wrong ARN.';

export const imagePush: FailureRule = {
  id: 'image-push-denied',
  summary: 'pushing the training image to ECR is refused (ecr:InitiateLayerUpload ...)',
  pattern: denialOf(/ecr:(?:InitiateLayerUpload|UploadLayerPart|CompleteLayerUpload|PutImage|CreateRepository)/),
  diagnose: (_m, text, f) => diagnoseDenial(denial(text), f, {
    title: 'The image push to ECR is refused',
    why: 'Building and pushing an image is the caller\'s work (a notebook, a build job); a training job only pulls. A notebook\'s role is the caller here, whatever its name.',
  }),
};

export const sdkRoleValidation: FailureRule = {
  id: 'sdk-role-validation',
  summary: 'the SageMaker Python SDK v3 refusing the role before it submits the job (RoleValidationError)',
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

/**
 * A SageMaker Pipelines step whose job could not be created: `ClientError: the pipeline execution
 * role does not have sufficient permissions to the job.` (data-science-on-aws/data-science-on-aws#223).
 * The pipeline execution role starts each step's job: it is the caller.
 */
export const pipelineRole: FailureRule = {
  id: 'pipeline-role-denied',
  summary: 'a SageMaker Pipelines step whose pipeline execution role may not start the job',
  pattern: /pipeline execution role does not have sufficient permissions/i,
  diagnose: (_m, _t, f) => ({
    title: 'The pipeline execution role may not start the step\'s job',
    permissionProblem: true,
    resources: [],
    causes: [{
      category: 'caller side',
      explanation: 'SageMaker Pipelines starts each step\'s job as the pipeline execution role (the role_arn of pipeline.upsert or create): that role is the caller. '
        + 'It needs iam:PassRole on the step\'s execution role and sagemaker:CreateTrainingJob on the job; the message does not say which one is missing.',
      fix: 'Add this statement to the pipeline execution role, and grant it the launch with SageMakerTrainingRole.grantLaunch(pipelineRole, ...).',
      changes: [{ where: 'the pipeline execution role', statements: [passRoleStatement(f.roleArn)] }],
    }],
    notes: [],
  }),
};
