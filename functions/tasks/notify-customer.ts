import * as z from 'zod';
import { notifyStep } from '../lifecycle/notify-step.ts';
import { TEMPLATES } from '../mail/templates.ts';
import { adapters } from '../shared/adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(TaskInput.extend({ template: z.enum(TEMPLATES) }), notifyStep(adapters));
