import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod/mini';
import { toFieldErrors } from '../../domain/validation.ts';
import { IdempotencyKeySchema, MAX_BODY_BYTES, type RouteContract } from '../partner-api/contract.ts';
import { dynamo } from './clients.ts';
import { logger } from './logger.ts';
import { type FieldError, ProblemError } from './problem.ts';
import { problemJson } from './problem-json.ts';
import { publishMetrics } from './publish-metrics.ts';
import {
  elapsed,
  instrumentAwsClient,
  serverTimingHeader,
  spans,
  timed,
  withSpans,
} from './server-timing.ts';

/**
 * The one middleware chain of the partner API's routes (STYLE: "Middleware in one readable
 * chain"), in the order a request meets it:
 *
 *   Powertools logger (partnerId, claimId on every line)
 *   → request log and Server-Timing (where the time went: validate, db-read, db-write, sfn-start)
 *   → problem+json for every error (RFC 9457): typed errors to 4xx, anything else to a bare 500
 *   → body size limit (64 KiB, 413) → JSON body (415 unless JSON, 400 if it does not parse)
 *   → validation of header, path, query and body against the route's contract (400 naming each field)
 *   → the handler: one call, mapped to a response.
 *
 * Bad input is refused before the handler runs, so it never reaches a write. The partner is the
 * authorizer's `partnerId` and nothing else in the request.
 */

instrumentAwsClient(dynamo, 'db');

type Out<C, K extends string> = C extends { [P in K]: infer S extends z.ZodMiniType }
  ? z.output<S>
  : undefined;

export interface PartnerRequest<C extends RouteContract> {
  /** From the authorizer, never from the request. */
  readonly partnerId: string;
  readonly body: Out<C, 'body'>;
  readonly query: Out<C, 'query'>;
  readonly path: Out<C, 'path'>;
  readonly idempotencyKey: C extends { idempotencyKey: true } ? string : undefined;
  /** What precedes the route in the request URL (a stage such as `/prod`, or nothing). */
  readonly basePath: string;
}

export interface RouteAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** The body is text in this media type (a CSV export), sent as it is rather than as JSON. */
  readonly mediaType?: string;
}

export const ok = (body: unknown): RouteAnswer => ({ status: 200, body });
export const accepted = (body: unknown): RouteAnswer => ({ status: 202, body });
export const created = (
  body: unknown,
  location: string,
  headers: Record<string, string> = {},
): RouteAnswer => ({
  status: 201,
  body,
  headers: { location, ...headers },
});

export interface ParsedEvent extends APIGatewayProxyEvent {
  /** The JSON body, once parsed by `jsonBody`. */
  parsedBody?: unknown;
}

export const header = (event: APIGatewayProxyEvent, name: string): string | undefined => {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {}))
    if (k.toLowerCase() === want) return v ?? undefined;
  return undefined;
};

const headerValues = (event: APIGatewayProxyEvent, name: string): string[] => {
  const want = name.toLowerCase();
  const out: string[] = [];
  for (const [k, v] of Object.entries(event.multiValueHeaders ?? {}))
    if (k.toLowerCase() === want) out.push(...(v ?? []));
  if (out.length === 0) {
    const single = header(event, name);
    if (single !== undefined) out.push(single);
  }
  return out;
};

export function bodyLimit(maxBytes: number): MiddlewareObj<ParsedEvent, APIGatewayProxyResult> {
  return {
    before: ({ event }) => {
      if (!event.body) return;
      const bytes = Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
      if (bytes > maxBytes)
        throw new ProblemError(
          'payloadTooLarge',
          `the body has ${bytes} bytes; at most ${maxBytes} (${maxBytes / 1024} KiB) are accepted`,
        );
    },
  };
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function jsonBody(expectsBody: boolean): MiddlewareObj<ParsedEvent, APIGatewayProxyResult> {
  return {
    before: ({ event }) => {
      if (!expectsBody || !event.body) return;
      const type = header(event, 'content-type');
      if (type !== undefined && !JSON_MEDIA_TYPE.test(type))
        throw new ProblemError(
          'unsupportedMediaType',
          `Content-Type is ${JSON.stringify(type.slice(0, 100))}; send the body as application/json`,
          { errors: [{ header: 'Content-Type', detail: 'must be application/json' }] },
        );
      const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      try {
        event.parsedBody = JSON.parse(text);
      } catch (err) {
        throw new ProblemError('malformedJson', `the body is not valid JSON: ${(err as Error).message}`);
      }
    },
  };
}

export function requestLog(): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const finish = (request: {
    event: APIGatewayProxyEvent;
    response: APIGatewayProxyResult | null | undefined;
  }) => {
    if (!request.response) return;
    const timing = serverTimingHeader();
    request.response.headers = { ...request.response.headers, 'server-timing': timing };
    const fields = {
      method: request.event.httpMethod,
      route: request.event.resource,
      status: request.response.statusCode,
      timing: {
        ...Object.fromEntries([...spans()].map(([k, v]) => [k, Math.round(v.ms * 100) / 100])),
        total: Math.round(elapsed() * 100) / 100,
      },
    };
    if (request.response.statusCode >= 500) logger.error('request failed', fields);
    else logger.info('request', fields);
  };
  return { after: finish, onError: finish };
}

