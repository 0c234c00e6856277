import * as z from 'zod/mini';
import { ClaimStatusSchema, LINE_DECISIONS } from '../../domain/claim.ts';
import { ClaimIdSchema } from '../../domain/claim-id.ts';
import { MarketCodeSchema, PartnerIdSchema } from '../../domain/partner.ts';
import { CampaignIdSchema } from '../../domain/quality/campaign.ts';
import { PartReturnMoveSchema } from '../../domain/quality/part-returns.ts';
import { RegionSchema } from '../../domain/region.ts';
import { WarehouseIdSchema } from '../../domain/stock.ts';
import { VinSchema } from '../../domain/vin.ts';
import type { RouteContract } from '../partner-api/contract.ts';
import { wholeNumberParam } from '../shared/query-params.ts';
import type { StaffRole } from '../shared/staff-token.ts';
import { MetricsQuerySchema } from './metrics-query.ts';

/**
 * The back-office API's requests as zod schemas, one contract per route (DESIGN §7). Each contract
 * is built in a pure function, as the schemas are: a route imports its own, and esbuild leaves the
 * others (and the schemas only they use) out of its bundle (cold start, issue 18).
 */

const pageSize = /* @__PURE__ */ (() => wholeNumberParam('limit', 1, 100))();

/**
 * Claim search (GET claims): at least one of status, vin, partnerId, claimId, overdue. `region` is
 * the queue searched for status/overdue (default: the serving region), a filter on the claim's home
 * region with vin, partnerId or claimId.
 */
export const QueueQuerySchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      status: z.optional(ClaimStatusSchema),
      region: z.optional(RegionSchema),
      vin: z.optional(VinSchema),
      partnerId: z.optional(PartnerIdSchema),
      /** Any text: one that names no claim finds nothing (an empty list, not an error). */
      claimId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
      overdue: z.optional(
        z.pipe(
          z.enum(['true'], { error: 'overdue takes one value: true (leave it out for every claim)' }),
          z.transform(() => true),
        ),
      ),
      limit: z.optional(pageSize),
      cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
    })
    .check(
      z.refine((q) => q.status || q.vin || q.partnerId || q.claimId || q.overdue, {
        message: 'search by at least one of status, vin, partnerId, claimId or overdue=true',
        path: ['status'],
      }),
    ))();

export const QueuesQuerySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    /** Default: the region that serves the request. */
    region: z.optional(RegionSchema),
  }))();

export const CancelBodySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    /** Why: kept in the claim's audit trail with who cancelled. */
    reason: z
      .string()
      .check(
        z.trim(),
        z.minLength(3, 'say why the claim is cancelled (at least 3 characters)'),
        z.maxLength(500),
      ),
  }))();

export const ReviewBodySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    outcome: z.enum(['APPROVED', 'REJECTED']),
    decisions: z.optional(
      z
        .array(
          z.strictObject({
            lineNo: z.int().check(z.gte(1)),
            decision: z.enum(LINE_DECISIONS),
            quantity: z.optional(z.int().check(z.gte(0))),
            laborHours: z.optional(z.number().check(z.gte(0))),
          }),
        )
        .check(z.minLength(1), z.maxLength(200)),
    ),
    note: z.optional(z.string().check(z.minLength(1), z.maxLength(2000))),
  }))();

export const RestockBodySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    partNumber: z.string().check(z.minLength(1), z.maxLength(64)),
    quantity: z.int().check(z.gte(1), z.lte(1_000_000)),
  }))();

// ── Operations: inventory, vehicle import, partners, outbox, metrics ─────────────────────────

/** A route whose body is not JSON: the one media type it takes, and its own size limit. */
export interface BackofficeRouteContract extends RouteContract {
  /**
   * The least role that may call the route (viewer < adjuster < manager): the route's chain checks
   * it, and the OpenAPI document states it (`x-required-role`).
   */
  readonly role: StaffRole;
  readonly textBody?: { readonly mediaType: 'text/csv'; readonly maxBytes: number };
}

/** The vehicle import's limit: 5,000 rows of about 80 bytes fit with room to spare. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

const RegionQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    /** Default: the region that serves the request. */
    region: z.optional(RegionSchema),
  }))();

export const OutboxQuerySchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      claimId: z.optional(ClaimIdSchema),
      /** Without claimId: the region's latest emails (default: the serving region). */
      region: z.optional(RegionSchema),
      limit: z.optional(pageSize),
    })
    .check(
      z.refine((q) => !(q.claimId && q.region), {
        message: "give claimId or region, not both: a claim's emails are those of its home region",
        path: ['region'],
      }),
    ))();

