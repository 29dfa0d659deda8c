import { flag, parse, str } from '../args';
import { readAssembly } from '../assembly';
import { CliIo, EXIT, UsageError } from '../io';
import { buildReview } from '../review-model';
import { renderReviewMarkdown, renderReviewText } from '../review-render';

export const REVIEW_HELP = `Usage: sagemaker-training-role review <cdk.out> [--format text|markdown|json] [--width N]

Prints the permission review of a synthesized CDK app (a cloud assembly, the output directory of
cdk synth): every role SageMaker may assume, each statement of its policies with its Sid, why it
exists, its actions, resources and conditions; its trust policy; the principals grantLaunch gave
launch rights with the role, and their guardrails; then a summary of sizes against IAM's quota and
of the cdk-nag findings acknowledged, with the reasons. CloudFormation references are written as
\${Name}: \${AWS::Partition}, \${DataBucket}, \${TrainingKey.Arn}.

  --format text           (default) for a terminal, wrapped to --width columns
  --format markdown       for a pull request comment: a table per policy
  --format json           the same review as data
  --width N               columns of the text format, 40 or more (default 80)
  -h, --help              this help

Exit codes: 0 the review was printed; 2 the directory is not a cloud assembly, holds no role
SageMaker may assume, or a flag is wrong.

Examples:
  npx cdk synth && sagemaker-training-role review cdk.out
  sagemaker-training-role review cdk.out --format markdown > review.md
`;

export async function reviewCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('review', args, {
    format: { type: 'string' },
    width: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, true);
  if (flag(values, 'help')) {
    io.out(REVIEW_HELP);
    return EXIT.ok;
  }
  const format = str(values, 'format') ?? (flag(values, 'json') ? 'json' : 'text');
  if (!['text', 'markdown', 'json'].includes(format)) {
    throw new UsageError(`review: --format must be one of text, markdown, json, got ${JSON.stringify(format)}`);
  }
  const widthText = str(values, 'width');
  const width = widthText === undefined ? 80 : Number(widthText);
  if (!/^\d+$/.test(widthText ?? '80') || width < 40) {
    throw new UsageError(`review: --width must be a whole number of columns, 40 or more, got ${JSON.stringify(widthText)}`);
  }
  if (positionals.length !== 1) {
    throw new UsageError(`review: give one directory, the output of cdk synth (cdk.out); got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  }
  const dir = positionals[0];
  const stacks = readAssembly(dir);
  const review = buildReview(stacks);
  if (review.roles.length === 0) {
    throw new UsageError(`${dir} holds no SageMaker training role: looked in ${plural(stacks.length, 'stack template')} for an AWS::IAM::Role whose trust policy allows sagemaker.amazonaws.com.`);
  }
  io.out(format === 'json' ? JSON.stringify(review, null, 2) + '\n'
    : format === 'markdown' ? renderReviewMarkdown(review)
      : renderReviewText(review, width));
  return EXIT.ok;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
