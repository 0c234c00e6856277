import * as z from 'zod';
import { reviewSteps } from '../lifecycle/review-steps.ts';
import { adapters } from '../shared/adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  TaskInput.extend({ remindersBefore: z.number().int().min(0) }),
  reviewSteps(adapters).remindReview,
);
