import { z } from 'zod';
import { closeClaim } from '../lifecycle/steps-repair.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  TaskInput.extend({ maintenanceReminderAfterSeconds: z.number().int().positive().optional() }),
  closeClaim,
);
