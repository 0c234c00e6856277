import * as z from 'zod';
import { compensationStep } from '../lifecycle/compensation-step.ts';
import { adapters } from '../shared/adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

const StateError = /* @__PURE__ */ (() =>
  z.object({ Error: z.string().optional(), Cause: z.string().optional() }).passthrough())();

export const handler = workflowTask(
  TaskInput.extend({ error: StateError.optional() }),
  compensationStep(adapters),
);
