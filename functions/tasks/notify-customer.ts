import * as z from 'zod/mini';
import { CLAIM_ENDED } from '../lifecycle/email-choice.ts';
import { notifyStep } from '../lifecycle/notify-step.ts';
import { TEMPLATES } from '../mail/templates.ts';
import { adapters } from '../shared/all-adapters.ts';
import { TaskInput, workflowTask } from '../shared/workflow-task.ts';

export const handler = workflowTask(
  z.extend(TaskInput, {
    template: z.enum([...TEMPLATES, CLAIM_ENDED]),
    // The failure that ended the claim (Catch's ResultPath $.error): ClaimCancelled or another.
    error: z.optional(z.looseObject({ Error: z.optional(z.string()) })),
  }),
  notifyStep(adapters),
);
