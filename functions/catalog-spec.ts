/**
 * The shape of the function catalog (functions/catalog.ts): what a function entry says, the routes
 * it serves, and the builder of route functions the catalog's API sections share.
 */

export type FunctionKind =
  | 'workflow-task'
  | 'partner-api'
  | 'backoffice-api'
  | 'authorizer'
  /** The customer's pages behind signed links in emails: public, no API key (the link is the key). */
  | 'public-page'
  /** Invoked by an event (an EventBridge rule), not by a route or a state machine. */
  | 'event'
  /** Invoked on a schedule (`schedule`): EventBridge Scheduler in AWS, a timer of the local runtime. */
  | 'schedule';

export interface FunctionSpec {
  /** Construct id, function-name suffix, and the key the local runtime routes by. */
  readonly name: string;
  readonly kind: FunctionKind;
  /** Module path from the repository root; the handler is its export `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** What it touches, for least-privilege grants. */
  readonly touches: {
    readonly globalTable?: 'read' | 'write';
    /** Writes stock or bookings in other regions' replicas (always in the item's home region). */
    readonly otherRegions?: boolean;
    readonly regionalTable?: 'read' | 'write';
    /** Answers task tokens of this region's claim workflow (SendTaskSuccess/Failure/Heartbeat). */
    readonly stepFunctions?: boolean;
    /** Starts executions of this region's claim workflow (`states:StartExecution` on its state machine). */
    readonly startsExecutions?: boolean;
    readonly email?: boolean;
    /** Reads the secret that signs (or verifies) the links in customer emails. */
    readonly linkSecret?: boolean;
    /** Starts executions of this region's MaintenanceReminder workflow. */
    readonly startsReminders?: boolean;
    /**
     * Reads claim workflow executions and the state machine, read-only, in every region (a claim's
     * history is read in its home region).
     */
    readonly readsExecutions?: boolean;
  };
  /** For API functions: the route (API Gateway resource path syntax). */
  readonly route?: RouteSpec;
  /**
   * A function that serves several routes (the master-data routes: one function per family, so a
   * region stack stays well under CloudFormation's 500 resources), each named by its operation.
   */
  readonly routes?: readonly RouteSpec[];
  /** For scheduled functions: how often they run. */
  readonly schedule?: { readonly everySeconds: number };
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  /** The operation's name (its contract's key) when a function serves several routes. */
  readonly operation?: string;
  /**
   * Served without the partner authorizer: the region's health, for Route 53's health checkers,
   * which send no key (infra/failure-detection-stack.ts).
   */
  readonly public?: boolean;
}

/** Every route a function serves. */
export const routesOf = (spec: FunctionSpec): readonly RouteSpec[] =>
  spec.routes ?? (spec.route ? [spec.route] : []);

/**
 * A function behind an HTTP route: partner API, back office and public pages differ only in kind,
 * folder and size. API Gateway's integration timeout is 29 s: a handler that runs longer is
 * answered 504 anyway, hence 10 s.
 */
export const routeFunction =
  (kind: FunctionKind, folder: string, memoryMb: number, extraTouches: FunctionSpec['touches'] = {}) =>
  (
    name: string,
    description: string,
    route: NonNullable<FunctionSpec['route']>,
    touches: FunctionSpec['touches'],
  ): FunctionSpec => ({
    name,
    kind,
    entry: `functions/${folder}/${name}.ts`,
    description,
    memoryMb,
    timeoutSeconds: 10,
    touches: { ...touches, ...extraTouches },
    route,
  });
