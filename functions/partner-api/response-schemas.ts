import * as z from 'zod/mini';
import { CLAIM_STATUSES, LINE_DECISIONS } from '../../domain/claim.ts';
import { MoneySchema } from '../../domain/money.ts';
import { POWERTRAINS } from '../../domain/vehicle.ts';

/**
 * What the partner API answers, as zod schemas: the claim view, lists, coverage, health. Only the
 * OpenAPI document reads them (functions/partner-api/contract.ts names them per route).
 */

export const ClaimLineViewSchema = /* @__PURE__ */ (() =>
  z.object({
    lineNo: z.int(),
    partNumber: z.string(),
    quantity: z.int(),
    laborOperation: z.string(),
    laborHours: z.number(),
    decision: z
      .enum(['PENDING', ...LINE_DECISIONS])
      .check(z.meta({ description: 'PENDING until coverage and adjudication decided the line' })),
    reasons: z
      .array(z.string())
      .check(z.meta({ description: 'Reason codes, e.g. EXPIRED_TIME, PART_UNKNOWN' })),
    adjusted: z
      .optional(z.object({ quantity: z.int(), laborHours: z.number() }))
      .check(z.meta({ description: 'What a reviewer allowed instead (decision ADJUSTED)' })),
  }))();

export const ClaimViewSchema = /* @__PURE__ */ (() =>
  z.object({
    claimId: z.string(),
    status: z.enum(CLAIM_STATUSES),
    homeRegion: z.string(),
    vin: z.string(),
    repairOrderNumber: z.string(),
    filedAt: z.string(),
    updatedAt: z.string(),
    reasons: z
      .array(z.string())
      .check(z.meta({ description: 'Claim-level reason codes of the latest decision' })),
    lines: z.array(ClaimLineViewSchema),
    resubmissionOf: z
      .optional(z.string())
      .check(z.meta({ description: 'The rejected claim this one corrects' })),
    campaignId: z
      .optional(z.string())
      .check(z.meta({ description: 'The service campaign this repair carries out (see GET /v1/campaigns)' })),
    resubmittedAs: z
      .optional(z.string())
      .check(z.meta({ description: 'The corrected claim filed for this rejected one' })),
    appointment: z.optional(
      z.object({ centreId: z.string(), technicianId: z.string(), start: z.string(), end: z.string() }),
    ),
    amounts: z
      .optional(
        z.object({
          claimed: z.optional(MoneySchema),
          approved: z.optional(MoneySchema),
          settled: z.optional(MoneySchema),
        }),
      )
      .check(z.meta({ description: 'Integer minor units in the partner currency' })),
  }))();
export type ClaimView = z.infer<typeof ClaimViewSchema>;

/** `GET /v1/campaigns`: the service campaigns running in the partner's market. */
export const CampaignListSchema = /* @__PURE__ */ (() =>
  z
    .object({
      market: z.string(),
      items: z.array(
        z.object({
          campaignId: z.string(),
          title: z.string(),
          component: z.string().check(z.meta({ description: 'The component category at fault' })),
          openedAt: z.string(),
          remedy: z
            .object({
              laborOperation: z.string(),
              laborHours: z.number(),
              parts: z.array(z.object({ partNumber: z.string(), quantity: z.int() })),
            })
            .check(
              z.meta({
                description:
                  'The repair the campaign pays for: a claim citing campaignId within it is approved without review',
              }),
            ),
          vehicles: z.int().check(z.meta({ description: 'Vehicles of your market it affects' })),
          openVins: z.array(z.string()).check(
            z.meta({
              description: 'Vehicles of your market not yet repaired under it (REPAIRED or later)',
            }),
          ),
        }),
      ),
    })
    .check(z.meta({ description: 'Service campaigns (recalls) running in your market, newest first' })))();

export const ClaimListSchema = /* @__PURE__ */ (() =>
  z.object({
    items: z.array(ClaimViewSchema),
    nextCursor: z.optional(z.string()).check(z.meta({ description: 'Absent on the last page' })),
  }))();

export const CoverageViewSchema = /* @__PURE__ */ (() =>
  z.object({
    vin: z.string(),
    model: z.string(),
    modelYear: z.int(),
    market: z.string(),
    powertrain: z.enum(POWERTRAINS),
    warrantyPlan: z.string(),
    /** The version of the plan in force at delivery, which the terms below are from. */
    planVersion: z.int(),
    deliveryDate: z.string(),
    onDate: z.string(),
    terms: z.array(
      z.object({
        term: z.string(),
        months: z.int(),
        km: z.int(),
        batterySohBelowPct: z.optional(z.number()),
        lastDay: z.string(),
        expiredByTime: z.boolean(),
        expiredByDistance: z.optional(z.boolean()),
        categories: z.array(z.string()),
      }),
    ),
  }))();

export const OpenApiDocumentSchema = /* @__PURE__ */ (() => z.looseObject({ openapi: z.string() }))();

export const RegionHealthSchema = /* @__PURE__ */ (() =>
  z
    .object({
      status: z.literal('ok'),
      region: z.string().check(z.meta({ description: 'The export region that answered' })),
      writerRegion: z.string().check(
        z.meta({
          description: "The region that writes this region's claims now (another one after an evacuation)",
        }),
      ),
      epoch: z.int().check(z.meta({ description: "The epoch of this region's owner record" })),
    })
    .check(
      z.meta({ description: "The region answers and its database does: Route 53's health check reads this" }),
    ))();
