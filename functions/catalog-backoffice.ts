/** The back-office API's functions in the function catalog (functions/catalog.ts lists them all). */

import { type FunctionSpec, type RouteSpec, routeFunction } from './catalog-spec.ts';

const backofficeRoute = /* @__PURE__ */ routeFunction('backoffice-api', 'backoffice-api', 1024);

/**
 * Back-office API v1 (DESIGN §7), in every region: staff with a bearer token (JWT) whose role the
 * route's chain checks. Actions on a claim run in its home region (421 elsewhere).
 */
export const backofficeApi = /* @__PURE__ */ (() =>
  ({
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
      touches: { readsExecutions: true },
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
    // (?report=failure-rates|early-warnings) and listing campaigns one more route, so a region stack
    // near CloudFormation's 500 resources gains a resource and a method, not a function.
    claimMetrics: {
      name: 'claim-metrics',
      kind: 'backoffice-api',
      entry: 'functions/backoffice-api/claim-metrics.ts',
      description:
        "Reports a region's claims, approval, cycle time, fill rate and NPS, the fleet's failure rates, early-warning flags and supplier recovery; lists service campaigns",
      memoryMb: 1024,
      // A fleet-wide report reads months of the quality ledger; API Gateway's integration timeout is 29 s.
      timeoutSeconds: 28,
      touches: { globalTable: 'read' },
      routes: [
        { method: 'GET', path: '/backoffice/v1/metrics', operation: 'claimMetrics' },
        { method: 'GET', path: '/backoffice/v1/campaigns', operation: 'listCampaigns' },
      ],
    },
    // Opening a campaign is a function of its own (4 resources a region): a manager's rare write that
    // mails every affected customer. As a route of claim-metrics it made the reports, which the
    // dashboards call all day, carry SES rights, a 28 s write path, and at start the chunks its
    // first-use module shared with them (issue 18: claim-metrics was the slowest function to start).
    openCampaign: {
      name: 'open-campaign',
      kind: 'backoffice-api',
      entry: 'functions/backoffice-api/open-campaign.ts',
      description:
        'Opens a service campaign: the affected vehicles from the fleet, a notice to each customer in their language',
      memoryMb: 1024,
      // Opening a campaign tells up to 2,000 customers; API Gateway's integration timeout is 29 s.
      timeoutSeconds: 28,
      // Campaigns are written in the region that opens them; their notices go out through SES.
      touches: { globalTable: 'write', email: true },
      route: { method: 'POST', path: '/backoffice/v1/campaigns' },
    },
  }) as const satisfies Record<string, FunctionSpec>)();

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
  touches,
  routes,
});

const BO = '/backoffice/v1';

/**
 * The master data an exporter runs its network with (issue 15): markets, partners and their API
 * keys, service centres, technicians, the parts catalogue and prices, labour operations, warehouses
 * and stock, warranty plans. Managers only. Every write goes to the record's home region (a partner's
 * region, a warehouse's, the primary for the catalogue), whichever region is asked: `otherRegions`.
 */
export const masterDataApi = /* @__PURE__ */ (() =>
  ({
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
  }) as const satisfies Record<string, FunctionSpec>)();
