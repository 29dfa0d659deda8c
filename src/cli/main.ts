import { diagnoseCommand, DIAGNOSE_HELP } from './diagnose';
import { CliIo, EXIT, PROCESS_IO, UsageError } from './io';
import { policyCommand, POLICY_HELP } from './policy';

const MAIN_HELP = `Usage: sagemaker-training-role <command> [options]

The least-privilege execution role of a SageMaker training job, for people who do not use CDK,
and a diagnosis of training jobs that failed on permissions.

Commands:
  policy      print the role's trust policy and permission policies as IAM-ready JSON,
              from flags or from a training job's JSON
  diagnose    name the cause of a FailureReason or API error, the resource involved and the
              statement or policy change that fixes it; check a role's policies against a job
  help [command]

Run \`sagemaker-training-role <command> --help\` for the options of a command.

Exit codes: 0 fine, 1 finding (diagnose recognised a failure, or a policy denies a request the
job makes), 2 usage error (bad flags, an unreadable or malformed file).
`;

/**
 * Runs the command line with `argv` (without `node` and the script) and resolves to the exit
 * code. Output goes to `io` (the process's streams by default).
 */
export async function run(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'policy':
        return await policyCommand(rest, io);
      case 'diagnose':
        return await diagnoseCommand(rest, io);
      case undefined:
        io.err(MAIN_HELP);
        return EXIT.usage;
      case 'help':
      case '--help':
      case '-h':
        return help(rest[0], io);
      default:
        io.err(`unknown command ${JSON.stringify(command)}; the commands are policy and diagnose\n\n${MAIN_HELP}`);
        return EXIT.usage;
    }
  } catch (e) {
    const err = e as Error;
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\nRun \`sagemaker-training-role ${command} --help\` for the options.\n`);
    } else {
      // The construct's own checks (TrainingRoleError, CDK validation) explain the input they refuse.
      io.err(`error: ${err.message ?? String(err)}\n`);
    }
    return EXIT.usage;
  }
}

function help(command: string | undefined, io: CliIo): number {
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
    default:
      io.err(`unknown command ${JSON.stringify(command)}; the commands are policy and diagnose\n`);
      return EXIT.usage;
  }
}
