import { repairSteps } from '../lifecycle/repair-steps.ts';
import { adapters } from '../shared/all-adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(TaskInput, repairSteps(adapters).assignTechnician);
