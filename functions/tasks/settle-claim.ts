import { CompletionSchema } from '../../domain/claim.ts';
import { settlementSteps } from '../lifecycle/settlement-steps.ts';
import { adapters } from '../shared/adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  TaskInput.extend({ completion: CompletionSchema.optional() }),
  settlementSteps(adapters).settleRepair,
);
