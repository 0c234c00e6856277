import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { MasterDataError } from '../../domain/master-data/audit.ts';
import { type FunctionSpec, routesOf } from '../catalog.ts';
import { ImportRejectedError } from '../master-data/imports.ts';
import { type Actor, staffActor } from '../master-data/master-data-context.ts';
import { backofficeRoute, type StaffRequest } from '../shared/backoffice-route.ts';
import type { RouteAnswer } from '../shared/partner-route.ts';
import { type FieldError, ProblemError, problem, problemResponse } from '../shared/problem.ts';
import type { BackofficeRouteContract } from './contract.ts';

/**
 * The master-data routes of one catalog entry in one Lambda (`masterDataApi` in catalog.ts): each
 * route is a full back-office chain (token, manager role, validation: nothing is read before all
 * of it passes), chosen by the request's method and resource path as API Gateway names them.
 * The master-data rules' errors become problems: a field to fix (400), a record not found (404),
 * a state that forbids it (409), a file with bad rows (422 naming each row and column).
 */

type Contracts = Record<string, BackofficeRouteContract>;
/** One handler per operation of the function's contracts. */
export type MasterDataHandlers<C extends Contracts> = {
  [K in keyof C]: (request: StaffRequest<C[K]> & { actor: Actor }) => Promise<RouteAnswer>;
};

function asProblem(err: unknown): unknown {
  if (err instanceof MasterDataError) {
    const errors: FieldError[] = err.field ? [{ ...err.field, detail: err.message }] : [];
    const kind = err.kind === 'invalid' ? 'validation' : err.kind === 'notFound' ? 'notFound' : 'conflict';
    return new ProblemError(kind, `${err.message}. Nothing was changed`, errors.length ? { errors } : {});
  }
  if (err instanceof ImportRejectedError)
    return new ProblemError('invalidImport', err.message, { errors: err.errors });
  return err;
}

/** The function of `spec`: its routes, each checked against its contract of `contracts` (the function's own map). */
export function masterDataRoutes<C extends Contracts>(
  spec: FunctionSpec,
  contracts: C,
  handlers: MasterDataHandlers<C>,
) {
  const byRoute = new Map<
    string,
    (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>
  >();
  for (const route of routesOf(spec)) {
    const operation = route.operation as keyof C & string;
    const contract = contracts[operation];
    const handle = handlers[operation] as
      | ((request: StaffRequest<BackofficeRouteContract> & { actor: Actor }) => Promise<RouteAnswer>)
      | undefined;
    if (!contract || !handle) throw new Error(`${spec.name} has no contract or handler for ${operation}`);
    byRoute.set(
      `${route.method} ${route.path}`,
      backofficeRoute(contract, 'manager', async (request) => {
        try {
          return await handle({ ...request, actor: staffActor(request.staff) });
        } catch (err) {
          throw asProblem(err);
        }
      }),
    );
  }
  return async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const route = byRoute.get(`${event.httpMethod} ${event.resource}`);
    if (route) return route(event, context);
    return problemResponse(
      problem('notFound', `${spec.name} serves no route ${event.httpMethod} ${event.resource}`),
    );
  };
}

/** 201 with Location for a record made now, 200 for one that existed. */
export const putAnswer = (created: boolean, body: unknown, location: string): RouteAnswer =>
  created ? { status: 201, body, headers: { location } } : { status: 200, body };
