import { runCli } from '../util/cli';

// Synthetic: the message IAM writes for a launch refused by one of grantLaunch's LaunchDeny
// statements (the documented form "... with an explicit deny in an identity-based policy").
const EXPLICIT = 'An error occurred (AccessDeniedException) when calling the CreateTrainingJob operation: User: arn:aws:sts::111122223333:assumed-role/launcher/session is not authorized to perform: sagemaker:CreateTrainingJob on resource: arn:aws:sagemaker:us-east-1:111122223333:training-job/churn-1 with an explicit deny in an identity-based policy';

describe('diagnose: a launch refused by a guardrail written as an explicit Deny', () => {
  test('names the guardrails first and never tells to narrow a LaunchDeny statement', async () => {
    const { code, out: stdout } = await runCli(['diagnose', EXPLICIT]);
    expect(code).toBe(1);
    // The text is wrapped at 80 columns: compare with whitespace folded.
    const causes = stdout.split('Causes, most likely first:')[1].replace(/\s+/g, ' ');
    const [first, second] = causes.split(' 2. ');
    expect(first).toContain('broke one of its guardrails');
    expect(first).toContain('Do not narrow or remove a LaunchDeny statement: it is the guardrail.');
    expect(second).toContain('If it is one of grantLaunch\'s guardrails (Sid LaunchDeny...), change the request instead');
  });

  test('an explicit Deny of another action is not taken for a guardrail', async () => {
    const { out: stdout } = await runCli(['diagnose', EXPLICIT.replace(/CreateTrainingJob/g, 'DescribeTrainingJob')]);
    expect(stdout).not.toContain('LaunchDeny');
  });
});
