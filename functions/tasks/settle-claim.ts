import { settleRepair } from '../lifecycle/steps-repair.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(TaskInput, settleRepair);
