import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { ClaimIdSchema } from '../../domain/claim-id.ts';
import type { StepInput } from '../lifecycle/dependencies.ts';
import { publishMetrics } from './business-metrics.ts';
import { logger } from './logger.ts';

/** What every ClaimLifecycle task receives: the claim and the ownership epoch of its execution. */
export const TaskInput = z.object({
  claimId: ClaimIdSchema,
  epoch: z.number().int().min(1),
}) satisfies z.ZodType<StepInput>;
export type TaskInput = z.infer<typeof TaskInput>;

/**
 * The one middleware chain of the workflow tasks: Powertools logger with the claim id on every
 * line, input parsed by a zod schema (a malformed input is a bug in the state machine: it throws
 * and the execution's Catch takes over), business metrics published at the end. The handler body
 * is one call to a lifecycle step.
 */
export function workflowTask<S extends z.ZodType, R>(schema: S, step: (input: z.infer<S>) => Promise<R>) {
  return middy(async (event: unknown) => {
    const input = schema.parse(event);
    logger.appendKeys({ claimId: (input as TaskInput).claimId });
    const result = await step(input);
    logger.info('step done', { result: result as Record<string, unknown> });
    return result;
  })
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(publishMetrics());
}
