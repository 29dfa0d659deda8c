import { UsageError } from './io';
import { SAGEMAKER_SERVICE_PRINCIPAL } from './library';
import { jobRequests, JobRequest } from './requests';
import { RolePolicyFiles } from './role-policies';
import { PolicyDocument, RolePolicies, RoleSpec, Statement } from './synth';
import { list } from './table';

/** The policy evaluator this check uses: optional, AGPL-3.0, never bundled. */
export const SIMULATOR_PACKAGE = '@cloud-copilot/iam-simulate';

export const SIMULATOR_MISSING = `install ${SIMULATOR_PACKAGE} to check policies; it is AGPL-3.0 and not bundled `
  + `(npm install ${SIMULATOR_PACKAGE} next to this package, or npx -p ${SIMULATOR_PACKAGE} -p cdk-sagemaker-training-role ...)`;

/** The part of the simulator's API this check calls. */
interface Simulator {
  runSimulation(simulation: unknown, options: unknown): Promise<{ resultType?: string; overallResult?: string; errors?: unknown }>;
}

/**
 * Loads the simulator only now, only if the user installed it. It is deliberately not a
 * dependency: its licence (AGPL-3.0) must not travel with this Apache-2.0 package.
 */
export function loadSimulator(): Simulator {
  let mod: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(SIMULATOR_PACKAGE);
  } catch (e) {
    throw new UsageError(`${SIMULATOR_MISSING}. (${(e as Error).message.split('\n')[0]})`);
  }
  if (!mod || typeof (mod as Simulator).runSimulation !== 'function') {
    throw new UsageError(`${SIMULATOR_PACKAGE} is installed but has no runSimulation function; install a version that does (0.1.x)`);
  }
  return mod as Simulator;
}

/** One request the job makes, and what the role's policies say to it. */
export interface RequestVerdict {
  readonly purpose: string;
  readonly action: string;
  readonly resource: string;
  readonly context: { [key: string]: string };
  readonly result: string;
  /** Where the allowing statement belongs. */
  readonly where: string;
  /** The construct's statement that allows the request. */
  readonly statement?: Statement | PolicyDocument;
}

export interface CheckResult {
  readonly roleArn: string;
  readonly checked: number;
  readonly denied: RequestVerdict[];
  /** Requests not checked, and why (no trust policy given). */
  readonly skipped: string[];
  /** What the check assumes. */
  readonly assumptions: string[];
}

/**
 * Simulates every request the job makes against the role's actual policies, and for each denied
 * one finds the statement of the construct's policy (built for the same job) that allows it.
 */
export async function checkRole(
  simulator: Simulator,
  spec: RoleSpec,
  jobName: string,
  roleArn: string,
  actual: RolePolicyFiles,
  expected: RolePolicies,
): Promise<CheckResult> {
  const denied: RequestVerdict[] = [];
  const skipped: string[] = [];
  let checked = 0;
  for (const request of jobRequests(spec, jobName)) {
    if (request.principal === 'sagemaker' && !actual.trust) {
      skipped.push('sts:AssumeRole by sagemaker.amazonaws.com: no trust policy given (add the output of aws iam get-role)');
      continue;
    }
    checked++;
    const result = await simulate(simulator, request, roleArn, spec.env.account, actual);
    if (result !== 'Allowed') {
      denied.push({
        purpose: request.purpose,
        action: request.action,
        resource: request.principal === 'sagemaker' ? roleArn : request.resource,
        context: request.context,
        result,
        where: request.principal === 'sagemaker' ? 'the trust policy' : 'the execution role',
        statement: request.principal === 'sagemaker' ? expected.trustPolicy : allowingStatement(expected, request),
      });
    }
  }
  const assumptions = [
    'requests run in the role\'s own account; buckets and repositories of other accounts need their resource policies too',
    ...(spec.inputs.some((i) => i.keyArn) || spec.outputKeyArn || spec.volumeKeyArn || spec.checkpoint?.keyArn
      ? ['each KMS key has the default key policy, which lets IAM policies of its account grant its use'] : []),
  ];
  return { roleArn, checked, denied, skipped, assumptions };
}

async function simulate(simulator: Simulator, request: JobRequest, roleArn: string, account: string, actual: RolePolicyFiles): Promise<string> {
  const trust = request.principal === 'sagemaker';
  const resource = trust ? roleArn : request.resource;
  const resourceAccount = accountOf(resource) ?? account;
  const resourcePolicy = trust ? actual.trust
    : request.action.startsWith('kms:') ? defaultKeyPolicy(resource, resourceAccount) : undefined;
  const result = await simulator.runSimulation({
    identityPolicies: trust ? [] : actual.identity,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
    request: {
      principal: trust ? SAGEMAKER_SERVICE_PRINCIPAL : roleArn,
      action: request.action,
      resource: { resource, accountId: resourceAccount },
      contextVariables: trust ? request.context : {
        'aws:PrincipalArn': roleArn,
        'aws:PrincipalAccount': account,
        ...request.context,
      },
    },
  }, {});
  if (result.resultType === 'error') {
    throw new UsageError(`the simulator refused ${request.action} on ${resource}: ${JSON.stringify(result.errors)}; check the role policies file`);
  }
  return String(result.overallResult);
}

/**
 * A key is usable only if its key policy allows it. The check is about the role's policies, so it
 * assumes the default key policy, which delegates to the account's IAM policies.
 */
function defaultKeyPolicy(keyArn: string, account: string): PolicyDocument {
  const partition = keyArn.split(':')[1];
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }],
  };
}

function accountOf(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

/** The construct's statement for the request's purpose whose actions and resources cover it. */
function allowingStatement(expected: RolePolicies, request: JobRequest): Statement | undefined {
  const candidates = expected.policies.flatMap((p) => p.document.Statement)
    .filter((s) => (s.Sid ?? '').replace(/\d+$/, '') === request.purpose && list(s.Action).includes(request.action));
  return candidates.find((s) => list(s.Resource).some((r) => wildcardMatch(r, request.resource))) ?? candidates[0];
}

function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((part) => part.split('?').map(escape).join('.')).join('.*')}$`);
  return re.test(value);
}

function escape(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}
