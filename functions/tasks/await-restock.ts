import * as z from 'zod/mini';
import { partsSteps } from '../lifecycle/parts-steps.ts';
import { adapters } from '../shared/all-adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  z.extend(TaskInput, { taskToken: z.string().check(z.minLength(1)) }),
  partsSteps(adapters).awaitRestock,
);
