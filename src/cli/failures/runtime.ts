import { FailureRule, notPermission } from './diagnosis';

/** The job failed while running, for reasons outside IAM: memory, capacity, SageMaker itself. */

export const outOfMemory: FailureRule = {
  id: 'out-of-memory',
  pattern: /\bout of memory\b|\bOutOfMemory(?:Error)?\b|\bOOM\b/i,
  diagnose: () => notPermission('The training process ran out of memory', [],
    'The algorithm needed more memory than the instance has; this is not IAM.',
    'Use an instance type with more memory, a smaller batch size or model, or more instances.'),
};

export const capacityError: FailureRule = {
  id: 'capacity-error',
  pattern: /\bCapacityError\b|insufficient capacity|unable to provision requested ML compute capacity/i,
  diagnose: () => notPermission('SageMaker had no capacity for the requested instances', [],
    'The instance type was not available in the region at the time; this is not IAM.',
    'Retry later, choose another instance type, or use managed spot training with a longer MaxWaitTimeInSeconds.'),
};

export const internalServerError: FailureRule = {
  id: 'internal-server-error',
  pattern: /\bInternalServerError\b|internal server error/i,
  diagnose: () => notPermission('A SageMaker service error', [],
    'SageMaker failed on its side; this is not IAM.',
    'Retry the job; if it keeps failing, contact AWS Support with the training job ARN.'),
};
