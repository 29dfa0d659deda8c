import { FailureRule, notPermission } from './diagnosis';

/** The job failed while running, for reasons outside IAM: memory, disk, capacity, the algorithm, SageMaker itself. */

export const outOfMemory: FailureRule = {
  id: 'out-of-memory',
  summary: 'the training process running out of memory (Out of Memory, CUDA out_of_memory, std::bad_alloc)',
  pattern: /\bout of memory\b|\bout_of_memory\b|\bOutOfMemory(?:Error)?\b|\bOOM\b|std::bad_alloc|Cannot allocate memory/i,
  diagnose: () => notPermission('out of memory', 'The training process ran out of memory', [],
    'The algorithm needed more memory than the instance has; this is not IAM.',
    'Use an instance type with more memory, a smaller batch size or model, or more instances.'),
};

export const capacityError: FailureRule = {
  id: 'capacity-error',
  summary: 'no capacity for the instances (CapacityError, EC2InsufficientCapacityError)',
  pattern: /\bCapacityError\b|insufficient capacity|InsufficientInstanceCapacity|unable to provision requested ML compute capacity|temporarily unavailable in supported availability zones/i,
  diagnose: () => notPermission('capacity', 'SageMaker had no capacity for the requested instances', [],
    'The instance type was not available in the region at the time; this is not IAM.',
    'Retry later, choose another instance type, or use managed spot training with a longer MaxWaitTimeInSeconds.'),
};

export const internalServerError: FailureRule = {
  id: 'internal-server-error',
  summary: 'an error of SageMaker itself (InternalServerError)',
  pattern: /\bInternalServerError\b|internal server error/i,
  diagnose: () => notPermission('internal error', 'A SageMaker service error', [],
    'SageMaker failed on its side; this is not IAM.',
    'Retry the job; if it keeps failing, contact AWS Support with the training job ARN.'),
};

/**
 * The volume was too small: `ClientError: Data download failed:Insufficient disk space`
 * (aws/sagemaker-python-sdk#128), `Artifact upload failed:Insufficient disk space`
 * (huggingface/blog#114), `No space left on device`.
 */
export const diskSpace: FailureRule = {
  id: 'disk-space',
  summary: 'a volume too small for the data or the model (Insufficient disk space, No space left on device)',
  pattern: /Insufficient disk space|No space left on device/i,
  diagnose: () => notPermission('disk space', 'The job ran out of disk space', [],
    'The data, checkpoints or model did not fit on the instance\'s storage volume; this is not IAM.',
    'Give the job a larger volume (ResourceConfig.VolumeSizeInGB, volume_size in the SDK), or stream the input (FastFile or Pipe mode) instead of downloading it.'),
};

/**
 * The training code failed: `AlgorithmError: ...`, `ExecuteUserScriptError`, an exit code
 * (aws/amazon-sagemaker-examples#1224, #3444; a local pipeline's `Process exited with code: 1`,
 * #3736). It comes after the rules that read refused requests, which a script's traceback may carry.
 */
export const algorithmError: FailureRule = {
  id: 'algorithm-error',
  summary: 'the training code failing (AlgorithmError, ExecuteUserScriptError, an exit code)',
  pattern: /\bAlgorithmError\b|ExecuteUserScriptError|Process exited with code|\bexit code:?\s*\d+/i,
  diagnose: () => notPermission('algorithm error', 'The training code failed', [],
    'The algorithm or the training script stopped with an error; this is not IAM. The job\'s CloudWatch log (/aws/sagemaker/TrainingJobs, its stream <job>/algo-1-...) has the full traceback.',
    'Read the traceback in the job\'s log, fix the script or its dependencies, and try it in local mode (instance_type="local") first.'),
};
