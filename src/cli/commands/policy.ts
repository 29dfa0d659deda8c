import { flag, outputFormat, parse, str } from '../args';
import { CliIo, EXIT, UsageError } from '../io';
import { readJob } from '../job';
import { MANAGED_POLICY_CHAR_LIMIT } from '../library';
import { collectRoleSpec, ROLE_NOTES_HELP, ROLE_OPTIONS, ROLE_OPTIONS_HELP } from '../role-spec';
import { buildRolePolicies } from '../synth';
import { renderRoleTable } from '../table';

/** IAM's quota for one customer managed policy (characters without whitespace). */

export const POLICY_HELP = `Usage: sagemaker-training-role policy [--from-job FILE] [job flags] [--format json|table]

Prints the execution role of a SageMaker training job as IAM-ready JSON: the trust policy and
the customer managed policies that SageMakerTrainingRole synthesizes for the same inputs, split
to fit IAM's quotas (6,144 characters per policy, 10 policies per role by default).

  --from-job FILE         a CreateTrainingJob request (--cli-input-json), the output of
                          aws sagemaker describe-training-job, or a CreateHyperParameterTuningJob
                          request (its TrainingJobDefinition); reads InputDataConfig S3 URIs,
                          OutputDataConfig, CheckpointConfig, ResourceConfig.VolumeKmsKeyId,
                          AlgorithmSpecification.TrainingImage, VpcConfig, RoleArn, the
                          TensorBoard, Debugger and Profiler output paths, and the SageMaker
                          Python SDK's hyperparameters sagemaker_submit_directory and model_dir
${ROLE_OPTIONS_HELP}
  --max-managed-policies N  managed policies the role may use, 1 to 20 (default 10)

Output:
  --format json           (default) {"trustPolicy": {...}, "policies": [{"name", "document"}]}
  --format table          the review view, as review prints it: Sid, why, actions,
                          resources and conditions, wrapped to 80 columns
  --json                  same as --format json
  -h, --help              this help

${ROLE_NOTES_HELP}
Notes on what the role does not cover, and the construct's warnings, go to stderr.

Exit codes: 0 the policies were printed; 2 usage error (a bad flag, an unreadable or malformed
file, or an input the construct refuses, such as a key alias or a prefix with a wildcard).

Examples:
  sagemaker-training-role policy --account 111122223333 --region us-east-1 \\
    --input s3://my-data/datasets/train/ --output s3://my-models/models/ \\
    --image 111122223333.dkr.ecr.us-east-1.amazonaws.com/my-training:latest
  aws sagemaker describe-training-job --training-job-name my-job > job.json
  sagemaker-training-role policy --from-job job.json --format table
`;

export async function policyCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse('policy', args, {
    ...ROLE_OPTIONS,
    'from-job': { type: 'string' },
    'max-managed-policies': { type: 'string' },
    'format': { type: 'string' },
    'json': { type: 'boolean' },
    'help': { type: 'boolean', short: 'h' },
  }, false);
  if (flag(values, 'help')) {
    io.out(POLICY_HELP);
    return EXIT.ok;
  }
  const format = outputFormat('policy', values, ['json', 'table']);
  const maxText = str(values, 'max-managed-policies');
  let max: number | undefined;
  if (maxText !== undefined) {
    max = Number(maxText);
    if (!/^\d+$/.test(maxText) || max < 1 || max > 20) {
      throw new UsageError(`--max-managed-policies: expected a whole number from 1 to 20, got ${JSON.stringify(maxText)}`);
    }
  }
  const jobFile = str(values, 'from-job');
  const job = jobFile === undefined ? undefined : readJob(jobFile);
  const { spec, notes } = collectRoleSpec(values, job, max);
  const role = buildRolePolicies(spec);

  if (format === 'table') {
    io.out(renderRoleTable(role, MANAGED_POLICY_CHAR_LIMIT));
  } else {
    io.out(JSON.stringify({ trustPolicy: role.trustPolicy, policies: role.policies }, null, 2) + '\n');
  }
  for (const note of [...notes, ...role.warnings]) {
    io.err(`note: ${note}\n`);
  }
  return EXIT.ok;
}
