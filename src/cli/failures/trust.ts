import { FailureRule } from './diagnosis';
import { roleArnIn, roleNameOf } from './text';
import { parseArn } from '../aws-names';
import { FixContext, trustPolicyDocument } from '../fixes';

/** SageMaker could not assume the execution role: its trust policy, or the RoleArn given. */

export const trustPolicy: FailureRule = {
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
};
