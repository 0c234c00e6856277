import * as z from 'zod';
import { ClaimStatusSchema, LINE_DECISIONS } from '../../domain/claim.ts';
import { ClaimIdSchema } from '../../domain/claim-id.ts';
import { MarketCodeSchema, PartnerIdSchema } from '../../domain/partner.ts';
import { CampaignIdSchema, OpenCampaignSchema } from '../../domain/quality/campaign.ts';
import { PartReturnMoveSchema } from '../../domain/quality/part-returns.ts';
import { RegionSchema } from '../../domain/region.ts';
import { WarehouseIdSchema } from '../../domain/stock.ts';
import { VinSchema } from '../../domain/vin.ts';
import type { RouteContract } from '../partner-api/contract.ts';
import type { StaffRole } from '../shared/staff-token.ts';
import { MetricsQuerySchema } from './metrics-query.ts';

/** The back-office API's requests as zod schemas, one contract per route (DESIGN §7). */

const pageSize = /* @__PURE__ */ (() =>
  z
    .string()
    .regex(/^[0-9]{1,3}$/, 'limit must be a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().min(1, 'limit must be from 1 to 100').max(100, 'limit must be from 1 to 100')))();

/**
 * Claim search (GET claims): at least one of status, vin, partnerId, claimId, overdue. `region` is
 * the queue searched for status/overdue (default: the serving region), a filter on the claim's home
 * region with vin, partnerId or claimId.
 */
export const QueueQuerySchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      status: ClaimStatusSchema.optional(),
      region: RegionSchema.optional(),
      vin: VinSchema.optional(),
      partnerId: PartnerIdSchema.optional(),
      /** Any text: one that names no claim finds nothing (an empty list, not an error). */
      claimId: z.string().trim().min(1).max(100).optional(),
      overdue: z
        .enum(['true'], { error: 'overdue takes one value: true (leave it out for every claim)' })
        .transform(() => true)
        .optional(),
      limit: pageSize.optional(),
      cursor: z.string().min(1).max(2048).optional(),
    })
    .refine((q) => q.status || q.vin || q.partnerId || q.claimId || q.overdue, {
      message: 'search by at least one of status, vin, partnerId, claimId or overdue=true',
      path: ['status'],
    }))();

export const QueuesQuerySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    /** Default: the region that serves the request. */
    region: RegionSchema.optional(),
  }))();

export const CancelBodySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    /** Why: kept in the claim's audit trail with who cancelled. */
    reason: z.string().trim().min(3, 'say why the claim is cancelled (at least 3 characters)').max(500),
  }))();

export const ReviewBodySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    outcome: z.enum(['APPROVED', 'REJECTED']),
    decisions: z
      .array(
        z.strictObject({
          lineNo: z.number().int().min(1),
          decision: z.enum(LINE_DECISIONS),
          quantity: z.number().int().min(0).optional(),
          laborHours: z.number().min(0).optional(),
        }),
      )
      .min(1)
      .max(200)
      .optional(),
    note: z.string().min(1).max(2000).optional(),
  }))();

export const RestockBodySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    partNumber: z.string().min(1).max(64),
    quantity: z.number().int().min(1).max(1_000_000),
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
    region: RegionSchema.optional(),
  }))();

export const OutboxQuerySchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      claimId: ClaimIdSchema.optional(),
      /** Without claimId: the region's latest emails (default: the serving region). */
      region: RegionSchema.optional(),
      limit: pageSize.optional(),
    })
    .refine((q) => !(q.claimId && q.region), {
      message: "give claimId or region, not both: a claim's emails are those of its home region",
      path: ['region'],
    }))();

export const VehicleCsvSchema = /* @__PURE__ */ (() =>
  z.string().min(1, 'the body is empty: send the CSV file, header row first (vin,market,model,…)'))();

const ClaimPath = /* @__PURE__ */ (() => z.strictObject({ claimId: ClaimIdSchema }))();
const WarehousePath = /* @__PURE__ */ (() => z.strictObject({ warehouseId: WarehouseIdSchema }))();

