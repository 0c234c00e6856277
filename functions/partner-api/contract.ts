import * as z from 'zod/mini';
import { IsoDateSchema } from '../../domain/calendar.ts';
import { ClaimStatusSchema, ClaimSubmissionSchema, CompletionSchema } from '../../domain/claim.ts';
import { ClaimIdSchema } from '../../domain/claim-id.ts';
import { VinSchema } from '../../domain/vin.ts';
import type { partnerApi } from '../catalog.ts';
import { wholeNumberParam } from '../shared/query-params.ts';
import type { ResponseComponent } from './openapi-document.ts';
import { DeliveriesQuerySchema, WebhookSettingsSchema } from './webhook-contract.ts';

/**
 * The partner API's contract as zod schemas, per route of `functions/catalog.ts`: what each route
 * accepts (body, query, path, headers) and answers. The handlers validate with these, the OpenAPI
 * document is generated from them, and the CDK construct reads which parameters are required.
 */

// ── Requests ────────────────────────────────────────────────────────────────────────────────

/** Larger bodies are refused (413); a claim with 50 full lines is about 8 KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Printable ASCII, as the IETF Idempotency-Key draft's examples and payment APIs use. */
export const IdempotencyKeySchema = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.minLength(1, 'Idempotency-Key must not be empty'),
      z.maxLength(255, 'Idempotency-Key must be at most 255 characters'),
      z.regex(/^[\x20-\x7E]+$/, 'Idempotency-Key may contain only printable ASCII characters (e.g. a UUID)'),
    ))();

export const ClaimIdPathSchema = /* @__PURE__ */ (() => z.strictObject({ claimId: ClaimIdSchema }))();
export const VinPathSchema = /* @__PURE__ */ (() => z.strictObject({ vin: VinSchema }))();

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export const ListClaimsQuerySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    status: z.optional(ClaimStatusSchema).check(z.meta({ description: 'Only claims in this status' })),
    cursor: z
      .optional(
        z
          .string()
          .check(z.minLength(1), z.maxLength(2048, 'cursor must be one this API returned (nextCursor)')),
      )
      .check(z.meta({ description: 'nextCursor of the previous page, unchanged' })),
    limit: z
      .optional(wholeNumberParam('limit', 1, MAX_PAGE_SIZE))
      .check(
        z.meta({ description: `Claims per page, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` }),
      ),
  }))();

export const CoverageQuerySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    onDate: z.optional(IsoDateSchema).check(
      z.meta({
        description: "The day to judge on (default: today at the partner's service centre)",
      }),
    ),
    odometerKm: z
      .optional(wholeNumberParam('odometerKm', 0, 2_000_000))
      .check(z.meta({ description: 'The odometer reading, to tell which terms the distance has ended' })),
  }))();

// ── Routes ──────────────────────────────────────────────────────────────────────────────────

