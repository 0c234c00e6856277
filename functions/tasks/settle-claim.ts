import * as z from 'zod/mini';
import { CompletionSchema } from '../../domain/claim.ts';
import { settlementSteps } from '../lifecycle/settlement-steps.ts';
import { adapters } from '../shared/all-adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  // The partner's completion report, checked again by the schema the partner API checked it with.
  z.extend(TaskInput, { completion: z.optional(CompletionSchema) }),
  settlementSteps(adapters).settleRepair,
);
