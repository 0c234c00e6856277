/**
 * The one list of every Lambda function (STYLE: "One list, read by everyone"). The CDK region
 * stack builds a NodejsFunction from each entry (construct id = `name`); the local runtime maps
 * state-machine tasks and API routes to the handlers from it; tests iterate it. Adding a function
 * is one entry here.
 */

export type FunctionKind = 'workflow-task' | 'partner-api' | 'backoffice-api' | 'authorizer';

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
  };
  /** For API functions: the route (API Gateway resource path syntax). */
  readonly route?: { readonly method: 'GET' | 'POST'; readonly path: string };
}

const task = (
  name: string,
  description: string,
  touches: FunctionSpec['touches'],
  extra: Partial<FunctionSpec> = {},
): FunctionSpec => ({
  name,
  kind: 'workflow-task',
  entry: `functions/tasks/${name}.ts`,
  description,
  memoryMb: 512,
  timeoutSeconds: 30,
  touches,
  ...extra,
});

export const workflowTasks = {
  checkCoverage: task(
    'check-coverage',
    'Checks each claim line against the vehicle warranty and the submission window',
    {
      globalTable: 'write',
    },
  ),
  adjudicate: task('adjudicate', 'Approves automatically, sends to review, or rejects', {
    globalTable: 'write',
  }),
  awaitReview: task('await-review', 'Parks the claim for back-office review and keeps the task token', {
    globalTable: 'write',
    regionalTable: 'write',
    stepFunctions: true,
  }),
  escalateReview: task('escalate-review', 'Escalates a review that waited too long to a manager', {
    globalTable: 'write',
  }),
  allocateParts: task(
    'allocate-parts',
    'Reserves the parts: one home warehouse, a split, another region, or a backorder',
    { globalTable: 'write', otherRegions: true },
  ),
  awaitRestock: task('await-restock', 'Queues a backordered claim for restock (first come, first served)', {
    globalTable: 'write',
    regionalTable: 'write',
    stepFunctions: true,
  }),
  assignTechnician: task('assign-technician', 'Books the earliest qualified technician slot', {
    globalTable: 'write',
  }),
  confirmAppointment: task('confirm-appointment', 'Schedules the repair once parts and technician are set', {
    globalTable: 'write',
  }),
  awaitRepair: task('await-repair', "Waits for the partner's completion call and keeps the task token", {
    globalTable: 'write',
    regionalTable: 'write',
    stepFunctions: true,
  }),
  remindRepair: task('remind-repair', 'Records a reminder to the partner when a repair is overdue', {
    globalTable: 'write',
  }),
  recordRepair: task('record-repair', 'Records the completed repair', { globalTable: 'write' }),
  settleClaim: task('settle-claim', 'Settles with the partner; consumes used parts, releases the rest', {
    globalTable: 'write',
    otherRegions: true,
  }),
  notifyCustomer: task('notify-customer', 'Emails the customer, once per claim and template', {
    globalTable: 'read',
    regionalTable: 'write',
    email: true,
  }),
  closeClaim: task('close-claim', 'Closes the claim after the follow-up', { globalTable: 'write' }),
  releaseReservations: task('release-reservations', 'Compensation: releases parts and the technician slot', {
    globalTable: 'write',
    otherRegions: true,
  }),
} as const satisfies Record<string, FunctionSpec>;

const partnerRoute = (
  name: string,
  description: string,
  route: NonNullable<FunctionSpec['route']>,
  touches: FunctionSpec['touches'],
): FunctionSpec => ({
  name,
  kind: 'partner-api',
  entry: `functions/partner-api/${name}.ts`,
  description,
  // 1 GB: Lambda gives CPU in proportion to memory, and zod parsing plus the SDK's cold start are
  // CPU-bound; the p99 target of the partner API (issue 4) is 50 ms.
  memoryMb: 1024,
  // API Gateway's integration timeout is 29 s: a handler that runs longer is answered 504 anyway.
  timeoutSeconds: 10,
  touches,
  route,
});

/** Partner API v1 (DESIGN §7): one function per route, all behind `partnerAuthorizer`. */
export const partnerApi = {
  createClaim: partnerRoute(
    'create-claim',
    'Files a warranty claim (idempotent by Idempotency-Key) and starts its workflow',
    { method: 'POST', path: '/v1/claims' },
    // The partner and the owner record are read; the claim written; the idempotency key kept regionally.
    { globalTable: 'write', regionalTable: 'write', startsExecutions: true },
  ),
  getClaim: partnerRoute(
    'get-claim',
    "Returns one of the partner's claims",
    { method: 'GET', path: '/v1/claims/{claimId}' },
    { globalTable: 'read' },
  ),
  listClaims: partnerRoute(
    'list-claims',
    "Lists the partner's claims, newest first, by status, with a cursor",
    { method: 'GET', path: '/v1/claims' },
    { globalTable: 'read' },
  ),
  completeRepair: partnerRoute(
    'complete-repair',
    'Records the repair of a scheduled claim and resumes its workflow',
    { method: 'POST', path: '/v1/claims/{claimId}/completion' },
    // The completion is stored on the claim; the task token read from and removed in the regional table.
    { globalTable: 'write', regionalTable: 'write', stepFunctions: true },
  ),
  vehicleCoverage: partnerRoute(
    'vehicle-coverage',
    "Tells what a vehicle's warranty plan still covers",
    { method: 'GET', path: '/v1/vehicles/{vin}/coverage' },
    { globalTable: 'read' },
  ),
  openApi: partnerRoute(
    'openapi',
    'Serves the OpenAPI 3.1 document of the partner API',
    { method: 'GET', path: '/v1/openapi.json' },
    {},
  ),
} as const satisfies Record<string, FunctionSpec>;

/** The REQUEST authorizer of the partner API: x-api-key → SHA-256 → partner. */
export const partnerAuthorizer: FunctionSpec = {
  name: 'partner-authorizer',
  kind: 'authorizer',
  entry: 'functions/partner-api/authorizer.ts',
  description: 'Maps the x-api-key header to a partner by its SHA-256 hash',
  memoryMb: 512,
  timeoutSeconds: 5,
  touches: { globalTable: 'read' },
};

export const functionCatalog: readonly FunctionSpec[] = [
  ...Object.values(workflowTasks),
  ...Object.values(partnerApi),
  partnerAuthorizer,
];

export function functionSpec(name: string): FunctionSpec {
  const spec = functionCatalog.find((f) => f.name === name);
  if (!spec) throw new Error(`no function named ${name} in functions/catalog.ts`);
  return spec;
}
