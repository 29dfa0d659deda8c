/**
 * A thin wrapper over `@cloud-copilot/iam-simulate` (AGPL-3.0: a devDependency, tests only).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { TEST_ENV } from './resolve';

export type Verdict = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied' | 'Error';

export interface IdentityRequest {
  readonly action: string;
  readonly resource: string;
  /** Account that owns the resource; S3 ARNs carry none. @default the test account */
  readonly resourceAccount?: string;
  readonly context?: Record<string, string | string[]>;
  /**
   * The resource's own policy. KMS authorizes a key only when its key policy allows the account
   * to delegate to IAM.
   * @default for `kms:` actions, the default key policy (the account root may use the key);
   * otherwise none
   */
  readonly resourcePolicy?: any;
}

/** The key policy CDK and KMS give a key by default: IAM policies of the account decide. */
export const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [{
    Sid: 'EnableIamPolicies',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${TEST_ENV.account}:root` },
    Action: 'kms:*',
    Resource: '*',
  }],
};

export const ROLE_ARN = `arn:aws:iam::${TEST_ENV.account}:role/training-role`;

export interface EvaluateOptions {
  /** Give `kms:` requests the default key policy when they carry none. */
  readonly defaultKeyPolicy?: boolean;
  /** Fail when the simulator ignores a context key, so that no request tests nothing. */
  readonly rejectIgnoredContext?: boolean;
}

/** Evaluates a request of the role against its identity policies and the resource's policy. */
export async function evaluateRequest(policies: { name: string; policy: any }[], request: IdentityRequest,
  options: EvaluateOptions = {}): Promise<Verdict> {
  const resourcePolicy = request.resourcePolicy
    ?? (options.defaultKeyPolicy && request.action.startsWith('kms:') ? DEFAULT_KEY_POLICY : undefined);
  const result: any = await runSimulation({
    identityPolicies: policies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
    request: {
      principal: ROLE_ARN,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount ?? TEST_ENV.account },
      contextVariables: {
        'aws:PrincipalArn': ROLE_ARN,
        'aws:PrincipalAccount': TEST_ENV.account,
        ...request.context,
      },
    },
  } as any, {});
  if (result.resultType === 'error') {
    throw new Error(`simulation error for ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  if (options.rejectIgnoredContext) {
    const ignored: string[] = result.resultType === 'single'
      ? result.result.ignoredContextKeys ?? []
      : result.results.flatMap((r: any) => r.ignoredContextKeys ?? []);
    if (ignored.length > 0) {
      throw new Error(`context keys ${ignored.join(', ')} do not apply to ${request.action} on ${request.resource}; the request would test nothing`);
    }
  }
  return result.overallResult as Verdict;
}

/** Evaluates a request of the role against its identity policies (KMS with the default key policy). */
export function simulateIdentity(policies: { name: string; policy: any }[], request: IdentityRequest): Promise<Verdict> {
  return evaluateRequest(policies, request, { defaultKeyPolicy: true });
}

/** Evaluates `sts:AssumeRole` of the role by a service principal against its trust policy. */
export async function simulateTrust(trust: any, request: {
  principal: string;
  context?: Record<string, string | string[]>;
}): Promise<Verdict> {
  const result = await runSimulation({
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: trust,
    request: {
      principal: request.principal,
      action: 'sts:AssumeRole',
      resource: { resource: ROLE_ARN, accountId: TEST_ENV.account },
      contextVariables: request.context ?? {},
    },
  } as any, {});
  if (result.resultType === 'error') {
    throw new Error(`simulation error for sts:AssumeRole: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as Verdict;
}