function collectErrors(
  schema: z.ZodMiniType | undefined,
  input: unknown,
  where: (issuePath: PropertyKey[], e: FieldError) => FieldError,
  errors: FieldError[],
): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  for (const e of toFieldErrors(result.error)) {
    const path = e.pointer
      .split('/')
      .slice(1)
      .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
    errors.push(where(path, e));
  }
  return undefined;
}

/** Header, path, query and body against the contract; every problem at once, as one 400. */
export function parseRequest<C extends RouteContract>(
  contract: C,
  event: ParsedEvent,
): Omit<PartnerRequest<C>, 'partnerId' | 'basePath'> {
  const errors: FieldError[] = [];
  let idempotencyKey: string | undefined;
  if (contract.idempotencyKey) {
    const values = headerValues(event, 'idempotency-key');
    if (values.length > 1) errors.push({ header: 'Idempotency-Key', detail: 'send Idempotency-Key once' });
    else if (values.length === 0)
      errors.push({
        header: 'Idempotency-Key',
        detail: 'Idempotency-Key is required: a unique value per claim, such as a UUID',
      });
    else {
      const r = IdempotencyKeySchema.safeParse(values[0]);
      if (r.success) idempotencyKey = r.data;
      else errors.push(...r.error.issues.map((i) => ({ header: 'Idempotency-Key', detail: i.message })));
    }
  }

  const path = collectErrors(
    contract.path,
    event.pathParameters ?? {},
    (p, e) => ({ parameter: String(p[0] ?? ''), detail: e.detail }),
    errors,
  );

  const multi = event.multiValueQueryStringParameters ?? {};
  for (const [name, values] of Object.entries(multi))
    if ((values?.length ?? 0) > 1) errors.push({ parameter: name, detail: `send ${name} once` });
  const query = collectErrors(
    contract.query,
    event.queryStringParameters ?? {},
    (p, e) => ({ parameter: String(p[0] ?? ''), detail: e.detail }),
    errors,
  );
  if (!contract.query)
    for (const name of Object.keys(event.queryStringParameters ?? {}))
      errors.push({ parameter: name, detail: `unknown query parameter ${JSON.stringify(name)}` });

  let body: unknown;
  if (contract.body) {
    if (event.parsedBody === undefined)
      errors.push({
        pointer: '',
        detail: 'a JSON body is required (see the OpenAPI document at /v1/openapi.json)',
      });
    else body = collectErrors(contract.body, event.parsedBody, (_p, e) => e, errors);
  }

  if (errors.length > 0)
    throw new ProblemError(
      'validation',
      `${errors.length} ${errors.length === 1 ? 'input is' : 'inputs are'} not valid; see errors`,
      { errors },
    );
  return { body, query: contract.query ? query : undefined, path, idempotencyKey } as Omit<
    PartnerRequest<C>,
    'partnerId' | 'basePath'
  >;
}

export function basePathOf(event: APIGatewayProxyEvent): string {
  const full = event.requestContext?.path ?? event.path;
  return full && event.path && full.endsWith(event.path)
    ? full.slice(0, full.length - event.path.length)
    : '';
}

/**
 * The start both API chains share, in order: the logger with the Lambda context, business metrics
 * published at the end, the request log and Server-Timing.
 */
export const apiChain = () =>
  middy<ParsedEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(publishMetrics())
    .use(requestLog());

/** A route's answer as the API Gateway proxy result: JSON, never cached. */
export const toResult = (answer: RouteAnswer): APIGatewayProxyResult => ({
  statusCode: answer.status,
  headers: {
    'content-type': answer.mediaType ?? 'application/json',
    'cache-control': 'no-store',
    ...answer.headers,
  },
  body: answer.mediaType ? String(answer.body) : JSON.stringify(answer.body),
});

/** The chain as a Lambda handler, each invocation with its own Server-Timing spans. */
export const withTiming =
  (chain: (event: ParsedEvent, context: Context) => Promise<APIGatewayProxyResult>) =>
  (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> =>
    withSpans(() => chain(event, context));

/**
 * The check that the request's API key and its partner still admit it, uncached, before anything else
 * (`api-key-check.ts`: a revoked key or a suspended partner is 403 at once, whatever the authorizer
 * caches say). Handlers pass the real one from the adapters; unit tests of the chain pass their own.
 */
export type KeyCheck = (event: APIGatewayProxyEvent, partnerId: string) => Promise<void>;

export function partnerRoute<C extends RouteContract>(
  contract: C,
  handle: (request: PartnerRequest<C>) => Promise<RouteAnswer>,
  keyCheck: KeyCheck,
) {
  const chain = apiChain()
    .use(problemJson())
    .use(bodyLimit(MAX_BODY_BYTES))
    .use(jsonBody(contract.body !== undefined))
    .handler(async (event) => {
      const partnerId = event.requestContext?.authorizer?.partnerId;
      if (typeof partnerId !== 'string' || partnerId === '')
        throw new Error(
          'no partnerId in the authorizer context: is the route behind the partner authorizer?',
        );
      logger.appendKeys({ partnerId });
      const claimId = event.pathParameters?.claimId;
      if (claimId) logger.appendKeys({ claimId });
      await timed('key-check', () => keyCheck(event, partnerId));
      const parsed = await timed('validate', () => parseRequest(contract, event));
      const answer = await handle({ ...parsed, partnerId, basePath: basePathOf(event) });
      const result = answer.body as { claimId?: unknown } | undefined;
      if (!claimId && typeof result?.claimId === 'string') logger.appendKeys({ claimId: result.claimId });
      return toResult(answer);
    });
  return withTiming(chain);
}
