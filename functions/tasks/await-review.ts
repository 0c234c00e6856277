import * as z from 'zod';
import { reviewSteps } from '../lifecycle/review-steps.ts';
import { adapters } from '../shared/adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  TaskInput.extend({ taskToken: z.string().min(1), escalated: z.boolean() }),
  reviewSteps(adapters).awaitReview,
);
