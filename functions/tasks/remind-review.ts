import * as z from 'zod/mini';
import { reviewSteps } from '../lifecycle/review-steps.ts';
import { adapters } from '../shared/all-adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  z.extend(TaskInput, { remindersBefore: z.int().check(z.minimum(0)) }),
  reviewSteps(adapters).remindReview,
);
