import { decisionSteps } from '../lifecycle/decision-steps.ts';
import { adapters } from '../shared/all-adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(TaskInput, decisionSteps(adapters).adjudicate);
