/**
 * Locations that overlap. Checkpoints overlapping the output, or covering an input, are errors:
 * SageMaker copies the whole checkpoint prefix into each job and mirrors deletions back to S3
 * (SageMaker Developer Guide, "Checkpoints"), so the role would need to delete model artifacts or
 * training data. Inputs and output overlapping, and duplicates, are legal: warnings.
 */
import { CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../../src';
import { newStack } from '../util/fixtures';
import { build } from '../util/statements';
import { warningIds, warningMessages } from '../util/warnings';

const bucket = (stack: Stack, name = 'example-ml') => s3.Bucket.fromBucketName(stack, name, name);

function warningsWith(props: (stack: Stack) => SageMakerTrainingRoleProps): Stack {
  const stack = newStack();
  new SageMakerTrainingRole(stack, 'Role', props(stack));
  return stack;
}

describe('checkpoints and output: an error when they overlap', () => {
  const message = (checkpoint: string, output: string) =>
    `checkpointBucket: the checkpoint location overlaps the output location (s3://example-ml/${output}): SageMaker copies everything under the checkpoint prefix into each job and mirrors deletions back to S3, so checkpoint sync could delete or overwrite model artifacts, and the role would need to delete them. Give checkpoints and output separate prefixes, for example "checkpoints/" and "models/". Got: "s3://example-ml/${checkpoint}".`;

  test.each([
    ['the same prefix', 'runs/', 'runs/'],
    ['checkpoints inside the output', 'runs/checkpoints/', 'runs/'],
    ['the output inside the checkpoints', 'runs/', 'runs/models/'],
    ['the whole bucket as checkpoints', '', 'models/'],
  ])('fails for %s', (_, checkpoint, output) => {
    expect(() => build((stack) => {
      const b = bucket(stack);
      return { outputBucket: { bucket: b, prefix: output }, checkpointBucket: { bucket: b, prefix: checkpoint } };
    })).toThrow(message(checkpoint, output));
  });

  test('accepts sibling prefixes of one bucket', () => {
    expect(() => build((stack) => {
      const b = bucket(stack);
      return { outputBucket: { bucket: b, prefix: 'runs/models/' }, checkpointBucket: { bucket: b, prefix: 'runs/checkpoints/' } };
    })).not.toThrow();
  });

  test('accepts the same prefix in two buckets', () => {
    expect(() => build((stack) => ({
      outputBucket: { bucket: bucket(stack, 'example-models'), prefix: 'runs/' },
      checkpointBucket: { bucket: bucket(stack, 'example-checkpoints'), prefix: 'runs/' },
    }))).not.toThrow();
  });

  test('accepts overlapping-looking prefixes when one is a token (undecidable)', () => {
    expect(() => build((stack) => {
      const b = bucket(stack);
      return { outputBucket: { bucket: b, prefix: 'runs/' }, checkpointBucket: { bucket: b, prefix: new CfnParameter(stack, 'P').valueAsString } };
    })).not.toThrow();
  });
});

describe('checkpoints overlapping the source code or a debugging output: an error', () => {
  test.each([
    ['sourceCodeLocation', 'state/code/'],
    ['tensorBoardOutput', 'state/tensorboard/'],
    ['debugHookOutput', 'state/'],
    ['profilerOutput', 'state/profiler/'],
  ])('fails for checkpoints overlapping %s, naming it', (prop, prefix) => {
    expect(() => build((stack) => {
      const b = bucket(stack);
      return {
        outputBucket: { bucket: bucket(stack, 'example-models'), prefix: 'm/' },
        checkpointBucket: { bucket: b, prefix: 'state/' },
        [prop]: { bucket: b, prefix },
      };
    })).toThrow(`checkpointBucket: the checkpoint location overlaps ${prop} (s3://example-ml/${prefix}): SageMaker mirrors deletions in the checkpoint directory back to S3, so the role would need to write and delete there too. Give checkpoints a prefix of their own. Got: "s3://example-ml/state/".`);
  });

  test('accepts checkpoints beside the source code and the outputs', () => {
    expect(() => build((stack) => {
      const b = bucket(stack);
      return {
        outputBucket: { bucket: bucket(stack, 'example-models'), prefix: 'm/' },
        checkpointBucket: { bucket: b, prefix: 'state/' },
        sourceCodeLocation: { bucket: b, prefix: 'code/' },
        debugHookOutput: { bucket: b, prefix: 'debug/' },
      };
    })).not.toThrow();
  });
});

describe('checkpoints covering an input: an error', () => {
  test('fails for checkpoints at the input prefix, naming the input', () => {
    expect(() => build((stack) => {
      const b = bucket(stack);
      return {
        inputBuckets: [{ bucket: b, prefix: 'data/' }, { bucket: b, prefix: 'state/train/' }],
        outputBucket: { bucket: bucket(stack, 'example-models'), prefix: 'm/' },
        checkpointBucket: { bucket: b, prefix: 'state/' },
      };
    })).toThrow('checkpointBucket: the checkpoint location covers the input location inputBuckets[1] (s3://example-ml/state/train/): SageMaker mirrors deletions in the checkpoint directory back to S3, so the role would need to write and delete training data. Give checkpoints a prefix outside every input. Got: "s3://example-ml/state/".');
  });
});

describe('the same bucket given two ways: compared by identity', () => {
  const models = (stack: Stack) => ({ bucket: bucket(stack, 'example-models'), prefix: 'm/' });
  const COVERS = (input: string, checkpoint: string) => `checkpointBucket: the checkpoint location covers the input location inputBuckets[0] (${input}): SageMaker mirrors deletions in the checkpoint directory back to S3, so the role would need to write and delete training data. Give checkpoints a prefix outside every input. Got: ${JSON.stringify(checkpoint)}.`;

  test('fails for a created bucket (name token) as checkpoints and its literal name as input', () => {
    expect(() => build((stack) => ({
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', 'example-ml'), prefix: 'data/' }],
      outputBucket: models(stack),
      checkpointBucket: { bucket: new s3.Bucket(stack, 'Ml', { bucketName: 'example-ml' }) },
    }))).toThrow(COVERS('s3://example-ml/data/', 's3://${TestStack/Ml.Ref}/'));
  });

  test('fails for a Lazy name as input and the same literal name as checkpoints', () => {
    expect(() => build((stack) => ({
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', Lazy.string({ produce: () => 'example-ml' })), prefix: 'data/' }],
      outputBucket: models(stack),
      checkpointBucket: { bucket: bucket(stack), prefix: 'data/' },
    }))).toThrow(/^checkpointBucket: the checkpoint location covers the input location inputBuckets\[0\]/);
  });

  test('accepts a created bucket without a name next to a literal name (CloudFormation names it uniquely)', () => {
    expect(() => build((stack) => ({
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', 'example-ml'), prefix: 'data/' }],
      outputBucket: models(stack),
      checkpointBucket: { bucket: new s3.Bucket(stack, 'Ml') },
    }))).not.toThrow();
  });

  test('refuses what it cannot decide: a parameter bucket whose checkpoint prefix covers a literal input\'s, with the reason', () => {
    expect(() => build((stack) => ({
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', 'example-ml'), prefix: 'data/train/' }],
      outputBucket: models(stack),
      checkpointBucket: { bucket: s3.Bucket.fromBucketName(stack, 'State', new CfnParameter(stack, 'StateBucket').valueAsString), prefix: 'data/' },
    }))).toThrow('checkpointBucket: the checkpoint location\'s prefix overlaps that of inputBuckets[0] (s3://example-ml/data/train/), and synthesis cannot tell whether the two buckets are the same (one is known only at deployment). If they are, SageMaker\'s checkpoint sync would mirror deletions into inputBuckets[0] and the role would need to delete there. Give checkpoints a prefix no other location\'s prefix starts with or extends (for example "checkpoints/"), or give both buckets as the same construct or by literal names. Got: "s3://${TestStack/StateBucket.Ref}/data/".');
  });

  test('accepts a parameter bucket whose checkpoint prefix overlaps no other prefix', () => {
    expect(() => build((stack) => ({
      inputBuckets: [{ bucket: s3.Bucket.fromBucketName(stack, 'Data', 'example-ml'), prefix: 'data/' }],
      outputBucket: models(stack),
      checkpointBucket: { bucket: s3.Bucket.fromBucketName(stack, 'State', new CfnParameter(stack, 'StateBucket').valueAsString), prefix: 'checkpoints/' },
    }))).not.toThrow();
  });

  test('warns once for a duplicate input given as a created bucket and by its literal name', () => {
    const stack = newStack();
    new SageMakerTrainingRole(stack, 'Role', {
      inputBuckets: [
        { bucket: new s3.Bucket(stack, 'Ml', { bucketName: 'example-ml' }), prefix: 'data/' },
        { bucket: s3.Bucket.fromBucketName(stack, 'Data', 'example-ml'), prefix: 'data/' },
      ],
      outputBucket: models(stack),
    });
    expect(warningIds(stack)).toContain('cdk-sagemaker-training-role:DuplicateLocation');
  });
});

describe('checkpoints inside an input: a warning', () => {
  test('warns, naming the input and the checkpoint location', () => {
    const stack = warningsWith((s) => {
      const b = bucket(s);
      return {
        inputBuckets: [{ bucket: b, prefix: 'work/' }],
        outputBucket: { bucket: bucket(s, 'example-models'), prefix: 'm/' },
        checkpointBucket: { bucket: b, prefix: 'work/checkpoints/' },
      };
    });
    expect(warningMessages(stack, 'CheckpointInsideInput')).toEqual([
      'inputBuckets[0]: the input location covers the checkpoint location (s3://example-ml/work/checkpoints/): the job reads checkpoints as training data. This is allowed; give checkpoints a prefix outside the inputs to keep the data apart. Got: "s3://example-ml/work/".',
    ]);
  });
});

describe('inputs and output overlapping: a warning', () => {
  const OUTPUT_INSIDE = (input: string, output: string) =>
    `inputBuckets[0]: the input location covers the output location (s3://example-ml/${output}): the role may read what training jobs write there, and each job's model artifacts become training data of the next. This is allowed; give the output a prefix outside the inputs unless jobs should read earlier artifacts. Got: "s3://example-ml/${input}".`;
  const INPUT_INSIDE = (input: string, output: string) =>
    `inputBuckets[0]: the input location lies within the output location (s3://example-ml/${output}): the role may write (s3:PutObject) where it reads. This is allowed (incremental training reads an earlier job's artifacts); SageMaker itself writes only under <output>/<job name>/. Got: "s3://example-ml/${input}".`;
  const withInputAndOutput = (input: string, output: string) => warningsWith((s) => {
    const b = bucket(s);
    return { inputBuckets: [{ bucket: b, prefix: input }], outputBucket: { bucket: b, prefix: output } };
  });

  test('warns for the same prefix as input and output', () => {
    expect(warningMessages(withInputAndOutput('runs/', 'runs/'), 'OutputInsideInput')).toEqual([OUTPUT_INSIDE('runs/', 'runs/')]);
  });

  test('warns for an output nested under an input', () => {
    expect(warningMessages(withInputAndOutput('runs/', 'runs/models/'), 'OutputInsideInput')).toEqual([OUTPUT_INSIDE('runs/', 'runs/models/')]);
  });

  test('warns for an input nested under the output', () => {
    expect(warningMessages(withInputAndOutput('models/job-1/output/', 'models/'), 'InputInsideOutput'))
      .toEqual([INPUT_INSIDE('models/job-1/output/', 'models/')]);
  });

  test('does not warn for sibling prefixes', () => {
    expect(warningIds(withInputAndOutput('data/', 'models/'))).toEqual([]);
  });

  test('does not warn for a string prefix that is not a folder of the other ("model" vs "models/" is an overlap, "models-a/" vs "models/" is not)', () => {
    expect(warningIds(withInputAndOutput('models-a/', 'models/'))).toEqual([]);
    expect(warningMessages(withInputAndOutput('model', 'models/'), 'OutputInsideInput')).toEqual([OUTPUT_INSIDE('model', 'models/')]);
  });
});

describe('duplicate input locations: a warning', () => {
  test('warns for the second of two equal locations, naming the first', () => {
    const stack = warningsWith((s) => {
      const b = bucket(s);
      return {
        inputBuckets: [{ bucket: b, prefix: 'data/' }, { bucket: b, prefix: 'other/' }, { bucket: b, prefix: 'data/' }],
        outputBucket: { bucket: bucket(s, 'example-models'), prefix: 'm/' },
      };
    });
    expect(warningMessages(stack, 'DuplicateLocation')).toEqual([
      'inputBuckets[2]: the same location as inputBuckets[0]; it is granted once. Remove one of them. Got: "s3://example-ml/data/".',
    ]);
  });

  test('recognizes one created bucket given twice', () => {
    const stack = warningsWith((s) => {
      const b = new s3.Bucket(s, 'Data');
      return {
        inputBuckets: [{ bucket: b, prefix: 'data/' }, { bucket: b, prefix: 'data/' }],
        outputBucket: { bucket: bucket(s, 'example-models'), prefix: 'm/' },
      };
    });
    expect(warningMessages(stack, 'DuplicateLocation')).toEqual([
      'inputBuckets[1]: the same location as inputBuckets[0]; it is granted once. Remove one of them. Got: "s3://${TestStack/Data.Ref}/data/".',
    ]);
  });

  test('does not warn for a prefix nested in another input (a legal narrowing, compacted away)', () => {
    const stack = warningsWith((s) => {
      const b = bucket(s);
      return { inputBuckets: [{ bucket: b, prefix: 'data/' }, { bucket: b, prefix: 'data/train/' }], outputBucket: { bucket: bucket(s, 'example-models'), prefix: 'm/' } };
    });
    expect(warningIds(stack)).toEqual([]);
  });
});
