import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';
import { type FunctionSpec, functionCatalog, type RouteSpec, routesOf } from '../../functions/catalog.ts';
import { type Problem, problem, problemResponse } from '../../functions/shared/problem.ts';
import { type ConsoleFiles, isConsolePath, serveConsole } from './console-files.ts';

/**
 * The local API Gateway of the partner API (DESIGN §6): one HTTP server per simulated region on
 * loopback, serving the routes of `functions/catalog.ts` as a REST API would. Each request becomes
 * an API Gateway REST proxy event (payload format 1.0), goes through the REQUEST authorizer, then
 * to the route's handler, both run by that region's Lambda worker; the handler's answer is written
 * back as is. What API Gateway itself answers (no route, wrong method, no or bad key, a body over
 * its 10 MB limit, a failed function) is problem+json here, as the CDK API's gateway responses are.
 *
 * The authorizer's result is cached per key for 5 minutes, as the CDK API's authorizer
 * (`resultsCacheTtl`), so most requests cost no authorizer invocation, as in AWS.
 * Not simulated: usage-plan throttling and quotas (429).
 */
export interface Invoker {
  invoke(req: { region: string; functionName: string; payload: unknown }): Promise<unknown>;
}

export interface PartnerGateway {
  /** Base URL per region, ending in `/`: `${url}v1/claims`. */
  readonly urls: Record<string, string>;
  stop(): Promise<void>;
}

/** API Gateway's own payload limit (REST APIs): 10 MB. The handlers refuse far less (64 KiB). */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** API Gateway's authorizer result cache: `AUTHORIZER_CACHE_TTL` in infra/constructs/partner-api.ts. */
const AUTHORIZER_CACHE_TTL_MS = 5 * 60_000;
const AUTHORIZER_CACHE_ENTRIES = 10_000;
const API_ID = 'partner-api';
const STAGE = 'local';

interface Route {
  readonly spec: FunctionSpec;
  /** Partner routes go through the authorizer; the customer's public pages do not (the signed link is the key). */
  readonly authorized: boolean;
  readonly method: string;
  readonly resource: string;
  readonly pattern: RegExp;
  readonly params: string[];
}

function compile(spec: FunctionSpec, { method, path }: RouteSpec): Route {
  const params: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const m = /^\{(\w+)\}$/.exec(segment);
      if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(m[1]!);
      return '([^/]+)';
    })
    .join('/');
  return {
    spec,
    authorized: spec.kind === 'partner-api',
    method,
    resource: path,
    pattern: new RegExp(`^${source}$`),
    params,
  };
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Headers as API Gateway passes them: original case, the last value, and every value. */
// Null-prototype records: a header or parameter named `constructor` or `__proto__` is just a name.
const record = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

function headersOf(req: IncomingMessage) {
  const headers = record<string>();
  const multiValueHeaders = record<string[]>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  return { headers, multiValueHeaders };
}

