import * as z from 'zod';
import { settlementSteps } from '../lifecycle/settlement-steps.ts';
import { adapters } from '../shared/adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  TaskInput.extend({ maintenanceReminderAfterSeconds: z.number().int().positive().optional() }),
  settlementSteps(adapters).closeClaim,
);
