import { z } from 'zod';
import { awaitRepair } from '../lifecycle/steps-repair.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(TaskInput.extend({ taskToken: z.string().min(1) }), awaitRepair);
