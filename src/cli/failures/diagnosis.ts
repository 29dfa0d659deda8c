import { FixContext } from '../fixes';
import { Where } from './wrappers';
import { PolicyDocument, Statement } from '../synth';

/** Where a cause lies, in the words `diagnose` prints. */
export type CauseCategory =
  | 'role'
  | 'bucket policy'
  | 'key policy'
  | 'repository policy'
  | 'resource policy'
  | 'trust policy'
  | 'caller side'
  | 'service control policy'
  | 'resource control policy'
  | 'permissions boundary'
  | 'session policy'
  | 'VPC endpoint policy'
  | 'image or model URI'
  | 'not a permission problem';

/** A change to one policy (or a whole document to put in place). */
export interface Change {
  /** Which policy to change, and how to get at it. */
  readonly where: string;
  readonly statements?: Statement[];
  readonly document?: PolicyDocument;
}

export interface Cause {
  readonly category: CauseCategory;
  readonly explanation: string;
  readonly fix: string;
  readonly changes: Change[];
}

export interface InvolvedResource {
  readonly kind: string;
  readonly name: string;
  readonly arn?: string;
}

/** The answer in short, for scripts and for measuring `diagnose`. */
export interface Verdict {
  /**
   * Where the fix goes: the first cause's category. Absent when the text cannot tell the
   * execution role from the caller (a refused S3 read with no sign of where it ran).
   */
  readonly side?: CauseCategory;
  /** The refused action, `service:Action`, when the text names or implies it. */
  readonly action?: string;
  /** The refused resource: an ARN, or a role's name when the text redacts its ARN. */
  readonly resource?: string;
  /** Who was refused, as written. */
  readonly principal?: string;
  /** An explicit Deny, or no Allow, when the text says. */
  readonly deny?: 'explicit' | 'implicit';
  /** The policy type IAM's message names. */
  readonly policyType?: string;
  /** The policy that refused, when IAM's message names it. */
  readonly policyArn?: string;
  /** The resource belongs to AWS: its policy is not the user's to change. */
  readonly awsOwned?: boolean;
  /** The grantLaunch options whose guardrails may have refused a launch. */
  readonly guardrails?: string[];
  /** The kind of failure, for a text that is not a permission problem. */
  readonly label?: string;
}

/** What `diagnose` says about a recognised failure text. */
export interface Diagnosis {
  /** A stable id of the failure, for scripts. */
  readonly id: string;
  readonly title: string;
  readonly permissionProblem: boolean;
  readonly resources: InvolvedResource[];
  /** Most likely first. */
  readonly causes: Cause[];
  /** Choices made for lack of information (a prefix guessed from an object key). */
  readonly notes: string[];
  readonly verdict?: Verdict;
}

/** What is known besides the text: from `--job` and the job flags. */
export interface Facts {
  readonly ctx: FixContext;
  /** True when nothing named the partition and `ctx.partition` is a default. */
  readonly partitionAssumed?: boolean;
  readonly roleArn: string;
  readonly jobName?: string;
  readonly inputs: { readonly bucket: string; readonly prefix: string; readonly source: string; readonly inputMode?: string }[];
  readonly inputKeyArns: string[];
  readonly output?: { readonly bucket: string; readonly prefix: string };
  readonly outputKeyArn?: string;
  readonly images: string[];
  readonly subnets: string[];
  readonly securityGroups: string[];
  /** Every S3 URI the job names, as written, for the `//` look-alike. */
  readonly s3Uris: { readonly source: string; readonly uri: string }[];
  /** Where the refused call ran: `--where`, else what the text shows. */
  readonly where?: Where;
  /** What told `where`: the --where option, the text's own signs, or a job file (its FailureReason is the job's). */
  readonly whereFrom?: 'option' | 'text' | 'job file';
}

/** One failure `diagnose` knows: the text that names it, and what it says about it. */
export interface FailureRule {
  readonly id: string;
  /** What the rule recognises, in words, for `--help` and the README. */
  readonly summary: string;
  readonly pattern: RegExp;
  /** A further condition on the whole text. */
  readonly when?: (text: string) => boolean;
  readonly diagnose: (m: RegExpExecArray, text: string, facts: Facts) => Omit<Diagnosis, 'id'>;
}

/** A diagnosis whose one cause lies outside IAM; `label` names the kind of failure. */
export function notPermission(label: string, title: string, resources: InvolvedResource[], explanation: string, fix: string): Omit<Diagnosis, 'id'> {
  return {
    title, permissionProblem: false, resources, causes: [{ category: 'not a permission problem', explanation, fix, changes: [] }], notes: [], verdict: { label },
  };
}
