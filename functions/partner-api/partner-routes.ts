import { type FunctionSpec, partnerApi, type RouteSpec, routesOf } from '../catalog.ts';
import { type PartnerRouteKey, type RouteContract, routeContracts } from './contract.ts';

/**
 * Every partner route with its function and contract (a function may serve several routes), for
 * the CDK construct and the OpenAPI document. Apart from the contracts so that a handler, which
 * imports its own contract, does not load the whole catalog.
 */
export const partnerRoutes = (): {
  key: PartnerRouteKey;
  spec: FunctionSpec;
  route: RouteSpec;
  contract: RouteContract;
}[] =>
  Object.entries(partnerApi as Record<string, FunctionSpec>).flatMap(([catalogKey, spec]) =>
    routesOf(spec).map((route) => {
      const key = (route.operation ?? catalogKey) as PartnerRouteKey;
      return { key, spec, route, contract: routeContracts[key] };
    }),
  );
