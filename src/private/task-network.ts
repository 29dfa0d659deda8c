import * as iam from 'aws-cdk-lib/aws-iam';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { IConstruct } from 'constructs';
import { problemText } from './errors';

/**
 * The synthesis errors for aws-cdk-lib's `SageMakerCreateTrainingJob` tasks that run jobs with
 * `role` (their `RoleArn` is the role's) outside its VPC: the role has a `vpc`, the task no
 * `vpcConfig`. Such a job would not run where the role's network permissions and the launch
 * guardrails (`requireVpcConfig`, on by default for a role with a VPC) expect it.
 */
export function tasksWithoutVpc(role: iam.IRole): string[] {
  const errors: string[] = [];
  for (const node of role.node.root.node.findAll()) {
    if (!(node instanceof tasks.SageMakerCreateTrainingJob)) {
      continue;
    }
    const parameters = stateParameters(node);
    if (parameters?.RoleArn === role.roleArn && parameters.VpcConfig === undefined) {
      errors.push(problemText(`${node.node.path}.vpcConfig`, undefined,
        `the Step Functions task runs training jobs with the role ${role.node.path}, which has a vpc, but without VpcConfig: the jobs would run outside the role's VPC and a launch granted with grantLaunch is denied. Give the task vpcConfig with the role's vpc (and pass task.connections.securityGroups to the role's addSecurityGroups).`));
    }
  }
  return errors;
}

function stateParameters(task: IConstruct & { toStateJson(): object }): any {
  return (task.toStateJson() as any).Parameters;
}
