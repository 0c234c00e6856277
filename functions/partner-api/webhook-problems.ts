import { NoWebhookError, WebhookUrlNotAllowedError } from '../errors.ts';
import { ProblemError } from '../shared/problem.ts';
import { WebhookEndpointChangedError } from '../webhooks/endpoint-store.ts';

/** The webhook routes' own errors as the problems a partner can act on. */
export async function asWebhookProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof WebhookUrlNotAllowedError)
      throw new ProblemError('validation', `url is not allowed: ${err.detail}`, {
        errors: [{ pointer: '/url', detail: err.detail }],
      });
    if (err instanceof NoWebhookError) throw new ProblemError('notFound', err.message);
    if (err instanceof WebhookEndpointChangedError) throw new ProblemError('conflict', err.message);
    throw err;
  }
}
