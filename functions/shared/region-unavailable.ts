/**
 * A region's database (or another AWS service it calls) not answering for a while: an outage to be
 * ridden out, not a fault. The partner and back-office APIs answer it 503 with Retry-After; a
 * workflow task fails with the name `RegionUnavailable`, which the state machines retry with a
 * backoff long enough to outlast a short outage (workflows/task-retry.ts).
 */
export class RegionUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`this region's services do not answer for now: ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
    this.name = 'RegionUnavailable';
  }
}

/** Seconds a client is asked to wait before trying again (the SDK already retried three times). */
export const RETRY_AFTER_SECONDS = 5;

// Errors the AWS SDK reports when a service is down or overloaded rather than refusing the request.
const UNAVAILABLE_NAMES = new Set([
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'InternalFailure',
  'RequestLimitExceeded',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
]);
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

export function isRegionUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof RegionUnavailableError) return true;
  if (UNAVAILABLE_NAMES.has(err.name)) return true;
  const code = (err as { code?: string }).code;
  if (code && CONNECTION_CODES.has(code)) return true;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 503;
}
