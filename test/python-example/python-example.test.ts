/**
 * examples/python/app.py uses only classes, props and methods that exist in the jsii assemblies
 * (this library's `.jsii`, aws-cdk-lib's, cdk-nag's, constructs'), with their Python names.
 * Python packages cannot be installed here: the app is parsed with python3's `ast`, never run.
 * The library's assembly is written by `npx jsii` (`npx projen compile`).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PythonNames, pythonName, pythonUses } from './python-names';

const ROOT = path.join(__dirname, '..', '..');
const APP = path.join(ROOT, 'examples', 'python', 'app.py');

let names: PythonNames;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, '.jsii'))) {
    throw new Error('.jsii not found: compile the library first (npx projen compile)');
  }
  names = await PythonNames.load([ROOT, path.join(ROOT, 'node_modules', 'cdk-nag')]);
}, 60_000);

describe('the Python example', () => {
  test('imports only modules of the assemblies', () => {
    const imports: { [alias: string]: string } = JSON.parse(
      execFileSync('python3', [path.join(__dirname, 'usage.py'), APP], { encoding: 'utf8' })).imports;
    const modules = Object.values(imports).map((q) => (names.hasModule(q) ? q : q.slice(0, q.lastIndexOf('.'))));
    expect(modules.filter((m) => !names.hasModule(m))).toEqual([]);
  });

  test('uses the role with its Python names', () => {
    const uses = pythonUses(APP);
    const roleCalls = uses.filter((u) => JSON.stringify(u.chain[0]) === JSON.stringify({ name: 'cdk_sagemaker_training_role.SageMakerTrainingRole' }));
    expect(roleCalls.length).toBeGreaterThan(0);
    const keywords = (roleCalls[0].chain[1] as any).call.keywords;
    expect(keywords).toEqual(expect.arrayContaining(['input_buckets', 'output_bucket', 'volume_kms_key', 'ecr_repositories', 'security_groups']));
  });

  test('every class, prop and method it uses exists with that Python name', () => {
    const uses = pythonUses(APP);
    expect(uses.length).toBeGreaterThan(20);
    expect(uses.flatMap((u) => names.check(u))).toEqual([]);
  });
});

describe('the Python example does what examples/app.ts does', () => {
  const ts = fs.readFileSync(path.join(ROOT, 'examples', 'app.ts'), 'utf8');
  const py = fs.readFileSync(APP, 'utf8');
  const all = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1]).sort();

  test('the same constructs, by id', () => {
    const tsIds = all(ts, /new [\w.]+\((?:this|app), '([^']+)'/g);
    expect(tsIds.length).toBeGreaterThan(5);
    expect(all(py, /\((?:self|app), "([^"]+)"/g)).toEqual(tsIds);
  });

  test('the same training locations, launch options and acknowledgements', () => {
    expect(all(py, /\bprefix="([^"]+)"/g)).toEqual(all(ts, /\bprefix: '([^']+)'/g));
    expect(all(py, /job_name_prefix="([^"]+)"/g)).toEqual(all(ts, /jobNamePrefix: '([^']+)'/g));
    expect(all(py, /\bid="([^"]+)"/g)).toEqual(all(ts, /\bid: '([^']+)'/g));
  });
});

describe('the check itself', () => {
  function problems(source: string): string[] {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'py-')), 'app.py');
    fs.writeFileSync(file, source);
    return pythonUses(file).flatMap((u) => names.check(u));
  }
  const header = 'import aws_cdk as cdk\nfrom aws_cdk import aws_s3 as s3\nfrom cdk_sagemaker_training_role import SageMakerTrainingRole, TrainingS3Location\n'
    + 'app = cdk.App()\nstack = cdk.Stack(app, "S")\nb = s3.Bucket(stack, "B")\n';

  test('accepts a correct use', () => {
    expect(problems(`${header}r = SageMakerTrainingRole(stack, "R", output_bucket=TrainingS3Location(bucket=b, prefix="m/"))\nr.grant_launch(r, job_name_prefix="x-")\nprint(r.role_arn)\n`)).toEqual([]);
  });

  test('names a TypeScript-cased prop, a missing required prop, an unknown method and an unknown class', () => {
    const wrongProp = problems(`${header}SageMakerTrainingRole(stack, "R", outputBucket=TrainingS3Location(bucket=b))\n`);
    expect(wrongProp).toEqual([
      expect.stringMatching(/^line 7: cdk_sagemaker_training_role\.SageMakerTrainingRole\(\.\.\.\): no keyword argument outputBucket \(takes scope, id, .*output_bucket.*\)$/),
      'line 7: cdk_sagemaker_training_role.SageMakerTrainingRole(...): the required keyword argument output_bucket is missing',
    ]);
    expect(problems(`${header}r = SageMakerTrainingRole(stack, "R", output_bucket=TrainingS3Location(bucket=b))\nr.grantLaunch(r)\n`))
      .toEqual(['line 8: cdk_sagemaker_training_role.SageMakerTrainingRole(...).grantLaunch is not in the assemblies']);
    expect(problems(`${header}s3.Bukket(stack, "X")\n`)).toEqual(['line 7: aws_cdk.aws_s3.Bukket is not in the assemblies']);
  });

  test('Python names follow jsii: snake_case, keywords escaped', () => {
    expect(pythonName('sdkPreflightCompatibility')).toBe('sdk_preflight_compatibility');
    expect(pythonName('enforceSSL')).toBe('enforce_ssl');
    expect(pythonName('lambda')).toBe('lambda_');
  });
});
