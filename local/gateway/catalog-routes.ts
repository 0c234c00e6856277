import { type FunctionSpec, functionCatalog, type RouteSpec, routesOf } from '../../functions/catalog.ts';

/** The routes of `functions/catalog.ts` as the local API Gateway matches them. */
export interface Route {
  readonly spec: FunctionSpec;
  /**
   * Partner routes go through the partner key's authorizer (back-office routes through the staff
   * pool's, see gateway.ts); the customer's public pages (the signed link is the key) and the health
   * route through none.
   */
  readonly authorized: boolean;
  readonly method: string;
  readonly resource: string;
  readonly pattern: RegExp;
  readonly params: string[];
}

/** Every route the gateway serves, and the authorizer that guards the partner routes. */
export function catalogRoutes(): { routes: Route[]; authorizer: FunctionSpec } {
  const routes = functionCatalog
    .filter((f) => f.kind === 'partner-api' || f.kind === 'public-page' || f.kind === 'backoffice-api')
    // A function may serve several routes (the master-data ones): one compiled route each.
    .flatMap((f) => routesOf(f).map((r) => compile(f, r)));
  const authorizer = functionCatalog.find((f) => f.kind === 'authorizer');
  if (!authorizer) throw new Error('no authorizer in functions/catalog.ts');
  return { routes, authorizer };
}

/** The path parameters of a path the route matches, decoded (null when the route has none). */
export function pathParametersOf(route: Route, pathname: string): Record<string, string> | null {
  const match = route.pattern.exec(pathname)!;
  return route.params.length
    ? Object.fromEntries(route.params.map((name, i) => [name, decode(match[i + 1]!)]))
    : null;
}

function compile(spec: FunctionSpec, { method, path, public: open }: RouteSpec): Route {
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
    authorized: spec.kind === 'partner-api' && !open,
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
