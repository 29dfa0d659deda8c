import { awsRegistry } from './aws-owned';
import { awsOwnedCause } from './denial';
import { Cause, FailureRule, Facts } from './diagnosis';
import { roleArnIn, roleNameOf } from './text';
import { parseArn, parseEcrImage, repositoryArn } from '../aws-names';
import { imagePullStatements, repositoryPolicyStatements } from '../fixes';

/**
 * Pulling the training image from ECR: the repository's policy, or the role's pull actions. An
 * image of a registry AWS owns (a Deep Learning Container, a built-in algorithm) is fixed in its
 * URI or region: its repository policy is AWS's.
 */

/** The account of the role, when the text or the facts name it. */
function roleAccountOf(roleArn: string, f: Facts): string | undefined {
  const account = parseArn(roleArn)?.account;
  if (account && /^\d{12}$/.test(account)) {
    return account;
  }
  return /^\d{12}$/.test(f.ctx.account) ? f.ctx.account : undefined;
}

function roleCause(repoArn: string, who = 'The execution role'): Cause {
  return {
    category: 'role',
    explanation: `${who} may not pull from the repository: it needs ecr:BatchCheckLayerAvailability, ecr:GetDownloadUrlForLayer and ecr:BatchGetImage on the repository, and ecr:GetAuthorizationToken on "*".`,
    fix: 'Add these statements to the execution role.',
    changes: [{ where: 'the execution role', statements: imagePullStatements([repoArn]) }],
  };
}

/** `The repository of your image <uri> does not grant ... permission to sagemaker.amazonaws.com service principal.` */
export const repositoryPolicy: FailureRule = {
  id: 'ecr-repository-policy',
  summary: 'an image repository whose policy does not let SageMaker pull (another account\'s, or AWS\'s own)',
  pattern: /the repository of your image\s+['"]?([^\s'"]+?)['"]?\s+does not grant/i,
  diagnose: (m, _t, f) => {
    const image = parseEcrImage(m[1]);
    const repoArn = image ? repositoryArn(f.ctx.partition, image) : undefined;
    const owned = image ? awsRegistry(image.account) : undefined;
    const repoCause: Cause = {
      category: 'repository policy',
      explanation: 'An image in another account is pulled across accounts: the repository\'s own policy must allow the pull, for SageMaker and for the execution role. The role\'s policy alone does not suffice.',
      fix: `Add these statements to the repository policy${image ? ` of ${image.repository} in account ${image.account}` : ''} (aws ecr set-repository-policy; keep the existing statements).`,
      changes: [{ where: `the repository policy${image ? ` of ${image.repository} in account ${image.account}` : ''}`, statements: repositoryPolicyStatements(f.roleArn) }],
    };
    const role: Cause = { ...roleCause(repoArn ?? '<repository-arn>'), explanation: 'The execution role needs the pull actions on the repository too.', fix: 'Make sure the execution role has these statements.' };
    return {
      title: 'The image\'s repository policy does not let SageMaker pull it',
      permissionProblem: true,
      resources: [{ kind: 'image', name: m[1] }, ...(image && repoArn ? [{ kind: 'repository', name: `${image.repository} (registry ${image.account})`, arn: repoArn }] : [])],
      causes: owned && repoArn ? [awsOwnedCause({ action: 'ecr:BatchGetImage' }, { what: owned, kind: 'registry' }, repoArn), role] : [repoCause, role],
      notes: [],
      verdict: { action: 'ecr:BatchGetImage', resource: repoArn, awsOwned: owned ? true : undefined },
    };
  },
};

