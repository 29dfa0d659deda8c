/**
 * Integration test: the role runs a real SageMaker training job, and a role with one statement
 * removed fails the way `sagemaker-training-role diagnose` recognises.
 *
 * One stack (`SageMakerTrainingRoleInteg`): a KMS key; a data bucket and a model bucket encrypted
 * with it; a tiny synthetic CSV dataset uploaded with `BucketDeployment`; two roles with the same
 * props, `Complete` and `DataReadRemoved` (its `TrainingDataRead` statement, `s3:GetObject` on
 * the training prefix, removed through an escape hatch); and two training jobs started by
 * `AwsCustomResource` (CreateTrainingJob) with the built-in XGBoost algorithm on one
 * `ml.m5.large`, 2 boosting rounds on 24 rows. The launcher role gets its permissions from
 * `grantLaunch`, so the launch guardrails are exercised too.
 *
 * Assertions (integ-tests-alpha, run by `integ-runner` after deployment):
 * - `DescribeTrainingJob` of the first job reaches `TrainingJobStatus: Completed`, and its
 *   `model.tar.gz` exists under the output prefix (`ListObjectsV2`);
 * - the second job reaches `Failed` with a `FailureReason` matching `DATA_DOWNLOAD_DENIED_PATTERN`.
 *
 * The test command only synthesizes this app and compares it with the committed snapshot
 * (`integ-runner` without `--force` or `--update-on-failed` deploys nothing). Deploying it for
 * real is described in the README ("Integration tests").
 */
import * as path from 'path';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, CfnMapping, Duration, Fn, RemovalPolicies, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { DATA_DOWNLOAD_DENIED_PATTERN, REMOVED_STATEMENT_SID } from './expected-failure';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../../src';

/**
 * The accounts that publish the built-in XGBoost image (`sagemaker-xgboost:1.7-1`), by region, in
 * the commercial partition. From aws/sagemaker-python-sdk@a24812666d258d9d19c9a82d0c9385ca0bd3ba01
 * sagemaker-core/src/sagemaker/core/image_uri_config/xgboost.json, `training.versions["1.7-1"]`;
 * the image URI is `<account>.dkr.ecr.<region>.<domain>/sagemaker-xgboost:1.7-1`
 * (sagemaker-core/src/sagemaker/core/image_uris.py, `ECR_URI_TEMPLATE`; the tag is the version).
 *
 * SageMaker pulls built-in algorithm images with its own credentials: the execution role needs no
 * ECR permission for them (https://docs.aws.amazon.com/sagemaker/latest/dg/API_AlgorithmSpecification.html).
 */
const XGBOOST_ACCOUNTS: { [region: string]: string } = {
  'af-south-1': '510948584623',
  'ap-east-1': '651117190479',
  'ap-northeast-1': '354813040037',
  'ap-northeast-2': '366743142698',
  'ap-northeast-3': '867004704886',
  'ap-south-1': '720646828776',
  'ap-south-2': '628508329040',
  'ap-southeast-1': '121021644041',
  'ap-southeast-2': '783357654285',
  'ap-southeast-3': '951798379941',
  'ap-southeast-4': '106583098589',
  'ca-central-1': '341280168497',
  'ca-west-1': '190319476487',
  'eu-central-1': '492215442770',
  'eu-central-2': '680994064768',
  'eu-north-1': '662702820516',
  'eu-south-1': '978288397137',
  'eu-south-2': '104374241257',
  'eu-west-1': '141502667606',
  'eu-west-2': '764974769150',
  'eu-west-3': '659782779980',
  'il-central-1': '898809789911',
  'me-central-1': '272398656194',
  'me-south-1': '801668240914',
  'sa-east-1': '737474898029',
  'us-east-1': '683313688378',
  'us-east-2': '257758044811',
  'us-west-1': '746614075791',
  'us-west-2': '246618743249',
};

/** Job names start with this; `grantLaunch` lets the launcher start only such jobs. */
const JOB_NAME_PREFIX = 'srole-integ-';

