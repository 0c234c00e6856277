/**
 * The one list of every Lambda function (STYLE: "One list, read by everyone"). The CDK region
 * stack builds a Lambda function from each entry (construct id = `name`); the local runtime maps
 * state-machine tasks and API routes to the handlers from it; tests iterate it. Adding a function
 * is one entry here.
 */

import { backofficeApi, masterDataApi } from './catalog-backoffice.ts';
import { type FunctionSpec, routeFunction } from './catalog-spec.ts';

export { backofficeApi, masterDataApi } from './catalog-backoffice.ts';
export type { FunctionKind, FunctionSpec, HttpMethod, RouteSpec } from './catalog-spec.ts';
export { routesOf } from './catalog-spec.ts';

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

// Each map is built in a `/* @__PURE__ */` function, as the zod schemas are: a handler that reads
// one map (a route family its routes) then carries only that map in its bundle (issue 18).
export const workflowTasks = /* @__PURE__ */ (() =>
  ({
    adjudicate: task(
      'adjudicate',
      'Checks each claim line against the vehicle warranty and the filing window, then approves automatically, sends to review, or rejects',
      CLAIM,
    ),
    awaitReview: task(
      'await-review',
      'Parks the claim for back-office review and keeps the task token',
      WAITS,
    ),
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
  }) as const satisfies Record<string, FunctionSpec>)();

// 1 GB: Lambda gives CPU in proportion to memory, and zod parsing plus the SDK's cold start are
// CPU-bound; the p99 target of the partner API (issue 4) is 50 ms.
const partnerRoute = /* @__PURE__ */ routeFunction('partner-api', 'partner-api', 1024);

/** Partner API v1 (DESIGN §7): one function per route, all behind `partnerAuthorizer`. */
export const partnerApi = /* @__PURE__ */ (() =>
  ({
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
  }) as const satisfies Record<string, FunctionSpec>)();

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

const publicPage = /* @__PURE__ */ routeFunction('public-page', 'public', 512, { linkSecret: true });

/**
 * The customer's pages behind the signed links in emails (DESIGN §8; query `t=<token>`). Writes go
 * to the claim's home region, through the region that writes for it now (`otherRegions`).
 */
export const publicPages = /* @__PURE__ */ (() =>
  ({
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
  }) as const satisfies Record<string, FunctionSpec>)();

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

export const functionCatalog: readonly FunctionSpec[] = /* @__PURE__ */ (() => [
  ...Object.values(workflowTasks),
  ...Object.values(partnerApi),
  partnerAuthorizer,
  ...Object.values(backofficeApi),
  ...Object.values(masterDataApi),
  ...Object.values(publicPages),
  ...Object.values(followUpEvents),
  ...Object.values(partnerWebhooks),
])();

export function functionSpec(name: string): FunctionSpec {
  const spec = functionCatalog.find((f) => f.name === name);
  if (!spec) throw new Error(`no function named ${name} in functions/catalog.ts`);
  return spec;
}
