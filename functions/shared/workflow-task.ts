import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { isClaimId } from '../../domain/claim-id.ts';
import { ForeignRegionWriteError, StaleEpochError } from '../../domain/region.ts';
import type { StepInput } from '../lifecycle/dependencies.ts';
import { logger } from './logger.ts';
import { publishMetrics } from './publish-metrics.ts';
import { isRegionUnavailable, RegionUnavailableError } from './region-unavailable.ts';

/**
 * What every ClaimLifecycle task receives: the claim and the ownership epoch of its execution.
 * zod/mini, not zod: a task parses this and nothing else, and the mini build imports in a fraction of
 * the time (issue 18, cold start); `test/unit/function-bundles.test.ts` checks no task bundles zod.
 */
export const TaskInput = /* @__PURE__ */ (() =>
  z.object({
    claimId: z.string().check(z.refine(isClaimId, 'must be a claim id')),
    epoch: z.int().check(z.minimum(1)),
  }) satisfies z.ZodMiniType<StepInput>)();
export type TaskInput = z.infer<typeof TaskInput>;

/**
 * The one middleware chain of the workflow tasks: Powertools logger with the claim id on every
 * line, input parsed by a zod schema (a malformed input is a bug in the state machine: it throws
 * and the execution's Catch takes over), business metrics published at the end. The handler body
 * is one call to a lifecycle step.
 */
export function workflowTask<S extends z.ZodMiniType, R>(schema: S, step: (input: z.infer<S>) => Promise<R>) {
  return middy(async (event: unknown) => {
    const input = schema.parse(event);
    logger.appendKeys({ claimId: (input as TaskInput).claimId });
    const result = await step(input).catch((err: unknown) => {
      throw asWorkflowError(err);
    });
    logger.info('step done', { result: result as Record<string, unknown> });
    return result;
  })
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(publishMetrics());
}

/** The claim moved to another region (a newer epoch): this execution's work is no longer its own. */
export class ClaimFencedError extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
    this.name = 'ClaimFenced';
  }
}

/**
 * The names the state machines branch on (workflows/task-retry.ts): an outage is retried long, a
 * fenced claim ends its execution in HandedOver; anything else keeps its own name.
 */
export function asWorkflowError(err: unknown): unknown {
  // Only the claim's own items fence it: a refused write of another region's item (stock read from a
  // stale owner record) is retried like any other failure.
  const claimItem = err instanceof ForeignRegionWriteError && err.itemKey.startsWith('CLAIM#');
  if (err instanceof StaleEpochError || claimItem) {
    logger.warn('claim handed over to another region; this execution stops here', { error: err });
    return new ClaimFencedError(err);
  }
  if (isRegionUnavailable(err) && !(err instanceof RegionUnavailableError))
    return new RegionUnavailableError(err);
  return err;
}
