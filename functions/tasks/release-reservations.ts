import * as z from 'zod/mini';
import { compensationStep } from '../lifecycle/compensation-step.ts';
import { adapters } from '../shared/all-adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

const StateError = /* @__PURE__ */ (() =>
  z.looseObject({ Error: z.optional(z.string()), Cause: z.optional(z.string()) }))();

export const handler = workflowTask(
  z.extend(TaskInput, { error: z.optional(StateError) }),
  compensationStep(adapters),
);
