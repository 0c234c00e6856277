import * as z from 'zod';
import { CLAIM_STATUSES, LINE_DECISIONS } from '../../domain/claim.ts';
import { MoneySchema } from '../../domain/money.ts';
import { POWERTRAINS } from '../../domain/vehicle.ts';

/**
 * What the partner API answers, as zod schemas: the claim view, lists, coverage, health. Only the
 * OpenAPI document reads them (functions/partner-api/contract.ts names them per route).
 */

export const ClaimLineViewSchema = /* @__PURE__ */ (() =>
  z.object({
    lineNo: z.number().int(),
    partNumber: z.string(),
    quantity: z.number().int(),
    laborOperation: z.string(),
    laborHours: z.number(),
    decision: z
      .enum(['PENDING', ...LINE_DECISIONS])
      .meta({ description: 'PENDING until coverage and adjudication decided the line' }),
    reasons: z.array(z.string()).meta({ description: 'Reason codes, e.g. EXPIRED_TIME, PART_UNKNOWN' }),
    adjusted: z
      .object({ quantity: z.number().int(), laborHours: z.number() })
      .optional()
      .meta({ description: 'What a reviewer allowed instead (decision ADJUSTED)' }),
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
    reasons: z.array(z.string()).meta({ description: 'Claim-level reason codes of the latest decision' }),
    lines: z.array(ClaimLineViewSchema),
    resubmissionOf: z.string().optional().meta({ description: 'The rejected claim this one corrects' }),
    campaignId: z
      .string()
      .optional()
      .meta({ description: 'The service campaign this repair carries out (see GET /v1/campaigns)' }),
    resubmittedAs: z
      .string()
      .optional()
      .meta({ description: 'The corrected claim filed for this rejected one' }),
    appointment: z
      .object({ centreId: z.string(), technicianId: z.string(), start: z.string(), end: z.string() })
      .optional(),
    amounts: z
      .object({
        claimed: MoneySchema.optional(),
        approved: MoneySchema.optional(),
        settled: MoneySchema.optional(),
      })
      .optional()
      .meta({ description: 'Integer minor units in the partner currency' }),
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
          component: z.string().meta({ description: 'The component category at fault' }),
          openedAt: z.string(),
          remedy: z
            .object({
              laborOperation: z.string(),
              laborHours: z.number(),
              parts: z.array(z.object({ partNumber: z.string(), quantity: z.number().int() })),
            })
            .meta({
              description:
                'The repair the campaign pays for: a claim citing campaignId within it is approved without review',
            }),
          vehicles: z.number().int().meta({ description: 'Vehicles of your market it affects' }),
          openVins: z
            .array(z.string())
            .meta({ description: 'Vehicles of your market not yet repaired under it (REPAIRED or later)' }),
        }),
      ),
    })
    .meta({ description: 'Service campaigns (recalls) running in your market, newest first' }))();

export const ClaimListSchema = /* @__PURE__ */ (() =>
  z.object({
    items: z.array(ClaimViewSchema),
    nextCursor: z.string().optional().meta({ description: 'Absent on the last page' }),
  }))();

export const CoverageViewSchema = /* @__PURE__ */ (() =>
  z.object({
    vin: z.string(),
    model: z.string(),
    modelYear: z.number().int(),
    market: z.string(),
    powertrain: z.enum(POWERTRAINS),
    warrantyPlan: z.string(),
    /** The version of the plan in force at delivery, which the terms below are from. */
    planVersion: z.number().int(),
    deliveryDate: z.string(),
    onDate: z.string(),
    terms: z.array(
      z.object({
        term: z.string(),
        months: z.number().int(),
        km: z.number().int(),
        batterySohBelowPct: z.number().optional(),
        lastDay: z.string(),
        expiredByTime: z.boolean(),
        expiredByDistance: z.boolean().optional(),
        categories: z.array(z.string()),
      }),
    ),
  }))();

export const OpenApiDocumentSchema = /* @__PURE__ */ (() => z.object({ openapi: z.string() }).loose())();

export const RegionHealthSchema = /* @__PURE__ */ (() =>
  z
    .object({
      status: z.literal('ok'),
      region: z.string().meta({ description: 'The export region that answered' }),
      writerRegion: z.string().meta({
        description: "The region that writes this region's claims now (another one after an evacuation)",
      }),
      epoch: z.number().int().meta({ description: "The epoch of this region's owner record" }),
    })
    .meta({ description: "The region answers and its database does: Route 53's health check reads this" }))();
