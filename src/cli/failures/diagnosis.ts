import { FixContext } from '../fixes';
import { PolicyDocument, Statement } from '../synth';

/** Where a cause lies, in the words `diagnose` prints. */
export type CauseCategory =
  | 'role'
  | 'bucket policy'
  | 'key policy'
  | 'repository policy'
  | 'trust policy'
  | 'caller side'
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
}

/** One failure `diagnose` knows: the text that names it, and what it says about it. */
export interface FailureRule {
  readonly id: string;
  readonly pattern: RegExp;
  /** A further condition on the whole text. */
  readonly when?: (text: string) => boolean;
  readonly diagnose: (m: RegExpExecArray, text: string, facts: Facts) => Omit<Diagnosis, 'id'>;
}

/** A diagnosis whose one cause lies outside IAM. */
export function notPermission(title: string, resources: InvolvedResource[], explanation: string, fix: string): Omit<Diagnosis, 'id'> {
  return { title, permissionProblem: false, resources, causes: [{ category: 'not a permission problem', explanation, fix, changes: [] }], notes: [] };
}
