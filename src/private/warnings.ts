import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { problemText } from './errors';
import { LIBRARY_ID } from './library-id';

/**
 * Every warning the construct gives, by id, with its text. A warning is legal input that is often
 * a slip, or a place where the role cannot keep a promise on its own; users acknowledge it with
 * `Annotations.of(role).acknowledgeWarning('cdk-sagemaker-training-role:<Id>', reason)`.
 */
const WARNINGS = {
  // About one prop (the message starts with the prop and ends with its value).
  DuplicateLocation: (first: string) =>
    `the same location as ${first}; it is granted once. Remove one of them.`,
  OutputInsideInput: (output: string) =>
    `the input location covers the output location (${output}): the role may read what training jobs write there, and each job's model artifacts become training data of the next. This is allowed; give the output a prefix outside the inputs unless jobs should read earlier artifacts.`,
  InputInsideOutput: (output: string) =>
    `the input location lies within the output location (${output}): the role may write (s3:PutObject) where it reads. This is allowed (incremental training reads an earlier job's artifacts); SageMaker itself writes only under <output>/<job name>/.`,
  CheckpointInsideInput: (checkpoint: string) =>
    `the input location covers the checkpoint location (${checkpoint}): the job reads checkpoints as training data. This is allowed; give checkpoints a prefix outside the inputs to keep the data apart.`,
  LegacyBucketName: () =>
    'upper case letters and "_" are valid only in the names of legacy buckets (created in us-east-1 before March 1, 2018), which cannot be addressed by virtual-hosted-style requests, the default of AWS SDKs. Check the name; bucket names are lower case.',
  DotSegmentInPrefix: (text: string) => text,
  ChannelNameNotShellVariable: (variable: string) =>
    `the training toolkit gives the channel's directory to the script as ${variable}, which a shell cannot read ("." and "-" are not allowed in variable names; Python's os.environ can). Use letters, digits and "_" (for example "train") if scripts read the variable in a shell.`,
  CrossAccountBucket: (account: string, roleAccount: string, bucketName: string, statements: string) =>
    `the bucket belongs to account ${account}, not the role's (${roleAccount}), so its bucket policy must allow the role too. Add to the bucket policy of ${bucketName}: ${statements}`,
  CrossAccountKey: (account: string, roleAccount: string, statements: string) =>
    `the key belongs to account ${account}, not the role's (${roleAccount}), so its key policy must allow the role too. Add to the key policy: ${statements}`,
  CrossAccountRepository: (account: string, roleAccount: string, repositoryName: string, statements: string) =>
    `the repository belongs to account ${account}, not the role's (${roleAccount}), so its repository policy must allow the pull too: by SageMaker (which otherwise fails the job with "does not grant ... permission to sagemaker.amazonaws.com service principal") and by the role. Add to the repository policy of ${repositoryName}: ${statements}`,

  // About the role as a whole.
  DebuggerRulesWithJobNamePrefix: (prefix: string) =>
    `Debugger and Profiler rules run as processing jobs with this role, but trainingJobNamePrefix ("${prefix}") lets SageMaker assume the role only for training jobs named with it; rule jobs may be refused. Leave the prefix out if rules fail to start.`,
  ExternalGrantsIgnored: (count: number, statements: string) =>
    `${count} statement(s) added from outside the construct (for example by the grants of a Step Functions task) were left out of this least-privilege role, on resources that are not among its props: ${statements}. `
    + 'Give those locations, keys and repositories as props, or set acceptExternalGrants: true to add such statements. Statements on the role\'s own locations, keys and repositories are left out without a warning.',
  ExternalPolicyAttached: (what: string, name: string) =>
    `${what} ${name} is attached to this role from outside the construct: its permissions are the role's too, and the construct neither checks nor proves them least-privilege. Give the job's resources as props instead, or acknowledge this warning if the policy is intended.`,
  PolicyBudgetNearlyFull: (used: number, capacity: number, reserved: number) =>
    `The role's permissions use about ${used} of ${capacity} policy characters (${Math.round(100 * used / capacity)}%). A few more inputs will not fit: merge prefixes${reserved > 0 ? ', reserve fewer policies' : ''} or raise maxManagedPolicies.`,
  PolicyPlacementShifted: (policies: number, fewest: number, tight: boolean) =>
    `The role's permissions take ${policies} managed policies (${fewest} at the least). Adding or removing a location usually leaves the other locations' statements in their policies, but may move some to the next or previous policy; a deployment then updates both, and a job running meanwhile may briefly miss a moved permission.${tight ? ' The policies are filled close to their limit, which makes such moves more likely.' : ''} Merge prefixes to need fewer policies.`,
};

/** The id of a warning, without the library's prefix. */
export type WarningId = keyof typeof WARNINGS;

/** Every warning id, in full, as users acknowledge them. */
export const WARNING_IDS: readonly string[] = Object.keys(WARNINGS).map((id) => `${LIBRARY_ID}:${id}`);

/** Warns about the role as a whole. */
export function warnRole<K extends WarningId>(scope: IConstruct, id: K, ...args: Parameters<typeof WARNINGS[K]>): void {
  const text = (WARNINGS[id] as (...a: unknown[]) => string)(...args);
  Annotations.of(scope).addWarningV2(`${LIBRARY_ID}:${id}`, text);
}

/** Warns about one prop: names the prop, says what is risky and shows the value, as errors do. */
export function warnProp<K extends WarningId>(scope: IConstruct, id: K, prop: string, value: unknown,
  ...args: Parameters<typeof WARNINGS[K]>): void {
  const text = (WARNINGS[id] as (...a: unknown[]) => string)(...args);
  Annotations.of(scope).addWarningV2(`${LIBRARY_ID}:${id}`, problemText(prop, value, text));
}
