export * from './training-role';
export * from './training-s3-location';
export * from './training-image';
export type { TrainingJobLaunchOptions } from './launch-guardrails';