export const VehicleCsvSchema = /* @__PURE__ */ (() =>
  z
    .string()
    .check(z.minLength(1, 'the body is empty: send the CSV file, header row first (vin,market,model,…)')))();

const ClaimPath = /* @__PURE__ */ (() => z.strictObject({ claimId: ClaimIdSchema }))();
const WarehousePath = /* @__PURE__ */ (() => z.strictObject({ warehouseId: WarehouseIdSchema }))();

export const claimQueueContract = /* @__PURE__ */ (() =>
  ({
    role: 'viewer',
    summary: 'Searches claims by status, VIN, partner, claim id or overdue, with a cursor',
    query: QueueQuerySchema,
    responses: { 200: { description: 'A page of claims: { items, nextCursor? }' } },
    problems: [],
  }) as const satisfies BackofficeRouteContract)();

export const claimDetailContract = /* @__PURE__ */ (() =>
  ({
    role: 'viewer',
    summary: 'A claim with its audit trail, execution (states, history), emails, reservations, appointment',
    path: ClaimPath,
    responses: { 200: { description: 'The claim and its execution' } },
    problems: [404],
  }) as const satisfies BackofficeRouteContract)();

export const queueCountsContract = /* @__PURE__ */ (() =>
  ({
    role: 'viewer',
    summary: "A region's queues: claims in review, awaiting parts, scheduled, overdue; review reasons",
    query: QueuesQuerySchema,
    responses: { 200: { description: 'Counts per queue and per review reason' } },
    problems: [],
  }) as const satisfies BackofficeRouteContract)();

export const workflowDefinitionContract = /* @__PURE__ */ (() =>
  ({
    role: 'viewer',
    summary: "This region's ClaimLifecycle state machine and its definition (ASL)",
    responses: { 200: { description: '{ stateMachineArn, name, definition }' } },
    problems: [],
  }) as const satisfies BackofficeRouteContract)();

export const openApiDocumentContract = /* @__PURE__ */ (() =>
  ({
    role: 'viewer',
    summary: "The back-office API's OpenAPI 3.1 document (this one), generated from these contracts",
    responses: { 200: { description: 'OpenAPI 3.1', component: 'OpenApiDocument' } },
    problems: [],
  }) as const satisfies BackofficeRouteContract)();

export const cancelClaimContract = /* @__PURE__ */ (() =>
  ({
    role: 'adjuster',
    summary: 'Cancels a claim (its workflow releases what it held); who and why in the audit trail',
    path: ClaimPath,
    body: CancelBodySchema,
    responses: { 200: { description: 'The claim, CANCELLED' } },
    problems: [404, 409, 421],
  }) as const satisfies BackofficeRouteContract)();

export const redriveClaimContract = /* @__PURE__ */ (() =>
  ({
    role: 'manager',
    summary: "Restarts a FAILED claim's workflow as a new execution",
    path: ClaimPath,
    // No options: the body (`{}` or none) is not read.
    responses: { 202: { description: '{ claim, execution: { executionArn, name, epoch, run } }' } },
    problems: [404, 409, 421],
  }) as const satisfies BackofficeRouteContract)();

export const reviewClaimContract = /* @__PURE__ */ (() =>
  ({
    role: 'adjuster',
    summary: 'Approve, reject or adjust a claim in review',
    path: ClaimPath,
    body: ReviewBodySchema,
    responses: { 200: { description: 'The claim after the review' } },
    problems: [404, 409, 421, 422],
  }) as const satisfies BackofficeRouteContract)();

export const restockWarehouseContract = /* @__PURE__ */ (() =>
  ({
    role: 'manager',
    summary: 'Stock received in a warehouse; resumes backordered claims it serves',
    path: WarehousePath,
    body: RestockBodySchema,
    responses: { 200: { description: 'The claims resumed' } },
    problems: [404],
  }) as const satisfies BackofficeRouteContract)();

export const inventoryContract = /* @__PURE__ */ (() =>
  ({
    role: 'viewer',
    summary: "A region's warehouses with their stock, reservations and the restock queue",
    query: RegionQuery,
    responses: { 200: { description: 'Warehouses, stock per part, backorders waiting' } },
    problems: [],
  }) as const satisfies BackofficeRouteContract)();

