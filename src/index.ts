export * from './training-role';
export * from './training-role-props';
export * from './training-s3-location';
export * from './training-image';
export * from './training-job-launch-options';
