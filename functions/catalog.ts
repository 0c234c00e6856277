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
    /**
     * Reads claim workflow executions and the state machine, read-only, in every region (a claim's
     * history is read in its home region).
     */
    readonly readsExecutions?: boolean;
    /** Reads the staff directory (user pool, console client, console origin) to verify staff tokens. */
    readonly staffDirectory?: boolean;
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

/** What most tasks touch: the claim, in the global table of its home region. */
const CLAIM = { globalTable: 'write' } as const;
/** A `.waitForTaskToken` task: its token kept in the regional table, answered at once if it may go on. */
const WAITS = { globalTable: 'write', regionalTable: 'write', stepFunctions: true } as const;
/** Writes stock in the warehouses' own regions, which may be other regions. */
const STOCK = { globalTable: 'write', otherRegions: true } as const;

export const workflowTasks = {
  adjudicate: task(
    'adjudicate',
    'Checks each claim line against the vehicle warranty and the filing window, then approves automatically, sends to review, or rejects',
    CLAIM,
  ),
  awaitReview: task('await-review', 'Parks the claim for back-office review and keeps the task token', WAITS),
  escalateReview: task('escalate-review', 'Escalates a review that waited too long to a manager', CLAIM),
  remindReview: task(
    'remind-review',
    'Records a weekly reminder of an escalated review that nobody answered (counted once per timeout)',
    CLAIM,
  ),
  allocateParts: task(
    'allocate-parts',
    'Reserves the parts: one home warehouse, a split, another region, or a backorder',
    STOCK,
  ),
  awaitRestock: task(
    'await-restock',
    'Queues a backordered claim for restock (first come, first served)',
    WAITS,
  ),
  assignTechnician: task(
    'assign-technician',
    'Books the earliest qualified technician slot from when the parts reach the centre, and schedules the repair',
    CLAIM,
  ),
  awaitRepair: task(
    'await-repair',
    "Waits for the partner's completion call and keeps the task token",
    WAITS,
  ),
  remindRepair: task('remind-repair', 'Records a reminder to the partner when a repair is overdue', CLAIM),
  settleClaim: task(
    'settle-claim',
    'Records the completed repair and settles with the partner; consumes used parts, releases the rest',
    STOCK,
  ),
  // The once-only record of each email is in the global table (it must survive a failover).
  notifyCustomer: task('notify-customer', 'Emails the customer, once per claim and template', {
    ...CLAIM,
    email: true,
    linkSecret: true,
  }),
  closeClaim: task(
    'close-claim',
    'Closes the claim after the follow-up and schedules the maintenance reminder',
    {
      ...CLAIM,
      startsReminders: true,
    },
  ),
  releaseReservations: task(
    'release-reservations',
    'Compensation: releases parts and the technician slot',
    STOCK,
  ),
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
  // One function for the partner's two lists: its claims, and the service campaigns of its market;
  // and for the region's health, a read of its owner record (a function of its own would cost a
  // region stack 4 more of CloudFormation's 500 resources; this one already reads the table).
  listClaims: {
    name: 'list-claims',
    kind: 'partner-api',
    entry: 'functions/partner-api/list-claims.ts',
    description:
      "Lists the partner's claims, newest first, by status, with a cursor; the service campaigns of its market; the region's health",
    memoryMb: 1024,
    timeoutSeconds: 10,
    touches: { globalTable: 'read' },
    routes: [
      { method: 'GET', path: '/v1/claims', operation: 'listClaims' },
      { method: 'GET', path: '/v1/campaigns', operation: 'listCampaigns' },
      { method: 'GET', path: '/v1/health', operation: 'health', public: true },
    ],
  },
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
  // One function for the four webhook routes: a function per route would cost a region stack 15
  // more of CloudFormation's 500 resources (role, policy, log group, function, permission).
  webhookEndpoint: {
    name: 'webhook-endpoint',
    kind: 'partner-api',
    entry: 'functions/partner-api/webhook-endpoint.ts',
    description:
      "Sets and shows the partner's webhook endpoint, rotates its signing secret (shown once), lists the latest deliveries",
    memoryMb: 1024,
    timeoutSeconds: 10,
    touches: { globalTable: 'write' },
    routes: [
      { method: 'PUT', path: '/v1/webhook', operation: 'setWebhook' },
      { method: 'GET', path: '/v1/webhook', operation: 'getWebhook' },
      { method: 'POST', path: '/v1/webhook/rotate-secret', operation: 'rotateWebhookSecret' },
      { method: 'GET', path: '/v1/webhook/deliveries', operation: 'webhookDeliveries' },
    ],
  },
  openApi: partnerRoute(
    'openapi',
    'Serves the OpenAPI 3.1 document of the partner API',
    { method: 'GET', path: '/v1/openapi.json' },
    {},
  ),
} as const satisfies Record<string, FunctionSpec>;

