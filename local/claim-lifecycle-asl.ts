import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { workflowTasks } from '../functions/catalog.ts';
import { type Config, defaultConfig } from '../infra/config.ts';
import { ClaimLifecycle, type WorkflowTaskKey } from '../workflows/claim-lifecycle.ts';
import { renderAsl } from '../workflows/render-asl.ts';

/**
 * The ClaimLifecycle ASL for the local Step Functions service, rendered in process from the same
 * CDK definition the region stacks deploy (never a hand-kept copy). Each Lambda appears as a
 * placeholder ARN ending in its catalog name, which the local service maps to the handler.
 */
export function renderClaimLifecycle(config: Config = defaultConfig): Record<string, unknown> {
  const app = new App();
  const stack = new Stack(app, 'ClaimflowLocal', {
    env: { region: config.primaryRegion, account: '000000000000' },
  });
  const functions = Object.fromEntries(
    Object.entries(workflowTasks).map(([key, spec]) => [
      key,
      lambda.Function.fromFunctionName(stack, spec.name, spec.name),
    ]),
  ) as Record<WorkflowTaskKey, lambda.IFunction>;
  const lifecycle = new ClaimLifecycle(stack, 'ClaimLifecycle', { functions, timing: config.workflow });
  return renderAsl(stack, lifecycle.stateMachine).definition;
}
