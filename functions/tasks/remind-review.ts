import { z } from 'zod';
import { remindReview } from '../lifecycle/review-reminders.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  TaskInput.extend({ remindersBefore: z.number().int().min(0) }),
  remindReview,
);
