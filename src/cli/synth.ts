import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { domainSuffixOfRegion } from './aws-names';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps, TensorFlowModelDir, TrainingCode, TrainingS3Location } from './library';

/** Where the role lives: concrete values, never tokens. */
export interface Environment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

/** An S3 location with its key, all as plain names and ARNs. */
export interface LocationSpec {
  readonly bucket: string;
  /** `''` for the whole bucket. */
  readonly prefix: string;
  readonly keyArn?: string;
}

/** How the training code is laid out under its location (the construct's `TrainingCode` factories). */
export type CodeLayout = 'location' | 'sdk-estimator' | 'model-trainer' | 'model-trainer-with-inputs';

/** Everything the role is built from, as plain values (what the flags or a job JSON give). */
export interface RoleSpec {
  readonly env: Environment;
  readonly inputs: LocationSpec[];
  readonly output: LocationSpec;
  readonly outputKeyArn?: string;
  readonly volumeKeyArn?: string;
  readonly checkpoint?: LocationSpec;
  readonly repositoryArns: string[];
  /** The training code (script mode). */
  readonly trainingCode?: { readonly layout: CodeLayout; readonly location: LocationSpec };
  /** TensorFlow's `model_dir`: the SDK's default under the output, or a location. */
  readonly modelDir?: { readonly underOutput: boolean; readonly location?: LocationSpec };
  /** Where TensorBoard, the Debugger hook and the Profiler write, when not under the output. */
  readonly tensorBoard?: LocationSpec;
  readonly debugHook?: LocationSpec;
  readonly profiler?: LocationSpec;
  /** Whether Debugger or Profiler rules run. */
  readonly debuggerRules?: boolean;
  readonly vpc?: { readonly vpcId: string; readonly subnetIds: string[]; readonly securityGroupIds: string[] };
  readonly maxManagedPolicies?: number;
}

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: Statement[];
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  /** Absent in trust policies and repository policies. */
  readonly Resource?: string | string[];
  readonly Condition?: { [operator: string]: { [key: string]: string | string[] } };
  readonly Principal?: unknown;
}

/** The role as IAM takes it: the trust policy and the permission policies, plain JSON. */
export interface RolePolicies {
  readonly trustPolicy: PolicyDocument;
  readonly policies: { readonly name: string; readonly document: PolicyDocument }[];
}

export interface BuildResult extends RolePolicies {
  /** Warnings the construct reported (acknowledgeable ids included). */
  readonly warnings: string[];
}

/**
 * Builds the role exactly as the construct does: an in-memory app and stack pinned to the
 * environment, the resources imported by name and ARN, a `SageMakerTrainingRole`, a synthesis,
 * and the synthesized policies with their intrinsics resolved for that environment.
 */
