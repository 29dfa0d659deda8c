/**
 * What the integration test expects SageMaker to report when the role may list the training data
 * but not read it (its `TrainingDataRead` statement removed).
 *
 * SageMaker downloads File-mode input before the container starts; a denied `s3:GetObject` fails
 * the job with `ClientError: Data download failed:...` and an S3 access-denied text. The texts
 * users report (the permission contract, "How it fails in the field"):
 *
 *   ClientError: Data download failed:Unable to download object s3://B/K (AccessDenied: Access Denied)
 *   ClientError: Data download failed:failed to download data. 403 Forbidden (403): Forbidden
 *
 * The integration test matches `FailureReason` with this pattern, and a unit test checks that
 * `sagemaker-training-role diagnose` names both texts as an input read the role was denied.
 */
export const DATA_DOWNLOAD_DENIED_PATTERN = 'Data download failed.*(AccessDenied|Access Denied|403|Forbidden)';

/** The failure texts above, as users report them. */
export const REPORTED_DATA_DOWNLOAD_DENIALS = [
  'ClientError: Data download failed:Unable to download object s3://example-training-data/datasets/train/part-00017.csv (AccessDenied: Access Denied)',
  'ClientError: Data download failed:failed to download data. 403 Forbidden (403): Forbidden',
];

/** The statement the failing case removes from its role. */
export const REMOVED_STATEMENT_SID = 'TrainingDataRead';
