/** The prefix of this library's warning and error ids: users acknowledge warnings by the full id. */
export const LIBRARY_ID = 'cdk-sagemaker-training-role';
