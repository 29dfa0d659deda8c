export * from './training-role';
export * from './training-s3-location';
export { TrainingJobLaunchOptions } from './launch-guardrails';
