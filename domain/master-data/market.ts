import * as z from 'zod/mini';
import { CURRENCY_CODE } from '../money.ts';
import { MarketCodeSchema } from '../partner.ts';
import { RegionSchema } from '../region.ts';
import { TimeZoneSchema } from '../time-zone.ts';
import { builtOnFirstUse } from '../validation.ts';
import { invalidField, MasterDataError } from './audit.ts';

/**
 * A market an exporter ships to, and the export region that serves it: its partners' claims,
 * its vehicles and its service centres' technicians are all written there. The markets of the
 * deployment's config are known from the start; a new market is opened by a manager, without a
 * deployment, by naming the region that will serve it.
 */
export const MarketDraftSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    currency: z.string().check(z.regex(CURRENCY_CODE, 'currency must be an ISO 4217 code such as NPR')),
    /** Used where nothing more specific (a service centre's own zone) is known. */
    timeZone: TimeZoneSchema,
    /** Languages customers read, most common first (BCP 47 primary subtags). */
    languages: z
      .array(z.string().check(z.regex(/^[a-z]{2,3}$/, 'a language is a code such as ne')))
      .check(z.minLength(1), z.maxLength(10)),
    /** The export region that serves it (its partners, vehicles and claims are written there). */
    region: RegionSchema,
  }),
);
export type MarketDraft = z.infer<typeof MarketDraftSchema>;

export const MarketSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.extend(MarketDraftSchema, { code: MarketCodeSchema }),
);
export type Market = z.infer<typeof MarketSchema>;

/**
 * A market as a manager defines it. Its region must be an export region of this deployment, agree
 * with the config for a configured market, and never change once set: partners, vehicles and
 * claims already live there.
 */
export function defineMarket(
  code: string,
  draft: MarketDraft,
  context: {
    readonly regions: readonly string[];
    readonly configuredRegion?: string;
    readonly existing?: Market;
  },
): Market {
  if (!context.regions.includes(draft.region))
    throw invalidField(
      '/region',
      `region ${draft.region} is not an export region of this deployment (${context.regions.join(', ')})`,
    );
  if (context.configuredRegion && context.configuredRegion !== draft.region)
    throw invalidField(
      '/region',
      `market ${code} is served by ${context.configuredRegion} in the deployment's config; region must be ${context.configuredRegion}`,
    );
  if (context.existing && context.existing.region !== draft.region)
    throw new MasterDataError(
      'conflict',
      `market ${code} is served by ${context.existing.region}: its partners, vehicles and claims live there, so its region cannot change`,
      { pointer: '/region' },
    );
  return { ...draft, code };
}
