import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { workflowTasks } from '../functions/catalog.ts';
import { type Config, defaultConfig } from '../infra/config.ts';
import { MaintenanceReminder } from '../workflows/maintenance-reminder.ts';
import { renderAsl } from '../workflows/render-asl.ts';

/** The MaintenanceReminder ASL for the local Step Functions service, rendered from the CDK definition. */
export function renderMaintenanceReminder(config: Config = defaultConfig): Record<string, unknown> {
  const app = new App();
  const stack = new Stack(app, 'ClaimflowLocalReminder', {
    env: { region: config.primaryRegion, account: '000000000000' },
  });
  const notify = workflowTasks.notifyCustomer.name;
  const reminder = new MaintenanceReminder(stack, 'MaintenanceReminder', {
    notifyCustomer: lambda.Function.fromFunctionName(stack, notify, notify),
    taskTimeoutSeconds: config.workflow.taskTimeoutSeconds,
  });
  return renderAsl(stack, reminder.stateMachine).definition;
}
