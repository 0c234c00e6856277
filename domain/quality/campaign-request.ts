import * as z from 'zod/mini';
import { ComponentCategorySchema, LaborOperationCodeSchema, PartNumberSchema } from '../part.ts';
import { MarketCodeSchema } from '../partner.ts';
import { VinSchema } from '../vin.ts';

/**
 * What a manager sends to open a service campaign (`POST /backoffice/v1/campaigns`): the vehicles,
 * the remedy, the markets. Apart from the campaign's rules (campaign.ts), which every claim's
 * adjudication reads: only the function that opens campaigns builds these schemas (cold start,
 * issue 18).
 */

const year = /* @__PURE__ */ (() => z.int().check(z.gte(1980), z.lte(2100)))();

/** Vehicles of a model (and years, and a VIN range) in the fleet of the campaign's markets. */
export const FleetSelectionSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    kind: z.literal('fleet'),
    model: z.string().check(z.trim(), z.minLength(1, 'model must not be empty'), z.maxLength(100)),
    modelYears: z.optional(
      z.strictObject({ from: year, to: year }).check(
        z.refine((y) => y.from <= y.to, {
          message: 'modelYears.from must not be after modelYears.to',
          path: ['to'],
        }),
      ),
    ),
    /** Both ends included, compared as text (VINs of one plant run in serial order). */
    vinRange: z.optional(
      z.strictObject({ from: VinSchema, to: VinSchema }).check(
        z.refine((r) => r.from <= r.to, {
          message: 'vinRange.from must not be after vinRange.to',
          path: ['to'],
        }),
      ),
    ),
  }))();

/** Vehicles named one by one: a CSV file's text, one VIN a line (a header line `vin` allowed). */
export type FleetSelection = z.infer<typeof FleetSelectionSchema>;

export const VinListSelectionSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    kind: z.literal('vinList'),
    csv: z
      .string()
      .check(
        z.minLength(1, 'csv is empty: one VIN a line'),
        z.maxLength(64_000, 'csv must be at most 64,000 characters'),
      ),
  }))();

export const CampaignSelectionSchema = /* @__PURE__ */ (() =>
  z.discriminatedUnion('kind', [FleetSelectionSchema, VinListSelectionSchema], {
    error: "affected.kind must be 'fleet' (model, years, VIN range) or 'vinList' (csv)",
  }))();
export type CampaignSelection = z.infer<typeof CampaignSelectionSchema>;

export const CampaignRemedySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    laborOperation: LaborOperationCodeSchema,
    /** The time the campaign pays for the operation; a claim may take up to this. */
    laborHours: z
      .number()
      .check(z.positive('laborHours must be above 0'), z.lte(100, 'laborHours must be at most 100')),
    parts: z
      .array(
        z.strictObject({
          partNumber: PartNumberSchema,
          quantity: z.int().check(z.gte(1, 'quantity must be at least 1'), z.lte(999)),
        }),
      )
      .check(z.maxLength(20, 'at most 20 parts')),
  }))();
export type CampaignRemedy = z.infer<typeof CampaignRemedySchema>;

/** The body of `POST /backoffice/v1/campaigns`. */
export const OpenCampaignSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    title: z
      .string()
      .check(z.trim(), z.minLength(3, 'title must be at least 3 characters'), z.maxLength(200)),
    /** The component at fault: the notice names it in the customer's language. */
    component: ComponentCategorySchema,
    markets: z.array(MarketCodeSchema).check(
      z.minLength(1, 'name at least one market'),
      z.maxLength(20),
      z.refine((m) => new Set(m).size === m.length, 'a market is named twice'),
    ),
    affected: CampaignSelectionSchema,
    remedy: CampaignRemedySchema,
    /** The early-warning flag it answers, when opened from one (kept as the campaign's evidence). */
    fromFlag: z.optional(
      z.strictObject({
        market: MarketCodeSchema,
        component: z.string().check(z.minLength(1), z.maxLength(100)),
        period: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period is a month, YYYY-MM')),
      }),
    ),
  }))();
export type OpenCampaign = z.infer<typeof OpenCampaignSchema>;
