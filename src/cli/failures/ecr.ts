import { Cause, FailureRule } from './diagnosis';
import { roleArnIn } from './text';
import { parseArn, parseEcrImage, repositoryArn } from '../aws-names';
import { imagePullStatements, repositoryPolicyStatements } from '../fixes';

/** Pulling the training image from ECR: the repository's policy, or the role's pull actions. */

export const repositoryPolicy: FailureRule = {
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
};

export const rolePull: FailureRule = {
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
};
