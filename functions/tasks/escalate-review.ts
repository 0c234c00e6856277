import { escalateReview } from '../lifecycle/steps-review.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(TaskInput, escalateReview);
