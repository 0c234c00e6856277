import { allocateParts } from '../lifecycle/steps-parts.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(TaskInput, allocateParts);
