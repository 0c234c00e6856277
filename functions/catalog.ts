/**
 * The one list of every Lambda function (STYLE: "One list, read by everyone"). The CDK region
 * stack builds a NodejsFunction from each entry (construct id = `name`); the local runtime maps
 * state-machine tasks and API routes to the handlers from it; tests iterate it. Adding a function
 * is one entry here.
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
  };
  /** For API functions: the route (API Gateway resource path syntax). */
  readonly route?: { readonly method: 'GET' | 'POST' | 'PUT'; readonly path: string };
  /** For scheduled functions: how often they run. */
  readonly schedule?: { readonly everySeconds: number };
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
  remindReview: task(
    'remind-review',
    'Records a weekly reminder of an escalated review that nobody answered (counted once per timeout)',
    { globalTable: 'write' },
  ),
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
    // The once-only record of each email is in the global table (it must survive a failover).
    globalTable: 'write',
    email: true,
    linkSecret: true,
  }),
  closeClaim: task(
    'close-claim',
    'Closes the claim after the follow-up and schedules the maintenance reminder',
    {
      globalTable: 'write',
      startsReminders: true,
    },
  ),
  releaseReservations: task('release-reservations', 'Compensation: releases parts and the technician slot', {
    globalTable: 'write',
    otherRegions: true,
  }),
} as const satisfies Record<string, FunctionSpec>;

/**
 * A function behind an HTTP route: partner API, back office and public pages differ only in kind,
 * folder and size. API Gateway's integration timeout is 29 s: a handler that runs longer is
 * answered 504 anyway, hence 10 s.
 */
const routeFunction =
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

// 1 GB: Lambda gives CPU in proportion to memory, and zod parsing plus the SDK's cold start are
// CPU-bound; the p99 target of the partner API (issue 4) is 50 ms.
const partnerRoute = routeFunction('partner-api', 'partner-api', 1024);

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
  resubmitClaim: partnerRoute(
    'resubmit-claim',
    'Files the corrected claim for a REJECTED claim whose reasons can be corrected, linked both ways',
    { method: 'POST', path: '/v1/claims/{claimId}/resubmission' },
    // The original is linked, the correction written, its workflow started (as create-claim).
    { globalTable: 'write', regionalTable: 'write', startsExecutions: true },
  ),
  vehicleCoverage: partnerRoute(
    'vehicle-coverage',
    "Tells what a vehicle's warranty plan still covers",
    { method: 'GET', path: '/v1/vehicles/{vin}/coverage' },
    { globalTable: 'read' },
  ),
  setWebhook: partnerRoute(
    'set-webhook',
    "Sets the partner's webhook endpoint and event types; a new endpoint's signing secret is shown once",
    { method: 'PUT', path: '/v1/webhook' },
    { globalTable: 'write' },
  ),
  getWebhook: partnerRoute(
    'get-webhook',
    "Shows the partner's webhook endpoint (never its secret)",
    { method: 'GET', path: '/v1/webhook' },
    { globalTable: 'read' },
  ),
  rotateWebhookSecret: partnerRoute(
    'rotate-webhook-secret',
    'Makes a new webhook signing secret; the old one keeps signing for 24 hours',
    { method: 'POST', path: '/v1/webhook/rotate-secret' },
    { globalTable: 'write' },
  ),
  webhookDeliveries: partnerRoute(
    'webhook-deliveries',
    'Lists the latest webhook deliveries: attempts, state, next retry',
    { method: 'GET', path: '/v1/webhook/deliveries' },
    { globalTable: 'read' },
  ),
  openApi: partnerRoute(
    'openapi',
    'Serves the OpenAPI 3.1 document of the partner API',
    { method: 'GET', path: '/v1/openapi.json' },
    {},
  ),
} as const satisfies Record<string, FunctionSpec>;

const backofficeRoute = routeFunction('backoffice-api', 'backoffice-api', 1024);

/**
 * Back-office API v1 (DESIGN §7), in every region: staff with a bearer token (JWT) whose role the
 * route's chain checks. Actions on a claim run in its home region (421 elsewhere).
 */
