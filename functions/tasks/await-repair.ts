import * as z from 'zod';
import { repairSteps } from '../lifecycle/repair-steps.ts';
import { adapters } from '../shared/adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  TaskInput.extend({ taskToken: z.string().min(1) }),
  repairSteps(adapters).awaitRepair,
);