export const importVehiclesContract = /* @__PURE__ */ (() =>
  ({
    role: 'manager',
    summary: 'Registers the vehicles of a CSV file, all of them or none',
    body: VehicleCsvSchema,
    textBody: { mediaType: 'text/csv', maxBytes: MAX_IMPORT_BYTES },
    responses: { 200: { description: 'How many vehicles were registered' } },
    problems: [409, 422],
  }) as const satisfies BackofficeRouteContract)();

export const partnerDirectoryContract = /* @__PURE__ */ (() =>
  ({
    role: 'viewer',
    summary: "A region's partners, service centres and technicians with their load",
    query: RegionQuery,
    responses: { 200: { description: 'Partners, centres, technicians' } },
    problems: [],
  }) as const satisfies BackofficeRouteContract)();

export const emailOutboxContract = /* @__PURE__ */ (() =>
  ({
    role: 'viewer',
    summary: "The emails sent for a claim, or a region's latest",
    query: OutboxQuerySchema,
    responses: { 200: { description: 'Emails, newest first' } },
    problems: [],
  }) as const satisfies BackofficeRouteContract)();

export const movePartReturnContract = /* @__PURE__ */ (() =>
  ({
    role: 'adjuster',
    summary:
      "Moves the return of an approved line's failed part on: REQUESTED, then RECEIVED, then INSPECTED (supplier recovery)",
    path: ClaimPath,
    body: PartReturnMoveSchema,
    responses: {
      200: { description: 'The claim, its partReturns with each step (the same status again: unchanged)' },
    },
    problems: [404, 409, 421],
  }) as const satisfies BackofficeRouteContract)();

export const goodwillClaimContract = /* @__PURE__ */ (() =>
  ({
    role: 'adjuster',
    summary: 'Approve a REJECTED claim as goodwill: a new claim, approved, linked both ways',
    path: ClaimPath,
    body: z.strictObject({
      reason: z
        .string({ error: 'reason is required: why the claim is approved as goodwill' })
        .check(
          z.trim(),
          z.minLength(3, 'reason is required: why the claim is approved as goodwill'),
          z.maxLength(2000, 'reason must be at most 2000 characters'),
        ),
    }),
    responses: { 201: { description: 'The goodwill claim (APPROVED; goodwillOf names the rejected one)' } },
    problems: [404, 409, 421, 422],
  }) as const satisfies BackofficeRouteContract)();

export const customerFeedbackContract = /* @__PURE__ */ (() =>
  ({
    role: 'viewer',
    summary: "A region's NPS per partner and per service centre, and the survey comments, newest first",
    query: z.strictObject({
      region: z.optional(RegionSchema),
      months: z.optional(wholeNumberParam('months', 1, 24)),
    }),
    responses: {
      200: { description: '{ region, from, to, overall, partners: [{ …nps, centres }], comments }' },
    },
    problems: [],
  }) as const satisfies BackofficeRouteContract)();

export const partnerWebhookContract = /* @__PURE__ */ (() =>
  ({
    role: 'viewer',
    summary: "A partner's webhook endpoint and its latest deliveries (attempts, state, next retry)",
    path: z.strictObject({ partnerId: PartnerIdSchema }),
    query: z.strictObject({
      limit: z.optional(pageSize),
      cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
    }),
    responses: {
      200: { description: '{ endpoint (null when none is set), deliveries: { items, nextCursor? } }' },
    },
    problems: [],
  }) as const satisfies BackofficeRouteContract)();

export const claimMetricsContract = /* @__PURE__ */ (() =>
  ({
    role: 'viewer',
    summary:
      "A region's claims per day, auto-approval rate, cycle time, parts fill rate and NPS; or the fleet's failure rates, or a month's early-warning flags (report=)",
    query: MetricsQuerySchema,
    responses: {
      200: {
        description:
          'The report (docs/backoffice-api.md); with report=supplier-recovery&format=csv, the chargeback file as text/csv',
      },
    },
    problems: [],
  }) as const satisfies BackofficeRouteContract)();

export const listCampaignsContract = /* @__PURE__ */ (() =>
  ({
    role: 'viewer',
    summary:
      'Service campaigns, newest first (or those running in one market); with campaignId, one with its completion',
    query: z.strictObject({ market: z.optional(MarketCodeSchema), campaignId: z.optional(CampaignIdSchema) }),
    responses: {
      200: {
        description:
          '{ items } or, with campaignId, { campaign, completion: { byMarket, byPartner }, claims }',
      },
    },
    problems: [404],
  }) as const satisfies BackofficeRouteContract)();