export const claimQueueContract = {
  role: 'viewer',
  summary: 'Searches claims by status, VIN, partner, claim id or overdue, with a cursor',
  query: QueueQuerySchema,
  responses: { 200: { description: 'A page of claims: { items, nextCursor? }' } },
  problems: [],
} as const satisfies BackofficeRouteContract;

export const claimDetailContract = {
  role: 'viewer',
  summary: 'A claim with its audit trail, execution (states, history), emails, reservations, appointment',
  path: ClaimPath,
  responses: { 200: { description: 'The claim and its execution' } },
  problems: [404],
} as const satisfies BackofficeRouteContract;

export const queueCountsContract = {
  role: 'viewer',
  summary: "A region's queues: claims in review, awaiting parts, scheduled, overdue; review reasons",
  query: QueuesQuerySchema,
  responses: { 200: { description: 'Counts per queue and per review reason' } },
  problems: [],
} as const satisfies BackofficeRouteContract;

export const workflowDefinitionContract = {
  role: 'viewer',
  summary: "This region's ClaimLifecycle state machine and its definition (ASL)",
  responses: { 200: { description: '{ stateMachineArn, name, definition }' } },
  problems: [],
} as const satisfies BackofficeRouteContract;

export const openApiDocumentContract = {
  role: 'viewer',
  summary: "The back-office API's OpenAPI 3.1 document (this one), generated from these contracts",
  responses: { 200: { description: 'OpenAPI 3.1', component: 'OpenApiDocument' } },
  problems: [],
} as const satisfies BackofficeRouteContract;

export const cancelClaimContract = {
  role: 'adjuster',
  summary: 'Cancels a claim (its workflow releases what it held); who and why in the audit trail',
  path: ClaimPath,
  body: CancelBodySchema,
  responses: { 200: { description: 'The claim, CANCELLED' } },
  problems: [404, 409, 421],
} as const satisfies BackofficeRouteContract;

export const redriveClaimContract = {
  role: 'manager',
  summary: "Restarts a FAILED claim's workflow as a new execution",
  path: ClaimPath,
  // No options: the body (`{}` or none) is not read.
  responses: { 202: { description: '{ claim, execution: { executionArn, name, epoch, run } }' } },
  problems: [404, 409, 421],
} as const satisfies BackofficeRouteContract;

export const reviewClaimContract = {
  role: 'adjuster',
  summary: 'Approve, reject or adjust a claim in review',
  path: ClaimPath,
  body: ReviewBodySchema,
  responses: { 200: { description: 'The claim after the review' } },
  problems: [404, 409, 421, 422],
} as const satisfies BackofficeRouteContract;

export const restockWarehouseContract = {
  role: 'manager',
  summary: 'Stock received in a warehouse; resumes backordered claims it serves',
  path: WarehousePath,
  body: RestockBodySchema,
  responses: { 200: { description: 'The claims resumed' } },
  problems: [404],
} as const satisfies BackofficeRouteContract;

export const inventoryContract = {
  role: 'viewer',
  summary: "A region's warehouses with their stock, reservations and the restock queue",
  query: RegionQuery,
  responses: { 200: { description: 'Warehouses, stock per part, backorders waiting' } },
  problems: [],
} as const satisfies BackofficeRouteContract;

export const importVehiclesContract = {
  role: 'manager',
  summary: 'Registers the vehicles of a CSV file, all of them or none',
  body: VehicleCsvSchema,
  textBody: { mediaType: 'text/csv', maxBytes: MAX_IMPORT_BYTES },
  responses: { 200: { description: 'How many vehicles were registered' } },
  problems: [409, 422],
} as const satisfies BackofficeRouteContract;

export const partnerDirectoryContract = {
  role: 'viewer',
  summary: "A region's partners, service centres and technicians with their load",
  query: RegionQuery,
  responses: { 200: { description: 'Partners, centres, technicians' } },
  problems: [],
} as const satisfies BackofficeRouteContract;

export const emailOutboxContract = {
  role: 'viewer',
  summary: "The emails sent for a claim, or a region's latest",
  query: OutboxQuerySchema,
  responses: { 200: { description: 'Emails, newest first' } },
  problems: [],
} as const satisfies BackofficeRouteContract;

