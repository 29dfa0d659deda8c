import { Cause, FailureRule } from './diagnosis';
import { roleArnIn, roleNameOf, roleRef } from './text';
import { parseArn } from '../aws-names';
import { FixContext, trustPolicyDocument } from '../fixes';

/** SageMaker could not assume the execution role: its trust policy, or the RoleArn given. */

/**
 * `ClientError: SageMaker was unable to assume the role '<arn>'`, `Could not assume role <arn>`,
 * and the training host agent's `InvalidInputException: SageMaker is unable to perform:
 * sts:AssumeRole on the role. Check if you have a trust relationship for 'sagemaker.amazonaws.com'`
 * (astronomer/docs#1695).
 */
export const trustPolicy: FailureRule = {
  id: 'trust-policy',
  summary: 'SageMaker unable to assume the execution role: its trust policy, or a RoleArn that names no role',
  pattern: /unable to assume (?:the )?role|could not assume (?:the )?role|unable to perform:?\s*sts:AssumeRole on the role|trust relationship for 'sagemaker\.amazonaws\.com'/i,
  diagnose: (_m, text, f) => {
    const written = roleArnIn(text);
    const roleArn = written ?? f.roleArn;
    const role = parseArn(roleArn);
    const ctx: FixContext = {
      ...f.ctx,
      account: role && /^\d{12}$/.test(role.account) ? role.account : f.ctx.account,
      partition: role?.partition ?? f.ctx.partition,
    };
    const name = roleNameOf(roleArn);
    // The SageMaker console creates its execution roles as service-role/AmazonSageMaker-ExecutionRole-<date>;
    // the SageMaker Python SDK builds that path for such names when it cannot read the role
    // (aws/sagemaker-python-sdk@a24812666d, sagemaker-core/src/sagemaker/core/helper/session_helper.py:383-396).
    // Without the path, the ARN names no role (aws/sagemaker-python-sdk#43).
    const missingPath = /^AmazonSageMaker-ExecutionRole-/.test(name) && /:role\/AmazonSageMaker-ExecutionRole-/.test(roleArn);
    const trust: Cause = {
      category: 'trust policy',
      explanation: 'The role\'s trust policy must let the service principal sagemaker.amazonaws.com call sts:AssumeRole, and its conditions must match the job: aws:SourceAccount is the job\'s account, aws:SourceArn a SageMaker ARN of its region. A SourceArn narrowed to training-job/... refuses jobs started by tuning jobs or pipelines.',
      fix: `Replace the trust policy of ${name} with the one SageMakerTrainingRole uses: aws iam update-assume-role-policy --role-name ${name} --policy-document file://trust.json`,
      changes: [{ where: `the trust policy of role ${name}`, document: trustPolicyDocument(ctx) }],
    };
    const wrongArn: Cause = {
      category: 'caller side',
      explanation: missingPath
        ? `The RoleArn names ${name} without the path service-role/, where the SageMaker console creates its execution roles: that ARN names no role. A role name turned into an ARN loses its path.`
        : 'The RoleArn passed to CreateTrainingJob may name a role that does not exist (a typo, a deleted role, a path left out) or that is in another account.',
      fix: `Check the role: aws iam get-role --role-name ${name} --query Role.Arn; pass the ARN it prints.`,
      changes: [],
    };
    return {
      title: 'SageMaker could not assume the execution role',
      permissionProblem: true,
      resources: [{ kind: 'role', name, arn: roleArn }],
      causes: missingPath ? [wrongArn, trust] : [trust, wrongArn],
      notes: [],
      verdict: { action: 'sts:AssumeRole', resource: written ? roleRef(written) : undefined },
    };
  },
};
