import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ForeignRegionWriteError } from '../../domain/region.ts';
import {
  ClaimNotFoundError,
  IdempotencyConflictError,
  InvalidCursorError,
  RepairNotExpectedError,
  UnknownServiceCentreError,
  VehicleNotFoundError,
  WrongRegionError,
} from '../errors.ts';
import { logger } from './logger.ts';
import { ProblemError, problem, problemResponse } from './problem.ts';
import { isRegionUnavailable, RETRY_AFTER_SECONDS } from './region-unavailable.ts';

/**
 * Errors as problem+json answers (RFC 9457), the middleware of every API chain: typed errors of
 * the domain and the lifecycle to the 4xx a caller can act on, an outage to 503 with Retry-After,
 * a handler out of time to 504, anything else to a bare 500.
 */

/** Typed errors of the domain and the lifecycle, as the problems a partner can act on. */
export function toProblem(err: unknown, requestId: string | undefined) {
  const extra = requestId ? { requestId } : {};
  if (err instanceof ProblemError) {
    const { errors, homeRegion, headers } = err.extra;
    return problemResponse(
      problem(err.kind, err.message, {
        ...(errors ? { errors } : {}),
        ...(homeRegion ? { homeRegion } : {}),
        ...extra,
      }),
      headers,
    );
  }
  if (err instanceof WrongRegionError || err instanceof ForeignRegionWriteError) {
    const homeRegion = err instanceof WrongRegionError ? err.homeRegion : err.ownerRegion;
    return problemResponse(
      problem('wrongRegion', `this is answered by the partner API in ${homeRegion}; nothing was done here`, {
        homeRegion,
        ...extra,
      }),
    );
  }
  if (err instanceof ClaimNotFoundError || err instanceof VehicleNotFoundError)
    return problemResponse(problem('notFound', err.message, extra));
  if (err instanceof IdempotencyConflictError)
    return problemResponse(
      problem(
        'conflict',
        'this Idempotency-Key was used before with another body; use a new key for a new claim',
        { errors: [{ header: 'Idempotency-Key', detail: 'already used for another request' }], ...extra },
      ),
    );
  if (err instanceof RepairNotExpectedError)
    return problemResponse(problem('conflict', `${err.message}; the claim is ${err.status}`, extra));
  if (err instanceof UnknownServiceCentreError)
    return problemResponse(
      problem('validation', err.message, {
        errors: [{ pointer: '/serviceCentreId', detail: 'must be the id of one of your service centres' }],
        ...extra,
      }),
    );
  if (err instanceof InvalidCursorError)
    return problemResponse(
      problem('validation', 'cursor is not one this API returned for your claims', {
        errors: [{ parameter: 'cursor', detail: 'pass nextCursor from the previous page unchanged' }],
        ...extra,
      }),
    );
  return undefined;
}

/**
 * Maps errors to problem+json: the known ones by `problemOf` (each API adds its own domain errors),
 * anything else to a 500 that names only the request id.
 */
export function problemJson(
  problemOf: (err: unknown, requestId: string | undefined) => APIGatewayProxyResult | undefined = toProblem,
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context> {
  return {
    onError: (request) => {
      const requestId = request.context?.awsRequestId;
      const known = problemOf(request.error, requestId);
      if (known) {
        request.response = known;
        return;
      }
      if (isRegionUnavailable(request.error)) {
        // An outage, not a fault: the client retries the same request (idempotent by its key) later.
        logger.warn('region unavailable', { error: request.error as Error });
        request.response = problemResponse(
          problem(
            'serviceUnavailable',
            `this region cannot answer for now; retry in ${RETRY_AFTER_SECONDS} s`,
            {
              ...(requestId ? { requestId } : {}),
            },
          ),
          { 'retry-after': String(RETRY_AFTER_SECONDS) },
        );
        return;
      }
      if (ranOutOfTime(request.error)) {
        // middy ends a handler a moment before the Lambda timeout; API Gateway would answer 504 too.
        logger.error('ran out of time', request.error as Error);
        request.response = problemResponse(
          problem('gatewayTimeout', 'the request ran out of time on our side before it finished', {
            ...(requestId ? { requestId } : {}),
          }),
        );
        return;
      }
      logger.error('unhandled error', request.error as Error);
      // Nothing of the error reaches the partner; the request id finds it in the logs.
      request.response = problemResponse(
        problem('internal', 'the request failed on our side; retry later, or quote requestId to support', {
          ...(requestId ? { requestId } : {}),
        }),
      );
    },
  };
}

/** The error middy throws when a handler is about to reach its Lambda timeout (`timeoutEarlyInMillis`). */
export const ranOutOfTime = (err: unknown): boolean =>
  err instanceof Error &&
  err.name === 'TimeoutError' &&
  (err.cause as { package?: string } | undefined)?.package === '@middy/core';
