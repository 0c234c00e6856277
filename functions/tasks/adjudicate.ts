import { adjudicateClaim } from '../lifecycle/steps-decision.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(TaskInput, adjudicateClaim);
