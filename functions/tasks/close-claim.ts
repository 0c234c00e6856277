import * as z from 'zod/mini';
import { settlementSteps } from '../lifecycle/settlement-steps.ts';
import { adapters } from '../shared/all-adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  z.extend(TaskInput, { maintenanceReminderAfterSeconds: z.optional(z.int().check(z.positive())) }),
  settlementSteps(adapters).closeClaim,
);
