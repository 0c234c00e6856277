import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { type Problem, problem, problemResponse } from '../../functions/shared/problem.ts';
import { RETRY_AFTER_SECONDS } from '../../functions/shared/region-unavailable.ts';
import { STAFF_STAGE_VARIABLES } from '../../functions/shared/staff-token.ts';
import { readBody } from '../read-body.ts';
import { catalogRoutes, type Route } from './catalog-routes.ts';
import { type ConsoleFiles, isConsolePath, serveConsole } from './console-files.ts';
import { API_ID, headerOf, type Invoker, proxyEvent, record, requestFacts, STAGE } from './proxy-events.ts';
import { AUTHORIZER_CACHE_TTL_MS, RequestAuthorizer } from './request-authorizer.ts';
import { StaffAuthorizer, type StaffPool } from './staff-authorizer.ts';

/**
 * The local API Gateway of the partner API (DESIGN §6): one HTTP server per simulated region on
 * loopback, serving the routes of `functions/catalog.ts` as a REST API would. Each request becomes
 * an API Gateway REST proxy event (payload format 1.0; `proxy-events.ts`), goes through the REQUEST
 * authorizer (`request-authorizer.ts`) or, for a back-office route, the Cognito user pool authorizer
 * (`staff-authorizer.ts`), then to the route's handler, run by that region's Lambda worker as the
 * partner authorizer is; the handler's answer is written back as is. What API Gateway itself answers (no
 * route, wrong method, no or bad key, a body over its 10 MB limit, a failed function) is
 * problem+json here, as the CDK API's gateway responses are.
 *
 * The authorizer's result is cached per key for 5 minutes, as the CDK API's authorizer
 * (`resultsCacheTtl`), so most requests cost no authorizer invocation, as in AWS.
 * Not simulated: usage-plan throttling and quotas (429).
 */

export interface PartnerGateway {
  /** Base URL per region, ending in `/`: `${url}v1/claims`. */
  readonly urls: Record<string, string>;
  /**
   * Requests that reached a route so far, per region and API (`npm run bench cost`): the partner
   * and back-office routes are a REST API in AWS, the public pages an HTTP API (catalog kind).
   */
  requests(): ApiRequests[];
  stop(): Promise<void>;
}

export interface ApiRequests {
  region: string;
  api: 'rest' | 'http';
  requests: number;
}