/** `Access denied for repository: <repo> in registry ID: <account>. Please check ... role <arn> has proper pull permissions ...` */
export const rolePull: FailureRule = {
  id: 'ecr-role-pull',
  summary: 'the execution role refused the image pull (Access denied for repository ... in registry ID ...)',
  pattern: /access denied for repository:?\s*['"]?([^\s'",]+?)['"]?\s+in registry id:?\s*['"]?(\d{12})/i,
  diagnose: (m, text, f) => {
    const [repository, registry] = [m[1], m[2]];
    const fromJob = f.images.map(parseEcrImage).find((i) => i && i.repository === repository && i.account === registry);
    const region = fromJob?.region ?? f.ctx.region;
    const repoArn = repositoryArn(f.ctx.partition, { account: registry, region, repository });
    const roleArn = roleArnIn(text) ?? f.roleArn;
    const roleAccount = roleAccountOf(roleArn, f);
    const owned = awsRegistry(registry);
    const role = roleCause(repoArn, `The execution role ${roleNameOf(roleArn)}`);
    let causes: Cause[];
    if (owned) {
      causes = [awsOwnedCause({ action: 'ecr:BatchGetImage' }, { what: owned, kind: 'registry' }, repoArn), role];
    } else if (roleAccount === registry) {
      // The same account: the role's Allow suffices; only a Deny in the repository policy could refuse it.
      causes = [role, {
        category: 'repository policy',
        explanation: `The repository is in the role's own account (${registry}): its policy needs no Allow, but a Deny there overrides the role's.`,
        fix: `Read the repository policy (aws ecr get-repository-policy --repository-name ${repository}) and narrow a Deny that matches the role.`,
        changes: [],
      }];
    } else {
      const repoCause: Cause = {
        category: 'repository policy',
        explanation: roleAccount
          ? `The repository is in another account (registry ${registry}, the role is in ${roleAccount}): its own policy must allow the pull, and a Deny there overrides the role.`
          : `If the registry ${registry} is another account than the role's, the repository's own policy must allow the pull, and a Deny there overrides the role.`,
        fix: `Add these statements to the repository policy of ${repository} in account ${registry}.`,
        changes: [{ where: `the repository policy of ${repository} in account ${registry}`, statements: repositoryPolicyStatements(roleArn) }],
      };
      causes = roleAccount ? [repoCause, role] : [role, repoCause];
    }
    return {
      title: 'The execution role may not pull the training image',
      permissionProblem: true,
      resources: [{ kind: 'repository', name: `${repository} (registry ${registry})`, arn: repoArn }],
      causes,
      notes: [],
      verdict: { action: 'ecr:BatchGetImage', resource: repoArn, awsOwned: owned ? true : undefined },
    };
  },
};

/**
 * `The role '<arn>' does not have BatchGetImage permission for the image: '<uri>'.`
 * (aws/deep-learning-containers#759: a role allowed ecr:BatchGetImage on repository/*sagemaker*
 * only, and the Deep Learning Container repository is tensorflow-inference).
 */
export const roleLacksPull: FailureRule = {
  id: 'ecr-role-lacks-pull',
  summary: 'a role without the pull action for its image (The role ... does not have BatchGetImage permission)',
  pattern: /The role\s+['"]?([^\s'"]+)['"]?\s+does not have (\w+) permission for the image:?\s*['"]?([^\s'"]+?)['"]?\.?(?:\s|$)/i,
  diagnose: (m, _t, f) => {
    const [roleArn, action, uri] = [m[1], m[2], m[3]];
    const image = parseEcrImage(uri);
    const repoArn = image ? repositoryArn(f.ctx.partition, image) : '<repository-arn>';
    const owned = image ? awsRegistry(image.account) : undefined;
    return {
      title: 'The execution role may not pull the image',
      permissionProblem: true,
      resources: [{ kind: 'role', name: roleNameOf(roleArn), arn: roleArn }, { kind: 'image', name: uri }],
      causes: [roleCause(repoArn, `The role ${roleNameOf(roleArn)}`)],
      notes: owned ? [`The registry ${image!.account} belongs to AWS (${owned}); the role's own policy must name the repository ${image!.repository}, not only a pattern such as *sagemaker*.`] : [],
      verdict: { action: `ecr:${action}`, resource: repoArn, awsOwned: owned ? true : undefined },
    };
  },
};
