import { diagnoseCommand } from './commands/diagnose';
import { helpCommand, MAIN_HELP } from './commands/help';
import { policyCommand } from './commands/policy';
import { reviewCommand } from './commands/review';
import { CliIo, EXIT, PROCESS_IO, UsageError } from './io';

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
      case 'review':
        return await reviewCommand(rest, io);
      case undefined:
        io.err(MAIN_HELP);
        return EXIT.usage;
      case 'help':
      case '--help':
      case '-h':
        return helpCommand(rest[0], io);
      default:
        io.err(`unknown command ${JSON.stringify(command)}; the commands are policy, diagnose and review\n\n${MAIN_HELP}`);
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