export const movePartReturnContract = {
  role: 'adjuster',
  summary:
    "Moves the return of an approved line's failed part on: REQUESTED, then RECEIVED, then INSPECTED (supplier recovery)",
  path: ClaimPath,
  body: PartReturnMoveSchema,
  responses: {
    200: { description: 'The claim, its partReturns with each step (the same status again: unchanged)' },
  },
  problems: [404, 409, 421],
} as const satisfies BackofficeRouteContract;

export const goodwillClaimContract = {
  role: 'adjuster',
  summary: 'Approve a REJECTED claim as goodwill: a new claim, approved, linked both ways',
  path: ClaimPath,
  body: z.strictObject({
    reason: z
      .string({ error: 'reason is required: why the claim is approved as goodwill' })
      .trim()
      .min(3, 'reason is required: why the claim is approved as goodwill')
      .max(2000, 'reason must be at most 2000 characters'),
  }),
  responses: { 201: { description: 'The goodwill claim (APPROVED; goodwillOf names the rejected one)' } },
  problems: [404, 409, 421, 422],
} as const satisfies BackofficeRouteContract;

export const customerFeedbackContract = {
  role: 'viewer',
  summary: "A region's NPS per partner and per service centre, and the survey comments, newest first",
  query: z.strictObject({
    region: RegionSchema.optional(),
    months: z
      .string()
      .regex(/^[0-9]{1,2}$/, 'months must be a whole number from 1 to 24')
      .transform(Number)
      .pipe(z.number().min(1, 'months must be from 1 to 24').max(24, 'months must be from 1 to 24'))
      .optional(),
  }),
  responses: {
    200: { description: '{ region, from, to, overall, partners: [{ …nps, centres }], comments }' },
  },
  problems: [],
} as const satisfies BackofficeRouteContract;

export const partnerWebhookContract = {
  role: 'viewer',
  summary: "A partner's webhook endpoint and its latest deliveries (attempts, state, next retry)",
  path: z.strictObject({ partnerId: PartnerIdSchema }),
  query: z.strictObject({ limit: pageSize.optional(), cursor: z.string().min(1).max(2048).optional() }),
  responses: {
    200: { description: '{ endpoint (null when none is set), deliveries: { items, nextCursor? } }' },
  },
  problems: [],
} as const satisfies BackofficeRouteContract;

export const claimMetricsContract = {
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
} as const satisfies BackofficeRouteContract;

export const listCampaignsContract = {
  role: 'viewer',
  summary:
    'Service campaigns, newest first (or those running in one market); with campaignId, one with its completion',
  query: z.strictObject({ market: MarketCodeSchema.optional(), campaignId: CampaignIdSchema.optional() }),
  responses: {
    200: {
      description: '{ items } or, with campaignId, { campaign, completion: { byMarket, byPartner }, claims }',
    },
  },
  problems: [404],
} as const satisfies BackofficeRouteContract;

export const openCampaignContract = {
  role: 'manager',
  summary: 'Opens a service campaign and tells every affected customer in their language',
  body: OpenCampaignSchema,
  responses: { 201: { description: '{ campaign, vehicles, noticesSent, notRegistered, outsideMarkets }' } },
  problems: [],
} as const satisfies BackofficeRouteContract;

export const backofficeContracts = {
  claimQueue: claimQueueContract,
  claimDetail: claimDetailContract,
  queueCounts: queueCountsContract,
  workflowDefinition: workflowDefinitionContract,
  openApiDocument: openApiDocumentContract,
  cancelClaim: cancelClaimContract,
  redriveClaim: redriveClaimContract,
  reviewClaim: reviewClaimContract,
  restockWarehouse: restockWarehouseContract,
  inventory: inventoryContract,
  importVehicles: importVehiclesContract,
  partnerDirectory: partnerDirectoryContract,
  emailOutbox: emailOutboxContract,
  movePartReturn: movePartReturnContract,
  goodwillClaim: goodwillClaimContract,
  customerFeedback: customerFeedbackContract,
  partnerWebhook: partnerWebhookContract,
  claimMetrics: claimMetricsContract,
  listCampaigns: listCampaignsContract,
  openCampaign: openCampaignContract,
} as const satisfies Record<string, BackofficeRouteContract>;