/** API Gateway's own payload limit (REST APIs): 10 MB. The handlers refuse far less (64 KiB). */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startPartnerGateway(opts: {
  regions: readonly string[];
  lambda: Invoker;
  accountId: string;
  /** How long an authorizer result is reused for the same key (0: never). Default: the CDK API's 5 minutes. */
  authorizerCacheTtlMs?: number;
  /**
   * The staff user pool whose ID tokens the back-office routes accept (issuer and JWKS), once the
   * identity provider is up; until then those routes answer 503.
   */
  staffPool?: () => StaffPool | undefined;
  host?: string;
  maxBodyBytes?: number;
  /**
   * The region whose port serves the console: its origin is the one the back-office routes answer
   * CORS preflight for (as the CDK BackOfficeApi does for the console's CloudFront origin).
   */
  consoleRegion?: string;
  /** The console's files and config.json, served at /console/ on the console region's port. */
  consoleFiles?: ConsoleFiles;
}): Promise<PartnerGateway> {
  const { routes, authorizer: authorizerSpec } = catalogRoutes();
  const host = opts.host ?? '127.0.0.1';
  const maxBody = opts.maxBodyBytes ?? GATEWAY_MAX_BODY_BYTES;
  const authorizer = new RequestAuthorizer(
    authorizerSpec,
    opts.lambda,
    opts.authorizerCacheTtlMs ?? AUTHORIZER_CACHE_TTL_MS,
  );
  const staffAuthorizer = new StaffAuthorizer(opts.staffPool ?? (() => undefined));

  const counted = new Map<string, ApiRequests>();
  const count = (region: string, api: ApiRequests['api']) => {
    const key = `${region}\u0000${api}`;
    const c = counted.get(key) ?? { region, api, requests: 0 };
    c.requests += 1;
    counted.set(key, c);
  };

  const handle = async (region: string, req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const ids = { 'x-amzn-requestid': requestId };
    if (opts.consoleFiles && region === opts.consoleRegion && isConsolePath(url.pathname))
      return serveConsole(opts.consoleFiles, req, res, url.pathname);

    const onPath = routes.filter((r) => r.pattern.test(url.pathname));
    if (method === 'OPTIONS' && onPath.some((r) => r.spec.kind === 'backoffice-api')) {
      req.resume();
      return preflight(req, res, onPath, ids);
    }
    if (onPath.length === 0) {
      req.resume();
      return sendProblem(
        res,
        problem('notFound', `no route ${url.pathname}; see /v1/openapi.json for the routes`, { requestId }),
        ids,
      );
    }
    const route = onPath.find((r) => r.method === method);
    if (!route) {
      req.resume();
      const allow = onPath.map((r) => r.method).join(', ');
      return sendProblem(
        res,
        problem('methodNotAllowed', `${method} is not allowed on ${url.pathname}; use ${allow}`, {
          requestId,
        }),
        { ...ids, allow },
      );
    }

    count(region, route.spec.kind === 'public-page' ? 'http' : 'rest');
    const body = await readBody(req, maxBody);
    if (body === 'too-large') {
      return sendProblem(
        res,
        problem('payloadTooLarge', `the body is over API Gateway's limit of ${maxBody} bytes`, { requestId }),
        { ...ids, connection: 'close' },
      );
    }

    const facts = requestFacts(req, url, route, { accountId: opts.accountId, requestId, host });
    let authorizerContext: Record<string, unknown> | null = null;
    if (route.authorized) {
      const methodArn = `arn:aws:execute-api:${region}:${opts.accountId}:${API_ID}/${STAGE}/${method}${url.pathname}`;
      const auth = await authorizer.authorize(region, facts, methodArn, requestId);
      if ('problem' in auth)
        return sendProblem(res, auth.problem, {
          ...ids,
          ...(auth.problem.status === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {}),
        });
      authorizerContext = auth.context;
    } else if (route.spec.kind === 'backoffice-api') {
      facts.stageVariables = backofficeStageVariables();
      const auth = await staffAuthorizer.authorize(headerOf(facts, 'authorization'), requestId);
      if ('problem' in auth)
        return sendProblem(res, auth.problem, { ...ids, ...backofficeProblemHeaders(auth.problem) });
      authorizerContext = { claims: auth.claims };
    }

    let result: APIGatewayProxyResult;
    try {
      result = (await opts.lambda.invoke({
        region,
        functionName: route.spec.name,
        payload: proxyEvent(facts, body, authorizerContext),
      })) as APIGatewayProxyResult;
    } catch {
      return sendProblem(
        res,
        problem('badGateway', 'the function behind this route failed', { requestId }),
        ids,
      );
    }
    if (!result || typeof result.statusCode !== 'number')
      return sendProblem(res, problem('badGateway', 'the function gave no HTTP answer', { requestId }), ids);
    send(res, { ...result, headers: { ...ids, ...result.headers } });
  };

  const servers = new Map<string, Server>();
  const urls: Record<string, string> = {};
  const consoleOrigin = () =>
    opts.consoleRegion && urls[opts.consoleRegion] ? new URL(urls[opts.consoleRegion]!).origin : undefined;

  /** The CDK back-office API stage's variables (infra/constructs/backoffice-api.ts), from the local pool. */
  const backofficeStageVariables = (): Record<string, string> => {
    const origin = consoleOrigin();
    const pool = opts.staffPool?.();
    return {
      ...(origin ? { [STAFF_STAGE_VARIABLES.consoleOrigin]: origin } : {}),
      ...(pool
        ? { [STAFF_STAGE_VARIABLES.issuer]: pool.issuer, [STAFF_STAGE_VARIABLES.audience]: pool.audience }
        : {}),
    };
  };

  /** What the CDK back-office API adds to its gateway answers: the console's origin (CORS), and the scheme on a 401. */
  const backofficeProblemHeaders = (p: Problem): Record<string, string> => {
    const origin = consoleOrigin();
    return {
      ...(origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {}),
      ...(p.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
      ...(p.status === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {}),
    };
  };

  /** CORS preflight of a back-office route: allowed for the console's origin only. */
  const preflight = (
    req: IncomingMessage,
    res: ServerResponse,
    onPath: Route[],
    ids: Record<string, string>,
  ) => {
    const origin = consoleOrigin();
    const allowed = origin !== undefined && req.headers.origin === origin;
    res.writeHead(204, {
      ...ids,
      vary: 'Origin',
      ...(allowed
        ? {
            'access-control-allow-origin': origin,
            'access-control-allow-methods': [...new Set([...onPath.map((r) => r.method), 'OPTIONS'])].join(
              ', ',
            ),
            'access-control-allow-headers': 'authorization, content-type',
            'access-control-max-age': '600',
          }
        : {}),
    });
    res.end();
  };
  try {
    for (const region of opts.regions) {
      const server = createServer((req, res) => {
        handle(region, req, res).catch(() => {
          if (!res.headersSent) sendProblem(res, problem('badGateway', 'the local gateway failed'));
          else res.destroy();
        });
      });
      // Keep-alive clients (load generators, SDKs) reuse connections across requests.
      server.keepAliveTimeout = 30_000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, host, () => resolve());
      });
      servers.set(region, server);
      urls[region] = `http://${host}:${(server.address() as AddressInfo).port}/`;
    }
  } catch (err) {
    for (const s of servers.values()) s.close();
    throw err;
  }

  return {
    urls,
    requests: () => [...counted.values()].map((c) => ({ ...c })),
    async stop() {
      await Promise.all(
        [...servers.values()].map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}

function send(
  res: ServerResponse,
  result: APIGatewayProxyResult & { multiValueHeaders?: Record<string, unknown[]> },
) {
  const headers = record<string | string[]>();
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  for (const [k, vs] of Object.entries(result.multiValueHeaders ?? {})) headers[k] = vs.map(String);
  const body = result.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64')
    : Buffer.from(result.body ?? '', 'utf8');
  res.writeHead(result.statusCode, { ...headers, 'content-length': body.length });
  res.end(body);
}

const sendProblem = (res: ServerResponse, p: Problem, headers: Record<string, string> = {}) =>
  send(res, problemResponse(p, headers));
