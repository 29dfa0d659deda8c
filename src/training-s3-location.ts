import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * An S3 location a training job reads or writes: a bucket and a key prefix.
 *
 * The prefix follows SageMaker's `S3Prefix` semantics: the location is every object whose key
 * starts with the prefix string. `datasets/train` therefore also covers `datasets/training/`;
 * end the prefix with `/` to mean one folder.
 */
export interface TrainingS3Location {
  /**
   * The bucket. Created, imported (`Bucket.fromBucketName`) and token-named buckets all work.
   */
  readonly bucket: s3.IBucket;

  /**
   * The key prefix, without a leading `/` and without wildcards.
   *
   * @default - the whole bucket: objects anywhere in it, and listing without a prefix condition
   */
  readonly prefix?: string;

  /**
   * The KMS key that encrypts the objects (SSE-KMS).
   *
   * The role may use the key only through S3 (`kms:ViaService`).
   *
   * @default - `bucket.encryptionKey` when the bucket has one; otherwise no key permission
   * (SSE-S3 needs none)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The name of the input channel this location is read as (`InputDataConfig[].ChannelName` of
   * the rendered request); for `inputBuckets` only.
   *
   * SageMaker allows 1 to 64 letters, digits, `.`, `-` and `_`. The training toolkit exposes a
   * channel to the script as the environment variable `SM_CHANNEL_<NAME in upper case>`, so a
   * name with `.` or `-` gives a variable a shell cannot read (a warning says so).
   *
   * @default - `input-<n>`, n counting the input locations from 1
   */
  readonly channelName?: string;
}
