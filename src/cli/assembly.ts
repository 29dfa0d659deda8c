import * as fs from 'fs';
import * as path from 'path';
import { isObject, UsageError } from './io';

/** A CloudFormation template, as far as the review reads it. */
export interface Template {
  readonly Resources?: { [logicalId: string]: Resource };
}

export interface Resource {
  readonly Type: string;
  readonly Properties?: any;
  readonly Metadata?: { [key: string]: any };
}

/** A cdk-nag finding acknowledged on a construct, with the reason given. */
export interface Acknowledgement {
  /** The exact finding id (`AwsSolutions-IAM5[Resource::*]`). */
  readonly id: string;
  readonly reason: string;
}

/** A stack of a cloud assembly: its name, its template and what was acknowledged in it. */
export interface AssemblyStack {
  readonly stackName: string;
  readonly template: Template;
  /**
   * Findings acknowledged on constructs (`Validations.of(c).acknowledge`, cdk-nag 3), by
   * construct path (`/Stack/Role/Policy1`), as the assembly's metadata records them.
   */
  readonly acknowledgements: { [constructPath: string]: Acknowledgement[] };
}

/** The metadata type under which aws-cdk-lib records acknowledged rules. */
const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

/**
 * Every stack of the cloud assembly in `dir` (nested assemblies, such as stages, included).
 * Fails with a usage error that says what it looked for when `dir` is not a cloud assembly.
 */
export function readAssembly(dir: string): AssemblyStack[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    const what = !fs.existsSync(dir) ? 'it does not exist' : !fs.statSync(dir).isDirectory() ? 'it is not a directory' : 'it has no manifest.json';
    throw new UsageError(`${dir} is not a cloud assembly (${what}): looked for ${manifestFile}, which \`cdk synth\` writes into its output directory (cdk.out by default).`);
  }
  const manifest = readJson(manifestFile);
  if (!isObject(manifest) || !isObject(manifest.artifacts ?? {})) {
    throw new UsageError(`${manifestFile} is not a cloud assembly manifest: looked for an object with "artifacts", as \`cdk synth\` writes.`);
  }
  const stacks: AssemblyStack[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact?.type === 'aws:cloudformation:stack' && typeof artifact.properties?.templateFile === 'string') {
      const template = readJson(path.join(dir, artifact.properties.templateFile)) as Template;
      const metadata = typeof artifact.additionalMetadataFile === 'string'
        ? readJson(path.join(dir, artifact.additionalMetadataFile))
        : artifact.metadata ?? {};
      stacks.push({ stackName: artifact.displayName ?? id, template, acknowledgements: acknowledgementsIn(metadata) });
    } else if (artifact?.type === 'cdk:cloud-assembly' && typeof artifact.properties?.directoryName === 'string') {
      stacks.push(...readAssembly(path.join(dir, artifact.properties.directoryName)));
    }
  }
  return stacks;
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read ${file} of the cloud assembly: ${(e as Error).message}`);
  }
}

function acknowledgementsIn(metadata: unknown): AssemblyStack['acknowledgements'] {
  const out: AssemblyStack['acknowledgements'] = {};
  for (const [constructPath, entries] of Object.entries<any>(isObject(metadata) ? metadata : {})) {
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (entry?.type === ACKNOWLEDGED_RULES && isObject(entry.data)) {
        for (const [key, reason] of Object.entries(entry.data)) {
          // aws-cdk-lib writes the id with an `Annotation::` (older: `annotation::`) prefix.
          out[constructPath] = [...(out[constructPath] ?? []), { id: key.replace(/^annotation::/i, ''), reason: String(reason) }];
        }
      }
    }
  }
  return out;
}
