import { z } from 'zod';
import { notifyCustomer } from '../lifecycle/steps-notify.ts';
import { TEMPLATES } from '../mail/templates.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(TaskInput.extend({ template: z.enum(TEMPLATES) }), notifyCustomer);
