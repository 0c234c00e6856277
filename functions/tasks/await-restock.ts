import * as z from 'zod';
import { partsSteps } from '../lifecycle/parts-steps.ts';
import { adapters } from '../shared/adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  TaskInput.extend({ taskToken: z.string().min(1) }),
  partsSteps(adapters).awaitRestock,
);
