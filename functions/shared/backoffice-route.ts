import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ApprovalLimitExceededError, ReviewError } from '../../domain/adjudication.ts';
import { type Money, minorUnitDigits } from '../../domain/money.ts';
import type { BackofficeRouteContract } from '../backoffice-api/contract.ts';
import {
  ClaimActionConflictError,
  ReviewNotOpenError,
  StockNotFoundError,
  WrongRegionError,
} from '../errors.ts';
import { MAX_BODY_BYTES, type RouteContract } from '../partner-api/contract.ts';
import { logger } from './logger.ts';
import {
  apiChain,
  bodyLimit,
  header,
  jsonBody,
  type ParsedEvent,
  type PartnerRequest,
  parseRequest,
  type RouteAnswer,
  toResult,
  withTiming,
} from './partner-route.ts';
import { ProblemError, problem, problemResponse } from './problem.ts';
import { problemJson, toProblem } from './problem-json.ts';
import { timed } from './server-timing.ts';
import {
  type ClaimsMappingOptions,
  InvalidTokenError,
  NoStaffRoleError,
  roleAllows,
  STAFF_STAGE_VARIABLES,
  STAFF_TOKEN_REFUSED,
  type StaffClaims,
  staffOfVerifiedClaims,
  staffTokenOfStage,
} from './staff-token.ts';

/**
 * The one middleware chain of the back-office API's routes, mirroring the partner API's
 * (`partner-route.ts`) with a bearer token instead of an API key:
 *
 *   Powertools logger (staff user, claimId) → request log and Server-Timing
 *   → problem+json for every error (the partner API's mapping plus 401/403/409/422 of the back office)
 *   → body size limit (413: 64 KiB; a text route its own, 1 MiB for the CSV import)
 *   → JSON body, or the route's text type (415/400)
 *   → the caller: the claims of the bearer token API Gateway's authorizer verified, an ID token of
 *     the staff pool for the console (401), a staff group (403), the route's role (403)
 *   → validation of path, query and body (400) → the handler.
 *
 * Everything before the handler refuses without reading or writing anything.
 */

export interface StaffRequest<C extends RouteContract>
  extends Omit<PartnerRequest<C>, 'partnerId' | 'idempotencyKey'> {
  readonly staff: StaffClaims;
}

// Malformed approval limits count as none (staff-token.ts); an administrator should hear of them.
const claimsMapping: ClaimsMappingOptions = {
  onMalformedLimits: ({ email, value }) =>
    logger.warn('custom:approval_limits is not a JSON object of currency → minor units; no limit applies', {
      staff: email,
      value,
    }),
};

/**
 * The caller, from the claims API Gateway's Cognito authorizer verified (the local gateway's, under
 * `npm start`): checked to be an ID token of the staff pool for the console (the issuer and app
 * client of the stage's variables), then mapped to a role. The signature is not verified again here (see
 * staff-token.ts).
 */
function staffOf(event: APIGatewayProxyEvent): StaffClaims {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const token = staffTokenOfStage(event.stageVariables);
  try {
    return staffOfVerifiedClaims(claims, token, claimsMapping);
  } catch (err) {
    if (err instanceof NoStaffRoleError)
      throw new ProblemError(
        'roleForbidden',
        'your account is in no back-office group (viewer, adjuster, manager); ask an administrator',
      );
    if (!(err instanceof InvalidTokenError)) throw err;
    logger.info('bearer token refused', { reason: err.message });
    throw new ProblemError('unauthenticated', STAFF_TOKEN_REFUSED, {
      errors: [{ header: 'Authorization', detail: 'not a valid token for the back office' }],
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  }
}

/**
 * CORS for the console, on every answer including problems: `Access-Control-Allow-Origin` is the
 * console's origin (the stage's `consoleOrigin` variable), never `*`. Preflight (OPTIONS) is answered before
 * the function, by API Gateway in AWS and by the local gateway under `npm start`.
 */
function consoleCors(): MiddlewareObj<ParsedEvent, APIGatewayProxyResult> {
  const add = (request: { event: ParsedEvent; response: APIGatewayProxyResult | null | undefined }) => {
    const origin = request.event.stageVariables?.[STAFF_STAGE_VARIABLES.consoleOrigin];
    // A stage without the variable still gets its answer, one the browser cannot read.
    if (!request.response || !origin) return;
    request.response.headers = {
      ...request.response.headers,
      'access-control-allow-origin': origin,
      'access-control-expose-headers': 'server-timing, x-amzn-requestid',
      vary: 'Origin',
    };
  };
  return { after: add, onError: add };
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
  if (err instanceof ClaimActionConflictError)
    return problemResponse(
      problem('conflict', err.message, extra),
      err.retryAfterSeconds ? { 'retry-after': String(err.retryAfterSeconds) } : {},
    );
  if (err instanceof ReviewError) return problemResponse(problem('validation', err.message, extra));
  return toProblem(err, requestId);
}

/**
 * A text body in the route's one media type (the vehicle import's `text/csv`), handed on as a string
 * for the contract's body schema; JSON and anything else is 415, as is a charset other than UTF-8.
 * A request without Content-Type is read as the route's type, as JSON routes read JSON.
 */
function textBody(mediaType: string): MiddlewareObj<ParsedEvent, APIGatewayProxyResult> {
  const accepted = new RegExp(`^${mediaType.replace('/', '\\/')}\\s*(?:;|$)`, 'i');
  return {
    before: ({ event }) => {
      const type = header(event, 'content-type');
      const charset = type && /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1];
      if (type !== undefined && (!accepted.test(type) || (charset && !/^utf-?8$/i.test(charset))))
        throw new ProblemError(
          'unsupportedMediaType',
          `Content-Type is ${JSON.stringify(type.slice(0, 100))}; send the file as ${mediaType} (UTF-8)`,
          { errors: [{ header: 'Content-Type', detail: `must be ${mediaType}` }] },
        );
      if (!event.body) event.parsedBody = '';
      else
        event.parsedBody = event.isBase64Encoded
          ? Buffer.from(event.body, 'base64').toString('utf8')
          : event.body;
    },
  };
}

/**
 * `role` is the contract's own (`contract.role`, which the OpenAPI document states): tsc refuses a
 * handler that names another, so the role a route checks and the one it documents cannot differ.
 */
export function backofficeRoute<C extends BackofficeRouteContract>(
  contract: C,
  role: C['role'],
  handle: (request: StaffRequest<C>) => Promise<RouteAnswer>,
) {
  const chain = apiChain()
    .use(consoleCors())
    .use(problemJson(backofficeProblemOf))
    .use(bodyLimit(contract.textBody?.maxBytes ?? MAX_BODY_BYTES))
    .use(contract.textBody ? textBody(contract.textBody.mediaType) : jsonBody(contract.body !== undefined))
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
      return toResult(answer);
    });
  return withTiming(chain);
}
