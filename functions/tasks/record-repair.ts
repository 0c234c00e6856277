import { CompletionSchema } from '../../domain/claim.ts';
import { recordRepair } from '../lifecycle/steps-repair.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  TaskInput.extend({ completion: CompletionSchema.optional() }),
  recordRepair,
);
