import * as lambda from 'aws-cdk-lib/aws-lambda';
import { importedNetwork as network } from '../util/fixtures';
import { allActions, build, expectStatement, logicalIdOf, roleWith, statementsOf } from '../util/statements';

const PROVIDER_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:registry-credentials';

describe('private Docker registry credentials provider (SPEC: later features)', () => {
  test('grants lambda:InvokeFunction on the provider function only (RegistryCredentialsInvoke)', () => {
    const { template } = roleWith((stack) => ({
      ...network(stack),
      registryCredentialsProvider: lambda.Function.fromFunctionArn(stack, 'Provider', PROVIDER_ARN),
    }), { env: true });
    expectStatement(template, { Sid: 'RegistryCredentialsInvoke', Action: 'lambda:InvokeFunction', Resource: PROVIDER_ARN });
  });

  test('names a function created in the stack by its ARN attribute', () => {
    const { template } = roleWith((stack) => ({
      ...network(stack),
      registryCredentialsProvider: new lambda.Function(stack, 'Provider', {
        runtime: lambda.Runtime.PYTHON_3_12,
        handler: 'index.handler',
        code: lambda.Code.fromInline('def handler(event, context):\n    return {}'),
      }),
    }));
    expectStatement(template, {
      Sid: 'RegistryCredentialsInvoke',
      Action: 'lambda:InvokeFunction',
      Resource: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::Lambda::Function', 'Provider'), 'Arn'] },
    });
  });

  test('grants no other lambda action', () => {
    const { template } = roleWith((stack) => ({
      ...network(stack),
      registryCredentialsProvider: lambda.Function.fromFunctionArn(stack, 'Provider', PROVIDER_ARN),
    }), { env: true });
    expect(allActions(template).filter((a) => a.startsWith('lambda:'))).toEqual(['lambda:InvokeFunction']);
  });

  test('grants no lambda action without a provider, also in a VPC', () => {
    const { template } = roleWith((stack) => network(stack), { env: true });
    expect(allActions(template).filter((a) => a.startsWith('lambda:'))).toEqual([]);
    expect(statementsOf(template, 'RegistryCredentialsInvoke')).toEqual([]);
  });

  test('fails when registryCredentialsProvider is given without vpc', () => {
    expect(() => build((stack) => ({
      registryCredentialsProvider: lambda.Function.fromFunctionArn(stack, 'Provider', PROVIDER_ARN),
    }))).toThrow('registryCredentialsProvider: SageMaker reaches file systems and private registries through the job\'s network interfaces; give `vpc` (and securityGroups) too. Got: "given without vpc".');
  });
});
