import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ApprovalLimitExceededError, ReviewError } from '../../domain/adjudication.ts';
import { type Money, minorUnitDigits } from '../../domain/money.ts';
import { StockNotFoundError } from '../lifecycle/back-office.ts';
import { WrongRegionError } from '../lifecycle/intake.ts';
import { ReviewNotOpenError } from '../lifecycle/steps-review.ts';
import { MAX_BODY_BYTES, type RouteContract } from '../partner-api/contract.ts';
import { logger } from './context.ts';
import {
  bodyLimit,
  header,
  jsonBody,
  type ParsedEvent,
  type PartnerRequest,
  parseRequest,
  problemJson,
  type RouteAnswer,
  requestLog,
  toProblem,
} from './partner-route.ts';
import { ProblemError, problem, problemResponse } from './problem.ts';
import { timed, withSpans } from './server-timing.ts';
import {
  InvalidTokenError,
  roleAllows,
  type StaffClaims,
  type StaffRole,
  verifyStaffToken,
} from './staff-token.ts';

/**
 * The one middleware chain of the back-office API's routes, mirroring the partner API's
 * (`partner-route.ts`) with a bearer token instead of an API key:
 *
 *   Powertools logger (staff user, claimId) → request log and Server-Timing
 *   → problem+json for every error (the partner API's mapping plus 401/403/409/422 of the back office)
 *   → body size limit (413) → JSON body (415/400)
 *   → the bearer token: signature, issuer, expiry (401), the route's role (403)
 *   → validation of path, query and body (400) → the handler.
 *
 * Everything before the handler refuses without reading or writing anything.
 */

export interface StaffRequest<C extends RouteContract>
  extends Omit<PartnerRequest<C>, 'partnerId' | 'idempotencyKey'> {
  readonly staff: StaffClaims;
}

/** The signing secret and issuer of staff tokens (`npm start` derives the secret from `.claimflow/local-secret`). */
function tokenSettings() {
  const secret = process.env.CLAIMFLOW_STAFF_TOKEN_SECRET;
  const issuer = process.env.CLAIMFLOW_STAFF_TOKEN_ISSUER;
  if (!secret || !issuer)
    throw new Error('CLAIMFLOW_STAFF_TOKEN_SECRET and CLAIMFLOW_STAFF_TOKEN_ISSUER must be set');
  return { secret, issuer };
}

function staffOf(event: APIGatewayProxyEvent): StaffClaims {
  const authorization = header(event, 'authorization');
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token)
    throw new ProblemError('unauthenticated', 'send a bearer token: Authorization: Bearer <token>', {
      errors: [{ header: 'Authorization', detail: 'a bearer token is required' }],
      headers: { 'www-authenticate': 'Bearer' },
    });
  const { secret, issuer } = tokenSettings();
  try {
    return verifyStaffToken(secret, token, { issuer });
  } catch (err) {
    if (!(err instanceof InvalidTokenError)) throw err;
    logger.info('bearer token refused', { reason: err.message });
    throw new ProblemError('unauthenticated', 'the bearer token is not valid or has expired; sign in again', {
      errors: [{ header: 'Authorization', detail: 'not a valid token' }],
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  }
}

/** `166000 JPY`, `1234.50 NPR`: amounts in major units, the currency's own decimals. */
const formatMoneyPlain = (m: Money) => {
  const digits = minorUnitDigits(m.currency);
  return `${(m.amountMinor / 10 ** digits).toFixed(digits)} ${m.currency}`;
};

function backofficeProblemOf(err: unknown, requestId: string | undefined) {
  const extra = requestId ? { requestId } : {};
  if (err instanceof ReviewNotOpenError)
    return problemResponse(problem('conflict', `${err.message}: there is no open review to decide`, extra));
  if (err instanceof ApprovalLimitExceededError)
    return problemResponse(
      problem(
        'approvalLimitExceeded',
        `approving ${formatMoneyPlain(err.total)} is over your approval limit of ${formatMoneyPlain(err.limit)}; ` +
          'adjust the lines down, or ask a manager. Nothing was changed',
        extra,
      ),
    );
  if (err instanceof WrongRegionError)
    return problemResponse(
      problem(
        'wrongRegion',
        `this claim is written in ${err.homeRegion}: repeat the request at the back-office API of ${err.homeRegion}; nothing was done here`,
        { homeRegion: err.homeRegion, ...extra },
      ),
    );
  if (err instanceof StockNotFoundError) return problemResponse(problem('notFound', err.message, extra));
  if (err instanceof ReviewError) return problemResponse(problem('validation', err.message, extra));
  return toProblem(err, requestId);
}

export function backofficeRoute<C extends RouteContract>(
  contract: C,
  role: StaffRole,
  handle: (request: StaffRequest<C>) => Promise<RouteAnswer>,
) {
  const chain = middy<ParsedEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(requestLog())
    .use(problemJson(backofficeProblemOf))
    .use(bodyLimit(MAX_BODY_BYTES))
    .use(jsonBody(contract.body !== undefined))
    .handler(async (event) => {
      const staff = staffOf(event);
      logger.appendKeys({ staff: staff.email, role: staff.role });
      if (!roleAllows(staff.role, role))
        throw new ProblemError(
          'roleForbidden',
          `this needs the ${role} role; you are signed in as ${staff.role}`,
        );
      const claimId = event.pathParameters?.claimId;
      if (claimId) logger.appendKeys({ claimId });
      const parsed = await timed('validate', () => parseRequest(contract, event));
      const answer = await handle({
        body: parsed.body,
        query: parsed.query,
        path: parsed.path,
        staff,
        basePath: '',
      } as StaffRequest<C>);
      return {
        statusCode: answer.status,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...answer.headers },
        body: JSON.stringify(answer.body),
      };
    });
  return (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> =>
    withSpans(() => chain(event, context));
}