const backofficeRoute = routeFunction('backoffice-api', 'backoffice-api', 1024, { staffDirectory: true });

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
    { globalTable: 'read', readsExecutions: true, otherRegions: true },
  ),
  queueCounts: backofficeRoute(
    'queue-counts',
    "Counts a region's claims in review, awaiting parts, scheduled and overdue, and the review reasons",
    { method: 'GET', path: '/backoffice/v1/queues' },
    { globalTable: 'read' },
  ),
  // One function for what describes the region's machinery: its state machine, and the API's own
  // OpenAPI document (a function of its own would cost a region stack 4 more resources).
  workflowDefinition: {
    name: 'workflow-definition',
    kind: 'backoffice-api',
    entry: 'functions/backoffice-api/workflow-definition.ts',
    description:
      "Describes this region's ClaimLifecycle state machine, with its definition; serves the back-office API's OpenAPI document",
    memoryMb: 1024,
    timeoutSeconds: 10,
    // DescribeStateMachine on this region's ClaimLifecycle (read-only).
    touches: { readsExecutions: true, staffDirectory: true },
    routes: [
      { method: 'GET', path: '/backoffice/v1/workflow', operation: 'workflowDefinition' },
      { method: 'GET', path: '/backoffice/v1/openapi.json', operation: 'openApiDocument' },
    ],
  },
  cancelClaim: backofficeRoute(
    'cancel-claim',
    'Cancels a claim: fails its waiting task with ClaimCancelled (the workflow releases what it held) and records who and why',
    { method: 'POST', path: '/backoffice/v1/claims/{claimId}/cancel' },
    // The task token read and removed (regional table), SendTaskFailure and DescribeExecution; a
    // failed claim's reservations released in their warehouses' regions.
    {
      globalTable: 'write',
      regionalTable: 'write',
      stepFunctions: true,
      readsExecutions: true,
      otherRegions: true,
    },
  ),
  redriveClaim: backofficeRoute(
    'redrive-claim',
    "Restarts a FAILED claim's workflow as a new execution (-r<n+1>), recorded on the claim",
    { method: 'POST', path: '/backoffice/v1/claims/{claimId}/redrive' },
    // DescribeExecution to find the failed run, StartExecution of the next one.
    { globalTable: 'write', readsExecutions: true, startsExecutions: true },
  ),
  // One function for a claim's review and the return of its failed parts (supplier recovery): both
  // write the claim in its home region; a function of its own would cost a region stack 5 more resources.
  reviewClaim: {
    name: 'review-claim',
    kind: 'backoffice-api',
    entry: 'functions/backoffice-api/review-claim.ts',
    description:
      "Approves, rejects or adjusts a claim in review within the reviewer's limit, and resumes its workflow; moves the return of its failed parts on",
    memoryMb: 1024,
    timeoutSeconds: 10,
    touches: {
      globalTable: 'write',
      regionalTable: 'write',
      stepFunctions: true,
      readsExecutions: true,
      staffDirectory: true,
    },
    routes: [
      { method: 'POST', path: '/backoffice/v1/claims/{claimId}/review', operation: 'reviewClaim' },
      { method: 'POST', path: '/backoffice/v1/claims/{claimId}/part-returns', operation: 'movePartReturn' },
    ],
  },
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
    {
      globalTable: 'write',
      otherRegions: true,
      regionalTable: 'write',
      stepFunctions: true,
      readsExecutions: true,
    },
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
  // The quality loop (issue 17) rides on the metrics function: its reports are more of `metrics`
  // (?report=failure-rates|early-warnings) and campaigns two more routes, so a region stack near
  // CloudFormation's 500 resources gains 4 (a resource, two methods, a preflight), not a function.
  claimMetrics: {
    name: 'claim-metrics',
    kind: 'backoffice-api',
    entry: 'functions/backoffice-api/claim-metrics.ts',
    description:
      "Reports a region's claims, approval, cycle time, fill rate and NPS, the fleet's failure rates and early-warning flags; opens and lists service campaigns",
    memoryMb: 1024,
    // Opening a campaign tells up to 2,000 customers; API Gateway's integration timeout is 29 s.
    timeoutSeconds: 28,
    // Campaigns are written in the region that opens them; their notices go out through SES.
    touches: { globalTable: 'write', email: true, staffDirectory: true },
    routes: [
      { method: 'GET', path: '/backoffice/v1/metrics', operation: 'claimMetrics' },
      { method: 'GET', path: '/backoffice/v1/campaigns', operation: 'listCampaigns' },
      { method: 'POST', path: '/backoffice/v1/campaigns', operation: 'openCampaign' },
    ],
  },
} as const satisfies Record<string, FunctionSpec>;

const masterDataRoutes = (
  name: string,
  description: string,
  routes: readonly RouteSpec[],
  touches: FunctionSpec['touches'],
): FunctionSpec => ({
  name,
  kind: 'backoffice-api',
  entry: `functions/backoffice-api/${name}.ts`,
  description,
  memoryMb: 1024,
  timeoutSeconds: 10,
  // Staff tokens are verified against the staff directory, as on every back-office route.
  touches: { ...touches, staffDirectory: true },
  routes,
});

