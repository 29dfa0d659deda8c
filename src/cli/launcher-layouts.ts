import { S3Uri } from './aws-names';
import { JobSpec } from './job';
import { LocationSpec, RoleSpec } from './synth';

/**
 * What the SageMaker Python SDK's layouts tell about a job's S3 paths, when its name is known:
 * the training code as the SDK staged it and TensorFlow's `model_dir`. A role built from a layout
 * serves every job the same launcher starts, not only this one.
 */
export interface DetectedLayouts {
  readonly trainingCode?: RoleSpec['trainingCode'];
  readonly modelDir?: RoleSpec['modelDir'];
  /** Inputs the code layout reads (staged local inputs of `ModelTrainer`): not inputs of their own. */
  readonly claimed: S3Uri[];
  readonly notes: string[];
}

/** `key` without `suffix`, when it ends with it. */
function before(key: string, suffix: string): string | undefined {
  return key.endsWith(suffix) ? key.slice(0, key.length - suffix.length) : undefined;
}

const folder = (key: string) => (key === '' || key.endsWith('/') ? key : `${key}/`);

export function detectLayouts(job: JobSpec, output: LocationSpec): DetectedLayouts {
  const notes: string[] = [];
  const claimed: S3Uri[] = [];
  const name = job.jobName;
  let trainingCode: RoleSpec['trainingCode'];

  const code = job.inputs.filter((i) => i.code);
  const submitDir = code.find((i) => i.source.startsWith('HyperParameters.'));
  const channels = code.filter((i) => !i.source.startsWith('HyperParameters.'));
  if (submitDir) {
    // SDK v2: <code location>/<job name>/source/sourcedir.tar.gz (estimator.py:1126-1141, fw_utils.py:450).
    const prefix = name === undefined ? undefined : before(submitDir.uri.key, `${name}/source/sourcedir.tar.gz`);
    trainingCode = prefix === undefined
      ? { layout: 'location', location: { bucket: submitDir.uri.bucket, prefix: submitDir.uri.key } }
      : { layout: 'sdk-estimator', location: { bucket: submitDir.uri.bucket, prefix } };
  } else if (channels.length > 0) {
    // SDK v3 ModelTrainer: <staging>/<job name>/input/<channel> (model_trainer.py:580-581, 1035-1044).
    const staging = name === undefined ? undefined
      : channels.map((c) => before(c.uri.key.replace(/\/$/, ''), `${name}/input/${c.source.replace(/^.*\((.*)\)$/, '$1')}`));
    const bucket = channels[0].uri.bucket;
    if (staging && staging.every((s) => s !== undefined && s === staging[0]) && channels.every((c) => c.uri.bucket === bucket)) {
      const jobInputs = `${staging[0]}${name}/input/`;
      const staged = job.inputs.filter((i) => !i.code && i.uri.bucket === bucket && i.uri.key.startsWith(jobInputs));
      claimed.push(...staged.map((i) => i.uri));
      trainingCode = { layout: staged.length > 0 ? 'model-trainer-with-inputs' : 'model-trainer', location: { bucket, prefix: staging[0]! } };
    } else {
      notes.push(`the code channels (${channels.map((c) => c.source).join(', ')}) are not laid out as SDK v3 ModelTrainer stages them (<staging>/<job name>/input/<channel>): they are read as inputs, and not protected from writes.`);
    }
  }

  let modelDir: RoleSpec['modelDir'];
  if (job.modelDir) {
    const underOutput = name !== undefined && job.modelDir.bucket === output.bucket
      && job.modelDir.key.replace(/\/$/, '') === `${output.prefix}${name}/model`;
    modelDir = underOutput
      ? { underOutput: true }
      : { underOutput: false, location: { bucket: job.modelDir.bucket, prefix: folder(job.modelDir.key) } };
  }
  return { trainingCode, modelDir, claimed, notes };
}
