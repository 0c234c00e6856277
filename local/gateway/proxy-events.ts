import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { pathParametersOf, type Route } from './catalog-routes.ts';

/**
 * The events API Gateway hands to Lambda for a REST API request (payload format 1.0): the REQUEST
 * authorizer's event and the proxy integration's event share everything about the request.
 */

/** Runs a function of the region's Lambda worker: the authorizer or a route's handler. */
export interface Invoker {
  invoke(req: { region: string; functionName: string; payload: unknown }): Promise<unknown>;
}

export const API_ID = 'partner-api';
export const STAGE = 'local';

/** What both events say about the request. */
export interface RequestFacts {
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string> | null;
  multiValueQueryStringParameters: Record<string, string[]> | null;
  pathParameters: Record<string, string> | null;
  /** The stage's variables: the back-office API's (see gateway.ts); none on the partner API. */
  stageVariables: Record<string, string> | null;
  requestContext: Record<string, unknown>;
}

/** A request header's last value, whatever the case of its name (as API Gateway reads identity sources). */
export const headerOf = (facts: Pick<RequestFacts, 'headers'>, name: string): string | undefined => {
  const want = name.toLowerCase();
  return Object.entries(facts.headers).find(([k]) => k.toLowerCase() === want)?.[1];
};

// Null-prototype records: a header or parameter named `constructor` or `__proto__` is just a name.
export const record = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

export function requestFacts(
  req: IncomingMessage,
  url: URL,
  route: Route,
  context: { accountId: string; requestId: string; host: string },
): RequestFacts {
  const method = req.method ?? 'GET';
  return {
    resource: route.resource,
    path: url.pathname,
    httpMethod: method,
    ...headersOf(req),
    ...queryOf(url),
    pathParameters: pathParametersOf(route, url.pathname),
    stageVariables: null,
    requestContext: {
      accountId: context.accountId,
      apiId: API_ID,
      stage: STAGE,
      requestId: context.requestId,
      resourceId: route.spec.name,
      resourcePath: route.resource,
      httpMethod: method,
      path: url.pathname,
      protocol: `HTTP/${req.httpVersion}`,
      domainName: req.headers.host ?? context.host,
      requestTimeEpoch: Date.now(),
      identity: {
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? null,
      },
    },
  };
}

export const authorizerEvent = (facts: RequestFacts, methodArn: string): APIGatewayRequestAuthorizerEvent =>
  ({ type: 'REQUEST', methodArn, ...facts }) as unknown as APIGatewayRequestAuthorizerEvent;

export const proxyEvent = (
  facts: RequestFacts,
  body: Buffer,
  authorizer: Record<string, unknown> | null,
): APIGatewayProxyEvent =>
  ({
    ...facts,
    body: body.length > 0 ? body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: { ...facts.requestContext, authorizer },
  }) as unknown as APIGatewayProxyEvent;

/** Headers as API Gateway passes them: original case, the last value, and every value. */
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
