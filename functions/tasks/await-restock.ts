import { z } from 'zod';
import { awaitRestock } from '../lifecycle/steps-parts.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(TaskInput.extend({ taskToken: z.string().min(1) }), awaitRestock);
