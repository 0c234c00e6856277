import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { type FunctionSpec, routesOf } from '../catalog.ts';
import { problem, problemResponse } from './problem.ts';

type RouteHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * One Lambda for the routes of one catalog entry (`routes`, each with its `operation`): the request
 * goes to its operation's handler, a full route chain of its own, chosen by the method and resource
 * path as API Gateway names them. A route of the catalog without a handler fails at load, not at
 * the first request.
 */
export function routeFamily(spec: FunctionSpec, handlers: Record<string, RouteHandler>): RouteHandler {
  const byRoute = new Map<string, RouteHandler>();
  for (const route of routesOf(spec)) {
    const handle = route.operation ? handlers[route.operation] : undefined;
    if (!handle) throw new Error(`${spec.name} has no handler for ${route.method} ${route.path}`);
    byRoute.set(`${route.method} ${route.path}`, handle);
  }
  return async (event, context) => {
    const handle = byRoute.get(`${event.httpMethod} ${event.resource}`);
    if (handle) return handle(event, context);
    return problemResponse(
      problem('notFound', `${spec.name} serves no route ${event.httpMethod} ${event.resource}`),
    );
  };
}