/** What the launcher may start, and what each job asks for. */
const INSTANCE_TYPE = 'ml.m5.large';
const MAX_RUNTIME = Duration.minutes(15);

/** The prefixes the roles are built for; the dataset is uploaded under the input prefix. */
const INPUT_PREFIX = 'datasets/train/';
const OUTPUT_PREFIX = 'models/';

class TrainingRoleIntegStack extends Stack {
  /** The training job names (tokens: they contain this stack's id, so each deployment is unique). */
  public readonly completeJobName: string;
  public readonly deniedJobName: string;
  public readonly modelBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const key = new kms.Key(this, 'TrainingKey', {
      description: 'Integration test of cdk-sagemaker-training-role: data, models and volumes',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    const bucketProps: s3.BucketProps = {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    };
    const dataBucket = new s3.Bucket(this, 'DataBucket', bucketProps);
    this.modelBucket = new s3.Bucket(this, 'ModelBucket', bucketProps);

    // Synthetic data: 24 rows, label first, no header (the built-in XGBoost CSV format,
    // https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html).
    const dataset = new s3deploy.BucketDeployment(this, 'Dataset', {
      sources: [s3deploy.Source.asset(path.join(__dirname, 'dataset', 'train'))],
      destinationBucket: dataBucket,
      destinationKeyPrefix: INPUT_PREFIX,
    });

    const roleProps: SageMakerTrainingRoleProps = {
      inputBuckets: [{ bucket: dataBucket, prefix: INPUT_PREFIX }],
      outputBucket: { bucket: this.modelBucket, prefix: OUTPUT_PREFIX },
      volumeKmsKey: key,
    };
    const complete = new SageMakerTrainingRole(this, 'Complete', roleProps);
    const denied = new SageMakerTrainingRole(this, 'DataReadRemoved', roleProps);
    removeStatement(denied, REMOVED_STATEMENT_SID);

    // The launcher: the custom resource's Lambda function, allowed by grantLaunch only.
    const launcher = new iam.Role(this, 'Launcher', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
    for (const role of [complete, denied]) {
      role.grantLaunch(launcher, { jobNamePrefix: JOB_NAME_PREFIX, instanceTypes: [INSTANCE_TYPE], maxRuntime: MAX_RUNTIME });
    }

    const accounts = new CfnMapping(this, 'XgboostImageAccounts', {
      mapping: Object.fromEntries(Object.entries(XGBOOST_ACCOUNTS).map(([region, account]) => [region, { account }])),
    });
    const image = `${accounts.findInMap(this.region, 'account')}.dkr.ecr.${this.region}.${this.urlSuffix}/sagemaker-xgboost:1.7-1`;
    // The stack id's UUID: a new one at each deployment, and training job names are never reusable.
    const deploymentId = Fn.select(2, Fn.split('/', this.stackId));

    this.completeJobName = `${JOB_NAME_PREFIX}ok-${deploymentId}`;
    this.deniedJobName = `${JOB_NAME_PREFIX}denied-${deploymentId}`;
    for (const [jobId, role, jobName] of [['CompleteJob', complete, this.completeJobName], ['DeniedJob', denied, this.deniedJobName]] as const) {
      const job = startTrainingJob(this, jobId, { role, jobName, image, launcher });
      job.node.addDependency(dataset);
    }

    // Nothing outlives the test: the Lambda functions' log groups are deleted too (the key is
    // scheduled for deletion after its pending window).
    RemovalPolicies.of(this).destroy();
  }
}

interface TrainingJobOptions {
  readonly role: SageMakerTrainingRole;
  readonly jobName: string;
  readonly image: string;
  readonly launcher: iam.IRole;
}

/**
 * Starts a training job when the stack is created (CreateTrainingJob) and stops it when the stack
 * is deleted (a job that already ended cannot be stopped: that error is ignored).
 */
function startTrainingJob(scope: Construct, id: string, options: TrainingJobOptions): cr.AwsCustomResource {
  // The fields the role was derived from (RoleArn, S3 URIs, KMS keys), rendered by the role itself.
  const request = options.role.renderTrainingJobRequest();
  const job = new cr.AwsCustomResource(scope, id, {
    onCreate: {
      service: 'SageMaker',
      action: 'createTrainingJob',
      parameters: {
        ...request,
        TrainingJobName: options.jobName,
        AlgorithmSpecification: { TrainingImage: options.image, TrainingInputMode: 'File' },
        // The built-in XGBoost reads the channel named `train`, in CSV.
        InputDataConfig: request.InputDataConfig.map((channel: any) => ({ ...channel, ChannelName: 'train', ContentType: 'text/csv' })),
        ResourceConfig: { ...request.ResourceConfig, InstanceType: INSTANCE_TYPE, InstanceCount: 1, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: MAX_RUNTIME.toSeconds() },
        // num_round is the one required hyperparameter (https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost_hyperparameters.html).
        HyperParameters: { num_round: '2', objective: 'reg:squarederror' },
      },
      physicalResourceId: cr.PhysicalResourceId.of(options.jobName),
    },
    onDelete: {
      service: 'SageMaker',
      action: 'stopTrainingJob',
      parameters: { TrainingJobName: options.jobName },
      ignoreErrorCodesMatching: 'ValidationException',
    },
    role: options.launcher,
    installLatestAwsSdk: false,
  });
  // Start only once the role's policies and the launcher's grants exist.
  job.node.addDependency(options.role, options.launcher);
  return job;
}

/**
 * Escape hatch, for this test only: removes the statement with `sid` from whichever of the role's
 * managed policies holds it.
 */
function removeStatement(role: SageMakerTrainingRole, sid: string): void {
  const stack = Stack.of(role);
  let removed = 0;
  for (const policy of role.permissionPolicies) {
    const cfn = policy.node.defaultChild as iam.CfnManagedPolicy;
    const statements: any[] = stack.resolve(cfn.policyDocument).Statement;
    const kept = statements.filter((s) => s.Sid !== sid);
    if (kept.length !== statements.length) {
      cfn.addPropertyOverride('PolicyDocument.Statement', kept);
      removed += statements.length - kept.length;
    }
  }
  if (removed !== 1) {
    throw new Error(`expected exactly one statement ${sid} in ${role.node.path}, found ${removed}`);
  }
}

const app = new App();
const stack = new TrainingRoleIntegStack(app, 'SageMakerTrainingRoleInteg');
const integ = new IntegTest(app, 'TrainingJob', {
  testCases: [stack],
  // Deploy from scratch only: the update workflow would deploy the committed snapshot first, and
  // the snapshot then needs no asset files (the dataset and the deployment Lambda's code).
  stackUpdateWorkflow: false,
});

const waitForEnd = { totalTimeout: Duration.minutes(30), interval: Duration.seconds(30) };

const completed = integ.assertions
  .awsApiCall('SageMaker', 'describeTrainingJob', { TrainingJobName: stack.completeJobName })
  .expect(ExpectedResult.objectLike({ TrainingJobStatus: 'Completed' }))
  .waitForAssertions(waitForEnd);

const modelArtifact = integ.assertions
  .awsApiCall('S3', 'listObjectsV2', {
    Bucket: stack.modelBucket.bucketName,
    Prefix: `${OUTPUT_PREFIX}${stack.completeJobName}/output/model.tar.gz`,
  })
  .expect(ExpectedResult.objectLike({ KeyCount: 1 }));
// ListObjectsV2 is authorized as s3:ListBucket (the provider would otherwise ask for s3:ListObjectsV2).
modelArtifact.provider.addToRolePolicy({ Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [stack.modelBucket.bucketArn] });
completed.next(modelArtifact);

integ.assertions
  .awsApiCall('SageMaker', 'describeTrainingJob', { TrainingJobName: stack.deniedJobName })
  .expect(ExpectedResult.objectLike({
    TrainingJobStatus: 'Failed',
    FailureReason: Match.stringLikeRegexp(DATA_DOWNLOAD_DENIED_PATTERN),
  }))
  .waitForAssertions(waitForEnd);

app.synth();
