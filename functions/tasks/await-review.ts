import { z } from 'zod';
import { awaitReview } from '../lifecycle/steps-review.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  TaskInput.extend({ taskToken: z.string().min(1), escalated: z.boolean() }),
  awaitReview,
);
