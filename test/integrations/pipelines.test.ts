/**
 * SageMaker Pipelines (`CfnPipeline`): a Training step built from `renderTrainingJobRequest()`
 * runs as the training role with the role's locations, keys and network; the role ARN and the
 * rendered fields are stack outputs for tools outside CDK (the SageMaker Python SDK).
 */
import { CfnOutput, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { SageMakerTrainingRole, SageMakerTrainingRoleProps } from '../../src';
import { fullProps, importedProps, minimalProps, newStack, roleLogicalId, templateOf } from '../util/fixtures';
import { resolveIntrinsics, rolePolicies } from '../util/resolve';

/** Instance fields the role does not know; the caller merges them into `ResourceConfig`. */
const INSTANCES = { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 };

function withPipeline(stack: Stack, props: SageMakerTrainingRoleProps) {
  const trainingRole = new SageMakerTrainingRole(stack, 'TrainingRole', props);
  const request = trainingRole.renderTrainingJobRequest();
  const pipelineRole = new iam.Role(stack, 'PipelineRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  trainingRole.grantPassRole(pipelineRole);

  new sagemaker.CfnPipeline(stack, 'Pipeline', {
    pipelineName: 'training-pipeline',
    roleArn: pipelineRole.roleArn,
    pipelineDefinition: {
      PipelineDefinitionBody: stack.toJsonString({
        Version: '2020-12-01',
        Steps: [{
          Name: 'Train',
          Type: 'Training',
          Arguments: {
            ...request,
            AlgorithmSpecification: { TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/example:latest', TrainingInputMode: 'File' },
            ResourceConfig: { ...INSTANCES, ...request.ResourceConfig },
            StoppingCondition: { MaxRuntimeInSeconds: 3600 },
          },
        }],
      }),
    },
  });
  new CfnOutput(stack, 'TrainingRoleArn', { value: trainingRole.roleArn });
  new CfnOutput(stack, 'TrainingJobRequest', { value: stack.toJsonString(request) });
  return { trainingRole, pipelineRole, request };
}

describe.each([
  { fixture: 'minimal', props: minimalProps },
  { fixture: 'full', props: fullProps },
  { fixture: 'imported', props: importedProps },
])('a CfnPipeline Training step from the rendered request ($fixture props)', ({ props }) => {
  const stack = newStack();
  const { trainingRole, pipelineRole, request } = withPipeline(stack, props(stack));
  const template = templateOf(stack);
  const roleId = roleLogicalId(stack, trainingRole);
  const body = Object.values<any>(template.Resources)
    .find((r) => r.Type === 'AWS::SageMaker::Pipeline').Properties.PipelineDefinition.PipelineDefinitionBody;
  const definition = JSON.parse(resolveIntrinsics(template, body));
  const step = definition.Steps[0].Arguments;
  const rendered = resolveIntrinsics(template, stack.resolve(request));

  test('the synthesized definition references the training role\'s ARN (Fn::GetAtt)', () => {
    expect(JSON.stringify(body)).toContain(JSON.stringify({ 'Fn::GetAtt': [roleId, 'Arn'] }));
  });

  test('the step\'s RoleArn is the training role\'s deployed ARN', () => {
    expect(step.RoleArn).toBe(resolveIntrinsics(template, { 'Fn::GetAtt': [roleId, 'Arn'] }));
  });

  test('the step\'s data, output, checkpoint and network fields are the rendered ones', () => {
    for (const field of ['InputDataConfig', 'OutputDataConfig', 'CheckpointConfig', 'VpcConfig']) {
      expect(step[field]).toEqual(rendered[field]);
    }
  });

  test('the step\'s ResourceConfig merges the instance fields with the rendered volume key', () => {
    expect(step.ResourceConfig).toEqual({ ...INSTANCES, ...rendered.ResourceConfig });
  });

  test('the pipeline role may pass the training role, and only it', () => {
    const pipelineRoleId = stack.getLogicalId(pipelineRole.node.defaultChild as iam.CfnRole);
    const statements = Object.values<any>(template.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === pipelineRoleId))
      .flatMap((r) => r.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([{ Action: 'iam:PassRole', Effect: 'Allow', Resource: { 'Fn::GetAtt': [roleId, 'Arn'] } }]);
  });

  test('the role ARN is a stack output', () => {
    Template.fromStack(stack).hasOutput('TrainingRoleArn', { Value: { 'Fn::GetAtt': [roleId, 'Arn'] } });
  });

  test('the rendered request is a stack output that parses to the same fields', () => {
    const output = template.Outputs.TrainingJobRequest.Value;
    expect(JSON.parse(resolveIntrinsics(template, output))).toEqual(rendered);
  });

  test('the pipeline adds nothing to the training role', () => {
    const alone = newStack();
    const role = new SageMakerTrainingRole(alone, 'TrainingRole', props(alone));
    expect(rolePolicies(template, roleId)).toEqual(rolePolicies(templateOf(alone), roleLogicalId(alone, role)));
  });
});