export const backofficeApi = {
  claimQueue: backofficeRoute(
    'claim-queue',
    'Searches claims by status, VIN, partner, claim id or overdue (indexes only, no Scan), with a cursor',
    { method: 'GET', path: '/backoffice/v1/claims' },
    { globalTable: 'read' },
  ),
  claimDetail: backofficeRoute(
    'claim-detail',
    "Returns a claim with its audit trail and its execution history (from the claim's home region)",
    { method: 'GET', path: '/backoffice/v1/claims/{claimId}' },
    // DescribeExecution and GetExecutionHistory on the home region's ClaimLifecycle (read-only).
    { globalTable: 'read', stepFunctions: true, otherRegions: true },
  ),
  queueCounts: backofficeRoute(
    'queue-counts',
    "Counts a region's claims in review, awaiting parts, scheduled and overdue, and the review reasons",
    { method: 'GET', path: '/backoffice/v1/queues' },
    { globalTable: 'read' },
  ),
  workflowDefinition: backofficeRoute(
    'workflow-definition',
    "Describes this region's ClaimLifecycle state machine, with its definition",
    { method: 'GET', path: '/backoffice/v1/workflow' },
    // DescribeStateMachine on this region's ClaimLifecycle (read-only).
    { stepFunctions: true },
  ),
  cancelClaim: backofficeRoute(
    'cancel-claim',
    'Cancels a claim: fails its waiting task with ClaimCancelled (the workflow releases what it held) and records who and why',
    { method: 'POST', path: '/backoffice/v1/claims/{claimId}/cancel' },
    // The task token read and removed (regional table), SendTaskFailure and DescribeExecution; a
    // failed claim's reservations released in their warehouses' regions.
    { globalTable: 'write', regionalTable: 'write', stepFunctions: true, otherRegions: true },
  ),
  redriveClaim: backofficeRoute(
    'redrive-claim',
    "Restarts a FAILED claim's workflow as a new execution (-r<n+1>), recorded on the claim",
    { method: 'POST', path: '/backoffice/v1/claims/{claimId}/redrive' },
    // DescribeExecution to find the failed run, StartExecution of the next one.
    { globalTable: 'write', stepFunctions: true, startsExecutions: true },
  ),
  reviewClaim: backofficeRoute(
    'review-claim',
    "Approves, rejects or adjusts a claim in review within the reviewer's limit, and resumes its workflow",
    { method: 'POST', path: '/backoffice/v1/claims/{claimId}/review' },
    { globalTable: 'write', regionalTable: 'write', stepFunctions: true },
  ),
  goodwillClaim: backofficeRoute(
    'goodwill-claim',
    'Approves a REJECTED claim as goodwill (reason required, within the approval limit) as a new linked claim',
    { method: 'POST', path: '/backoffice/v1/claims/{claimId}/goodwill' },
    // The original linked, the goodwill claim written, its workflow started.
    { globalTable: 'write', startsExecutions: true },
  ),
  restockWarehouse: backofficeRoute(
    'restock-warehouse',
    'Records stock received in a warehouse and resumes the backordered claims it serves',
    { method: 'POST', path: '/backoffice/v1/warehouses/{warehouseId}/restock' },
    { globalTable: 'write', otherRegions: true, regionalTable: 'write', stepFunctions: true },
  ),
  inventory: backofficeRoute(
    'inventory',
    "Shows a region's warehouses, their stock and reservations, and the claims waiting for a restock",
    { method: 'GET', path: '/backoffice/v1/inventory' },
    { globalTable: 'read' },
  ),
  importVehicles: {
    ...backofficeRoute(
      'import-vehicles',
      "Registers the vehicles of a CSV file in their markets' home regions, all rows checked first",
      { method: 'POST', path: '/backoffice/v1/vehicles/import' },
      // Vehicles are written in their market's home region, whichever region is asked.
      { globalTable: 'write', otherRegions: true },
    ),
    // Up to 5,000 rows: 50 transactions across regions; API Gateway's integration timeout is 29 s.
    timeoutSeconds: 28,
  },
  partnerDirectory: backofficeRoute(
    'partner-directory',
    "Lists a region's partners, service centres and technicians with their bookings in the next 7 days",
    { method: 'GET', path: '/backoffice/v1/partners' },
    { globalTable: 'read' },
  ),
  emailOutbox: backofficeRoute(
    'email-outbox',
    "Lists the emails sent for a claim, or a region's latest",
    { method: 'GET', path: '/backoffice/v1/outbox' },
    { globalTable: 'read' },
  ),
  customerFeedback: backofficeRoute(
    'customer-feedback',
    "Reports a region's NPS per partner and per service centre, with the customers' survey comments",
    { method: 'GET', path: '/backoffice/v1/feedback' },
    { globalTable: 'read' },
  ),
  partnerWebhook: backofficeRoute(
    'partner-webhook',
    "Shows a partner's webhook endpoint (never its secret) and its latest deliveries",
    { method: 'GET', path: '/backoffice/v1/partners/{partnerId}/webhook' },
    { globalTable: 'read' },
  ),
  claimMetrics: backofficeRoute(
    'claim-metrics',
    "Reports a region's claims per day, auto-approval rate, cycle time, parts fill rate and NPS",
    { method: 'GET', path: '/backoffice/v1/metrics' },
    { globalTable: 'read' },
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

const publicPage = routeFunction('public-page', 'public', 512, { linkSecret: true });

/**
 * The customer's pages behind the signed links in emails (DESIGN §8; query `t=<token>`). Writes go
 * to the claim's home region, through the region that writes for it now (`otherRegions`).
 */
export const publicPages = {
  surveyPage: publicPage(
    'survey-page',
    "Shows the satisfaction survey in the customer's language",
    { method: 'GET', path: '/p/survey' },
    { globalTable: 'read' },
  ),
  surveyAnswer: publicPage(
    'survey-answer',
    "Records the customer's survey answer once, with its NPS entry",
    { method: 'POST', path: '/p/survey' },
    { globalTable: 'write', otherRegions: true },
  ),
  statusPage: publicPage(
    'status-page',
    'Shows where the claim stands, what comes next, the appointment and whom to call',
    { method: 'GET', path: '/p/status' },
    { globalTable: 'read' },
  ),
  unsubscribePage: publicPage(
    'unsubscribe-page',
    'Asks the customer to confirm stopping surveys and reminders',
    { method: 'GET', path: '/p/unsubscribe' },
    { globalTable: 'read' },
  ),
  unsubscribe: publicPage(
    'unsubscribe',
    "Records the customer's opt-out from surveys and reminders (also RFC 8058 one-click)",
    { method: 'POST', path: '/p/unsubscribe' },
    { globalTable: 'write', otherRegions: true },
  ),
} as const satisfies Record<string, FunctionSpec>;

/** Functions invoked by events: SES bounces and complaints (configuration set → EventBridge). */
export const followUpEvents = {
  recordBounce: {
    name: 'record-bounce',
    kind: 'event',
    entry: 'functions/events/record-bounce.ts',
    description: 'Suppresses an address SES reports as bounced or complained about',
    memoryMb: 512,
    timeoutSeconds: 30,
    touches: { globalTable: 'write', otherRegions: true },
  },
} as const satisfies Record<string, FunctionSpec>;

/**
 * The webhook dispatcher: delivers the partner events written with claim changes, with its own
 * retries, apart from every claim's workflow (a dead endpoint never holds a claim up).
 */
export const partnerWebhooks = {
  deliverWebhooks: {
    name: 'deliver-webhooks',
    kind: 'schedule',
    entry: 'functions/events/deliver-webhooks.ts',
    description: "Sends due partner events to the partners' webhooks, signed, with exponential backoff",
    memoryMb: 512,
    // Up to 100 due events per home region, 8 at a time, each at most 5 s: well within a minute.
    timeoutSeconds: 60,
    touches: { globalTable: 'write' },
    schedule: { everySeconds: 60 },
  },
} as const satisfies Record<string, FunctionSpec>;

export const functionCatalog: readonly FunctionSpec[] = [
  ...Object.values(workflowTasks),
  ...Object.values(partnerApi),
  partnerAuthorizer,
  ...Object.values(backofficeApi),
  ...Object.values(publicPages),
  ...Object.values(followUpEvents),
  ...Object.values(partnerWebhooks),
];

export function functionSpec(name: string): FunctionSpec {
  const spec = functionCatalog.find((f) => f.name === name);
  if (!spec) throw new Error(`no function named ${name} in functions/catalog.ts`);
  return spec;
}