export interface RouteResponse {
  readonly description: string;
  /**
   * The answer's schema, by its name among the OpenAPI document's components: a name, not the
   * schema, so that a handler, which imports its contract, does not build answer schemas only the
   * document reads (cold start, issue 18).
   */
  readonly component?: ResponseComponent;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteContract {
  readonly summary: string;
  readonly body?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly path?: z.ZodMiniType;
  /** The `Idempotency-Key` header is required. */
  readonly idempotencyKey?: boolean;
  /** Success answers; the problem answers every route shares are added by the OpenAPI builder. */
  readonly responses: Readonly<Record<number, RouteResponse>>;
  /** Problem statuses particular to the route (beyond 400, 401, 403, 413, 415, 429, 500, 504). */
  readonly problems: readonly number[];
}

/** A partner route's operation: its catalog key, or the `operation` of one route of a function serving several. */
export type PartnerRouteKey =
  | Exclude<keyof typeof partnerApi, 'webhookEndpoint'>
  | 'setWebhook'
  | 'getWebhook'
  | 'rotateWebhookSecret'
  | 'webhookDeliveries'
  | 'listCampaigns'
  | 'health';

export const createClaimContract = {
  summary: 'File a warranty claim',
  body: ClaimSubmissionSchema,
  idempotencyKey: true,
  responses: {
    201: {
      description:
        'Filed (or, for a replay of the same Idempotency-Key and body, the claim filed the first time; ' +
        'then Idempotent-Replayed: true)',
      component: 'Claim',
      headers: {
        Location: 'The claim',
        'Idempotent-Replayed': 'true when this answers an earlier request with the same key',
      },
    },
  },
  problems: [409, 421],
} as const satisfies RouteContract;

export const getClaimContract = {
  summary: 'One of your claims',
  path: ClaimIdPathSchema,
  responses: { 200: { description: 'The claim', component: 'Claim' } },
  problems: [404, 421],
} as const satisfies RouteContract;

export const listClaimsContract = {
  summary: 'Your claims, newest first',
  query: ListClaimsQuerySchema,
  responses: { 200: { description: 'A page of claims', component: 'ClaimList' } },
  problems: [421],
} as const satisfies RouteContract;

export const completeRepairContract = {
  summary: 'Report the repair of a scheduled claim done',
  path: ClaimIdPathSchema,
  body: CompletionSchema,
  responses: { 202: { description: 'Recorded; the claim goes on to settlement', component: 'Claim' } },
  problems: [404, 409, 421],
} as const satisfies RouteContract;

export const resubmitClaimContract = {
  summary: 'Resubmit a rejected claim, corrected',
  path: ClaimIdPathSchema,
  body: ClaimSubmissionSchema,
  idempotencyKey: true,
  responses: {
    201: {
      description:
        'The corrected claim (resubmissionOf names the rejected one, which now names it as resubmittedAs); ' +
        'its filing window counts from the first filing',
      component: 'Claim',
      headers: {
        Location: 'The corrected claim',
        'Idempotent-Replayed': 'true when this answers an earlier request with the same key',
      },
    },
  },
  // 409: not REJECTED, rejected for a reason no correction changes (or by a reviewer), already
  // resubmitted, or corrected twice already.
  problems: [404, 409, 421],
} as const satisfies RouteContract;

export const vehicleCoverageContract = {
  summary: "What a vehicle's warranty still covers",
  path: VinPathSchema,
  query: CoverageQuerySchema,
  responses: { 200: { description: 'The plan, term by term', component: 'VehicleCoverage' } },
  problems: [404],
} as const satisfies RouteContract;

export const setWebhookContract = {
  summary: 'Set your webhook endpoint',
  body: WebhookSettingsSchema,
  responses: {
    201: {
      description: 'Set for the first time: `secret` is in this answer only',
      component: 'WebhookEndpoint',
    },
    200: {
      description: 'Changed (and enabled again if it was disabled); the secret stays',
      component: 'WebhookEndpoint',
    },
  },
  problems: [409, 421],
} as const satisfies RouteContract;

export const getWebhookContract = {
  summary: 'Your webhook endpoint',
  responses: {
    200: { description: 'The endpoint, without its secret', component: 'WebhookEndpoint' },
  },
  problems: [404, 421],
} as const satisfies RouteContract;

export const rotateWebhookSecretContract = {
  summary: 'Rotate your webhook signing secret',
  responses: {
    200: {
      description: 'The new secret (shown once); the old one also signs until previousSecretRetiresAt',
      component: 'WebhookEndpoint',
    },
  },
  problems: [404, 409, 421],
} as const satisfies RouteContract;

export const webhookDeliveriesContract = {
  summary: 'Your latest webhook deliveries',
  query: DeliveriesQuerySchema,
  responses: { 200: { description: 'Newest first', component: 'WebhookDeliveryList' } },
  problems: [421],
} as const satisfies RouteContract;

export const listCampaignsContract = {
  summary: 'Service campaigns running in your market, with the vehicles still to repair',
  responses: { 200: { description: 'Newest first', component: 'CampaignList' } },
  problems: [],
} as const satisfies RouteContract;

export const healthContract = {
  summary: "This region's health (no key needed)",
  responses: { 200: { description: 'The region and its database answer', component: 'RegionHealth' } },
  problems: [503],
} as const satisfies RouteContract;

export const openApiContract = {
  summary: 'This document',
  responses: { 200: { description: 'OpenAPI 3.1', component: 'OpenApiDocument' } },
  problems: [],
} as const satisfies RouteContract;

/** Every partner route's contract by operation (the OpenAPI document reads them all; a handler imports its own). */
export const routeContracts = {
  createClaim: createClaimContract,
  getClaim: getClaimContract,
  listClaims: listClaimsContract,
  completeRepair: completeRepairContract,
  resubmitClaim: resubmitClaimContract,
  vehicleCoverage: vehicleCoverageContract,
  setWebhook: setWebhookContract,
  getWebhook: getWebhookContract,
  rotateWebhookSecret: rotateWebhookSecretContract,
  webhookDeliveries: webhookDeliveriesContract,
  listCampaigns: listCampaignsContract,
  health: healthContract,
  openApi: openApiContract,
} as const satisfies Record<PartnerRouteKey, RouteContract>;