function queryOf(url: URL) {
  const single = record<string>();
  const multi = record<string[]>();
  for (const [k, v] of url.searchParams) {
    single[k] = v;
    multi[k] = [...(multi[k] ?? []), v];
  }
  const any = Object.keys(single).length > 0;
  return { queryStringParameters: any ? single : null, multiValueQueryStringParameters: any ? multi : null };
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

/** Whether an IAM policy from the authorizer allows `methodArn` (wildcards `*` and `?`, as IAM). */
export function policyAllows(result: APIGatewayAuthorizerResult, methodArn: string): boolean {
  const matches = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    ).test(methodArn);
  const statements = result.policyDocument?.Statement ?? [];
  const applies = (s: (typeof statements)[number]) => {
    const resources = 'Resource' in s ? [s.Resource].flat() : [];
    return resources.some((r) => matches(String(r)));
  };
  if (statements.some((s) => s.Effect === 'Deny' && applies(s))) return false;
  return statements.some((s) => s.Effect === 'Allow' && applies(s));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return resolve('too-large');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startPartnerGateway(opts: {
  regions: readonly string[];
  lambda: Invoker;
  accountId: string;
  /** How long an authorizer result is reused for the same key (0: never). Default: the CDK API's 5 minutes. */
  authorizerCacheTtlMs?: number;
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
  const routes = functionCatalog
    // Back-office routes have no gateway authorizer here: their chain verifies the bearer token itself.
    .filter((f) => f.kind === 'partner-api' || f.kind === 'public-page' || f.kind === 'backoffice-api')
    .flatMap((f) => routesOf(f).map((r) => compile(f, r)));
  const authorizerSpec = functionCatalog.find((f) => f.kind === 'authorizer');
  if (!authorizerSpec) throw new Error('no authorizer in functions/catalog.ts');
  const host = opts.host ?? '127.0.0.1';
  const maxBody = opts.maxBodyBytes ?? GATEWAY_MAX_BODY_BYTES;
  const authorizerCacheTtlMs = opts.authorizerCacheTtlMs ?? AUTHORIZER_CACHE_TTL_MS;
  const authorizerCache = new Map<string, { result: APIGatewayAuthorizerResult; expiresAt: number }>();

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

    const body = await readBody(req, maxBody);
    if (body === 'too-large') {
      return sendProblem(
        res,
        problem('payloadTooLarge', `the body is over API Gateway's limit of ${maxBody} bytes`, { requestId }),
        { ...ids, connection: 'close' },
      );
    }

    const match = route.pattern.exec(url.pathname)!;
    const pathParameters = route.params.length
      ? Object.fromEntries(route.params.map((name, i) => [name, decode(match[i + 1]!)]))
      : null;
    const { headers, multiValueHeaders } = headersOf(req);
    const query = queryOf(url);
    const methodArn = `arn:aws:execute-api:${region}:${opts.accountId}:${API_ID}/${STAGE}/${method}${url.pathname}`;
    const requestContext = {
      accountId: opts.accountId,
      apiId: API_ID,
      stage: STAGE,
      requestId,
      resourceId: route.spec.name,
      resourcePath: route.resource,
      httpMethod: method,
      path: url.pathname,
      protocol: `HTTP/${req.httpVersion}`,
      domainName: req.headers.host ?? host,
      requestTimeEpoch: Date.now(),
      identity: {
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? null,
      },
    };

    /** The REQUEST authorizer, as API Gateway runs it: its context, or the problem to answer. */
    const authorize = async (): Promise<
      { context: Record<string, unknown> } | { status: number; problem: Problem }
    > => {
      const refuse = (p: Problem) => ({ status: p.status, problem: p });
      // API Gateway checks the identity source itself: no x-api-key, no authorizer call, 401.
      const apiKey = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-api-key')?.[1];
      if (!apiKey)
        return refuse(problem('unauthorized', 'send your API key in the x-api-key header', { requestId }));
      // API Gateway caches the authorizer's policy per identity source (the key) for the TTL.
      const cacheKey = `${region}\n${apiKey}`;
      const cached = authorizerCache.get(cacheKey);
      let auth: APIGatewayAuthorizerResult;
      if (cached && cached.expiresAt > Date.now()) auth = cached.result;
      else {
        const authEvent = {
          type: 'REQUEST',
          methodArn,
          resource: route.resource,
          path: url.pathname,
          httpMethod: method,
          headers,
          multiValueHeaders,
          ...query,
          pathParameters,
          stageVariables: null,
          requestContext,
        } as unknown as APIGatewayRequestAuthorizerEvent;
        try {
          auth = (await opts.lambda.invoke({
            region,
            functionName: authorizerSpec.name,
            payload: authEvent,
          })) as APIGatewayAuthorizerResult;
        } catch (err) {
          if ((err as Error).message === 'Unauthorized')
            return refuse(
              problem('unauthorized', 'send your API key in the x-api-key header', { requestId }),
            );
          return refuse(problem('internal', 'the authorizer failed', { requestId }));
        }
        // Bounded: a flood of made-up keys must not grow it without end.
        if (authorizerCache.size >= AUTHORIZER_CACHE_ENTRIES)
          authorizerCache.delete(authorizerCache.keys().next().value!);
        authorizerCache.set(cacheKey, { result: auth, expiresAt: Date.now() + authorizerCacheTtlMs });
      }
      if (!policyAllows(auth, methodArn))
        return refuse(problem('forbidden', 'this API key is not valid', { requestId }));
      return { context: { ...(auth.context ?? {}), principalId: auth.principalId } };
    };

    let authorizer: Record<string, unknown> | null = null;
    if (route.authorized) {
      const auth = await authorize();
      if ('status' in auth) return sendProblem(res, auth.problem, ids);
      authorizer = auth.context;
    }

    const event: APIGatewayProxyEvent = {
      resource: route.resource,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders,
      ...query,
      pathParameters,
      stageVariables: null,
      body: body.length > 0 ? body.toString('utf8') : null,
      isBase64Encoded: false,
      requestContext: {
        ...requestContext,
        authorizer,
      },
    } as unknown as APIGatewayProxyEvent;
    let result: APIGatewayProxyResult;
    try {
      result = (await opts.lambda.invoke({
        region,
        functionName: route.spec.name,
        payload: event,
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

  /** CORS preflight of a back-office route: allowed for the console's origin only. */
  const preflight = (
    req: IncomingMessage,
    res: ServerResponse,
    onPath: Route[],
    ids: Record<string, string>,
  ) => {
    const consoleUrl = opts.consoleRegion ? urls[opts.consoleRegion] : undefined;
    const origin = consoleUrl ? new URL(consoleUrl).origin : undefined;
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
