import { DIAGNOSE_HELP } from './diagnose';
import { POLICY_HELP } from './policy';
import { REVIEW_HELP } from './review';
import { CliIo, EXIT } from '../io';

export const MAIN_HELP = `Usage: sagemaker-training-role <command> [options]

The least-privilege execution role of a SageMaker training job, for people who do not use CDK,
and a diagnosis of training jobs that failed on permissions.

Commands:
  policy      print the role's trust policy and permission policies as IAM-ready JSON,
              from flags or from a training job's JSON
  diagnose    name the cause of a FailureReason or API error, the resource involved and the
              statement or policy change that fixes it; check a role's policies against a job
  review      print the permission review of a synthesized app (cdk.out): each role SageMaker
              may assume, why each statement exists, who may launch jobs with it, and the
              cdk-nag findings acknowledged
  help [command]

Run \`sagemaker-training-role <command> --help\` for the options of a command.

Exit codes: 0 fine, 1 finding (diagnose recognised a failure, or a policy denies a request the
job makes), 2 usage error (bad flags, an unreadable or malformed file, a folder that is
not a cloud assembly).
`;

/** `help [command]`: the usage of the command line, or of one command, on stdout. */
export function helpCommand(command: string | undefined, io: CliIo): number {
  switch (command) {
    case undefined:
      io.out(MAIN_HELP);
      return EXIT.ok;
    case 'policy':
      io.out(POLICY_HELP);
      return EXIT.ok;
    case 'diagnose':
      io.out(DIAGNOSE_HELP);
      return EXIT.ok;
    case 'review':
      io.out(REVIEW_HELP);
      return EXIT.ok;
    default:
      io.err(`unknown command ${JSON.stringify(command)}; the commands are policy, diagnose and review\n`);
      return EXIT.usage;
  }
}