const BO = '/backoffice/v1';

/**
 * The master data an exporter runs its network with (issue 15): markets, partners and their API
 * keys, service centres, technicians, the parts catalogue and prices, labour operations, warehouses
 * and stock, warranty plans. Managers only. Every write goes to the record's home region (a partner's
 * region, a warehouse's, the primary for the catalogue), whichever region is asked: `otherRegions`.
 */
export const masterDataApi = {
  managePartners: masterDataRoutes(
    'manage-partners',
    'Opens markets; creates, changes and suspends partners; issues, rotates and revokes their API keys',
    [
      { method: 'GET', path: `${BO}/markets`, operation: 'listMarkets' },
      { method: 'PUT', path: `${BO}/markets/{code}`, operation: 'putMarket' },
      { method: 'POST', path: `${BO}/partners`, operation: 'createPartner' },
      { method: 'GET', path: `${BO}/partners/{partnerId}`, operation: 'getPartner' },
      { method: 'PATCH', path: `${BO}/partners/{partnerId}`, operation: 'changePartner' },
      { method: 'POST', path: `${BO}/partners/{partnerId}/keys`, operation: 'issueKey' },
      { method: 'DELETE', path: `${BO}/partners/{partnerId}/keys/{keyId}`, operation: 'revokeKey' },
    ],
    { globalTable: 'write', otherRegions: true },
  ),
  manageServiceNetwork: masterDataRoutes(
    'manage-service-network',
    'Puts service centres (hours, holidays) and technicians (skills, certifications, working days, leave)',
    [
      { method: 'GET', path: `${BO}/service-centres/{centreId}`, operation: 'getCentre' },
      { method: 'PUT', path: `${BO}/service-centres/{centreId}`, operation: 'putCentre' },
      { method: 'GET', path: `${BO}/technicians/{technicianId}`, operation: 'getTechnician' },
      { method: 'PUT', path: `${BO}/technicians/{technicianId}`, operation: 'putTechnician' },
    ],
    { globalTable: 'write', otherRegions: true },
  ),
  manageCatalogue: masterDataRoutes(
    'manage-catalogue',
    'Puts parts with their prices, labour operations, warehouses and warranty plan versions',
    [
      { method: 'GET', path: `${BO}/parts`, operation: 'listParts' },
      { method: 'GET', path: `${BO}/parts/{partNumber}`, operation: 'getPart' },
      { method: 'PUT', path: `${BO}/parts/{partNumber}`, operation: 'putPart' },
      { method: 'GET', path: `${BO}/labour-operations`, operation: 'listLaborOperations' },
      { method: 'GET', path: `${BO}/labour-operations/{code}`, operation: 'getLaborOperation' },
      { method: 'PUT', path: `${BO}/labour-operations/{code}`, operation: 'putLaborOperation' },
      { method: 'GET', path: `${BO}/warehouses/{warehouseId}`, operation: 'getWarehouse' },
      { method: 'PUT', path: `${BO}/warehouses/{warehouseId}`, operation: 'putWarehouse' },
      { method: 'GET', path: `${BO}/warranty-plans`, operation: 'listPlans' },
      { method: 'GET', path: `${BO}/warranty-plans/{planId}`, operation: 'getPlan' },
      { method: 'PUT', path: `${BO}/warranty-plans/{planId}`, operation: 'addPlanVersion' },
    ],
    { globalTable: 'write', otherRegions: true },
  ),
  importMasterData: {
    ...masterDataRoutes(
      'import-master-data',
      'Imports a CSV file of parts, technicians or stock: every row checked first, all of it or nothing',
      [{ method: 'POST', path: `${BO}/imports/{kind}`, operation: 'importMasterData' }],
      // A stock count that raises a level serves the claims waiting for the part, as a restock does.
      { globalTable: 'write', otherRegions: true, regionalTable: 'write', stepFunctions: true },
    ),
    // 2,000 rows: each read where it is written, then up to 40 transactions; API Gateway allows 29 s.
    timeoutSeconds: 28,
  },
  masterDataHistory: masterDataRoutes(
    'master-data-history',
    'The audit trail of a master-data record: who changed what, when, before and after',
    [{ method: 'GET', path: `${BO}/audit/{entity}/{entityId}`, operation: 'history' }],
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
    description:
      "Sends due partner events to the partners' webhooks, signed, with exponential backoff; stamps the written home regions' clocks",
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
  ...Object.values(masterDataApi),
  ...Object.values(publicPages),
  ...Object.values(followUpEvents),
  ...Object.values(partnerWebhooks),
];

export function functionSpec(name: string): FunctionSpec {
  const spec = functionCatalog.find((f) => f.name === name);
  if (!spec) throw new Error(`no function named ${name} in functions/catalog.ts`);
  return spec;
}