export function buildRolePolicies(spec: RoleSpec): BuildResult {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagemaker-training-role-'));
  try {
    // aws-cdk-lib's built-in CloudFormation template validation runs a WASM validator at every
    // synth, most of the time of this command; the role's template needs none of it.
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'SageMakerTrainingRole', { env: { account: spec.env.account, region: spec.env.region } });
    const role = new SageMakerTrainingRole(stack, 'Role', propsFor(stack, spec));
    const assembly = app.synth();
    const artifact = assembly.getStackArtifact(stack.artifactId);
    const template = artifact.template as { Resources: { [id: string]: { Properties: any } } };
    const resolve = (value: unknown) => readable(resolveIntrinsics(spec.env, value) as PolicyDocument);

    const roleId = stack.getLogicalId(role.node.defaultChild as CfnElement);
    const policies = role.permissionPolicies.map((policy) => {
      const id = stack.getLogicalId(policy.node.defaultChild as CfnElement);
      return { name: policy.node.id, document: resolve(template.Resources[id].Properties.PolicyDocument) as PolicyDocument };
    });
    // Only the role's own warnings: importing subnets without route tables warns too, irrelevantly.
    const warnings = artifact.messages
      .filter((m) => m.level === 'warning' && m.id.startsWith(`/${role.node.path}`))
      .map((m) => String(m.entry.data).replace(/\s*\[ack: [^\]]+\]\s*$/, ''));
    return {
      trustPolicy: resolve(template.Resources[roleId].Properties.AssumeRolePolicyDocument) as PolicyDocument,
      policies,
      warnings,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function propsFor(stack: Stack, spec: RoleSpec): SageMakerTrainingRoleProps {
  const buckets = new Map<string, s3.IBucket>();
  const bucket = (name: string) => {
    let b = buckets.get(name);
    if (!b) {
      b = s3.Bucket.fromBucketName(stack, `Bucket${buckets.size + 1}`, name);
      buckets.set(name, b);
    }
    return b;
  };
  const keys = new Map<string, kms.IKey>();
  const key = (arn: string | undefined) => {
    if (arn === undefined) {
      return undefined;
    }
    let k = keys.get(arn);
    if (!k) {
      k = kms.Key.fromKeyArn(stack, `Key${keys.size + 1}`, arn);
      keys.set(arn, k);
    }
    return k;
  };
  const location = (l: LocationSpec): TrainingS3Location => ({ bucket: bucket(l.bucket), prefix: l.prefix, encryptionKey: key(l.keyArn) });

  let vpc: ec2.IVpc | undefined;
  let securityGroups: ec2.ISecurityGroup[] | undefined;
  if (spec.vpc) {
    // Zones do not appear in the policy; one placeholder zone lets any number of subnets import.
    vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: spec.vpc.vpcId,
      availabilityZones: [`${spec.env.region}-zone`],
      privateSubnetIds: spec.vpc.subnetIds,
    });
    securityGroups = spec.vpc.securityGroupIds.map((id, i) => ec2.SecurityGroup.fromSecurityGroupId(stack, `SecurityGroup${i + 1}`, id));
  }

  const code = spec.trainingCode;
  let trainingCode: TrainingCode | undefined;
  if (code) {
    const at = location(code.location);
    trainingCode = code.layout === 'sdk-estimator' ? TrainingCode.fromSdkEstimator({ codeLocation: at })
      : code.layout === 'location' ? TrainingCode.fromLocation(at)
        : TrainingCode.fromModelTrainer({ stagingLocation: at, stagedInputs: code.layout === 'model-trainer-with-inputs' });
  }
  const modelDir = spec.modelDir;
  return {
    inputBuckets: spec.inputs.map(location),
    trainingCode,
    tensorFlowModelDir: !modelDir ? undefined
      : modelDir.underOutput ? TensorFlowModelDir.underOutput() : TensorFlowModelDir.fromLocation(location(modelDir.location!)),
    tensorBoardOutput: spec.tensorBoard ? location(spec.tensorBoard) : undefined,
    debugHookOutput: spec.debugHook ? location(spec.debugHook) : undefined,
    profilerOutput: spec.profiler ? location(spec.profiler) : undefined,
    debuggerRules: spec.debuggerRules,
    outputBucket: location(spec.output),
    outputKmsKey: key(spec.outputKeyArn),
    volumeKmsKey: key(spec.volumeKeyArn),
    checkpointBucket: spec.checkpoint ? location(spec.checkpoint) : undefined,
    ecrRepositories: spec.repositoryArns.map((arn, i) => ecr.Repository.fromRepositoryArn(stack, `Repository${i + 1}`, arn)),
    vpc,
    securityGroups,
    maxManagedPolicies: spec.maxManagedPolicies,
  };
}

/** The keys of a policy in the order people write them (Version, Statement; Sid, Effect, ...). */
function readable(document: PolicyDocument): PolicyDocument {
  const order = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return {
    Version: document.Version,
    Statement: document.Statement.map((s) => Object.fromEntries(Object.entries(s).sort(([a], [b]) => rank(a) - rank(b))) as unknown as Statement),
  };
}

/**
 * Resolves the intrinsics a role of imported resources synthesizes to: the pseudo parameters
 * and `Fn::Join`. Anything else would mean a resource of the stack leaked into a policy.
 */
export function resolveIntrinsics(env: Environment, value: unknown, at = '$'): unknown {
  if (Array.isArray(value)) {
    return value.map((v, i) => resolveIntrinsics(env, v, `${at}[${i}]`));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const entries = Object.entries(value as { [key: string]: unknown });
  if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::'))) {
    const [fn, arg] = entries[0];
    if (fn === 'Ref') {
      switch (arg) {
        case 'AWS::Partition': return env.partition;
        case 'AWS::Region': return env.region;
        case 'AWS::AccountId': return env.account;
        case 'AWS::URLSuffix': return domainSuffixOfRegion(env.region);
      }
    } else if (fn === 'Fn::Join' && Array.isArray(arg) && typeof arg[0] === 'string' && Array.isArray(arg[1])) {
      return (resolveIntrinsics(env, arg[1], at) as unknown[]).map(String).join(arg[0]);
    }
    throw new Error(`cannot resolve ${JSON.stringify(value)} at ${at}: the policy refers to a resource of the stack`);
  }
  const out: { [key: string]: unknown } = {};
  for (const [k, v] of entries) {
    out[k] = resolveIntrinsics(env, v, `${at}.${k}`);
  }
  return out;
}
