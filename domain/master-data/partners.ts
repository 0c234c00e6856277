import * as z from 'zod/mini';
import { CURRENCY_CODE, MoneySchema } from '../money.ts';
import {
  MarketCodeSchema,
  PARTNER_STATUSES,
  PARTNER_TIERS,
  type Partner,
  PartnerContactSchema,
  PartnerIdSchema,
  PriceListSchema,
  type ServiceCentre,
  ServiceCentreSchema,
} from '../partner.ts';
import { RegionSchema } from '../region.ts';
import { builtOnFirstUse } from '../validation.ts';
import { invalidField, MasterDataError } from './audit.ts';
import type { Market } from './market.ts';

/**
 * Onboarding a partner (a dealer or service centre abroad) and running it afterwards: created
 * active in its market's region with no service centre, changed field by field, suspended and
 * activated again; its centres put one by one. Money is in the partner's currency, minor units.
 */

const moneyInPartnerCurrency = (
  p: { currency: string; laborRate?: { currency: string }; autoApprovalLimit?: { currency: string } },
  ctx: z.core.$RefinementCtx,
) => {
  for (const field of ['laborRate', 'autoApprovalLimit'] as const) {
    const value = p[field];
    if (value && value.currency !== p.currency)
      ctx.addIssue({
        code: 'custom',
        path: [field, 'currency'],
        message: `${field} must be in the partner's currency ${p.currency}`,
      });
  }
};

/** `POST partners`: a new partner. `homeRegion`, when given, must be its market's. */
export const NewPartnerSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      partnerId: PartnerIdSchema,
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      market: MarketCodeSchema,
      homeRegion: z.optional(RegionSchema),
      currency: z.string().check(z.regex(CURRENCY_CODE, 'currency must be an ISO 4217 code such as NPR')),
      laborRate: MoneySchema,
      autoApprovalLimit: MoneySchema,
      tier: z.enum(PARTNER_TIERS, { error: `tier must be one of ${PARTNER_TIERS.join(', ')}` }),
      priceList: z.optional(PriceListSchema),
      contact: PartnerContactSchema,
    })
    .check(z.superRefine(moneyInPartnerCurrency)),
);
export type NewPartner = z.infer<typeof NewPartnerSchema>;

/** `PATCH partners/{partnerId}`: the fields that change; market, region and currency never do. */
export const PartnerChangesSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
      tier: z.optional(z.enum(PARTNER_TIERS, { error: `tier must be one of ${PARTNER_TIERS.join(', ')}` })),
      contact: z.optional(PartnerContactSchema),
      status: z.optional(
        z.enum(PARTNER_STATUSES, { error: `status must be one of ${PARTNER_STATUSES.join(', ')}` }),
      ),
      laborRate: z.optional(MoneySchema),
      autoApprovalLimit: z.optional(MoneySchema),
      /** null removes the price list (catalogue prices apply). */
      priceList: z.optional(z.nullable(PriceListSchema)),
    })
    .check(
      z.refine((c) => Object.keys(c).length > 0, { message: 'name at least one field to change', path: [] }),
    ),
);
export type PartnerChanges = z.infer<typeof PartnerChangesSchema>;

/** A new partner in its market's region: active, no service centre yet. */
export function newPartner(draft: NewPartner, market: Pick<Market, 'code' | 'region'>): Partner {
  if (draft.homeRegion && draft.homeRegion !== market.region)
    throw invalidField(
      '/homeRegion',
      `market ${market.code} is served by ${market.region}; a partner's claims are written in its market's region`,
    );
  const { homeRegion: _given, ...rest } = draft;
  return { ...rest, homeRegion: market.region, status: 'active', serviceCentres: [] };
}

/** The partner with `changes` applied (money stays in the partner's currency). */
export function changePartner(partner: Partner, changes: PartnerChanges): Partner {
  for (const field of ['laborRate', 'autoApprovalLimit'] as const) {
    const value = changes[field];
    if (value && value.currency !== partner.currency)
      throw invalidField(
        `/${field}/currency`,
        `${field} must be in the partner's currency ${partner.currency}`,
      );
  }
  const { priceList, ...rest } = changes;
  const next: Partner = { ...partner, ...rest };
  if (priceList === null) delete next.priceList;
  else if (priceList !== undefined) next.priceList = priceList;
  return next;
}

/** `PUT service-centres/{centreId}`: the centre and the partner it belongs to. */
export const ServiceCentreDraftSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.extend(z.omit(ServiceCentreSchema, { centreId: true }), {
    partnerId: PartnerIdSchema,
  }),
);
export type ServiceCentreDraft = z.infer<typeof ServiceCentreDraftSchema>;

/** Centres are kept in the partner's record (every claim step reads them with it): bounded by its size. */
export const MAX_CENTRES_PER_PARTNER = 50;

/**
 * The partner with the centre added or replaced. A centre belongs to one partner for good:
 * its technicians and bookings are written in that partner's region.
 */
export function putServiceCentre(
  partner: Partner,
  centreId: string,
  draft: ServiceCentreDraft,
  owner: string | undefined,
): Partner {
  if (owner !== undefined && owner !== partner.partnerId)
    throw new MasterDataError(
      'conflict',
      `service centre ${centreId} belongs to partner ${owner}; a centre cannot move to another partner`,
      { pointer: '/partnerId' },
    );
  const { partnerId: _p, ...fields } = draft;
  const centre: ServiceCentre = { centreId, ...fields };
  const at = partner.serviceCentres.findIndex((c) => c.centreId === centreId);
  if (at === -1 && partner.serviceCentres.length >= MAX_CENTRES_PER_PARTNER)
    throw new MasterDataError(
      'conflict',
      `partner ${partner.partnerId} has ${MAX_CENTRES_PER_PARTNER} service centres, the most one partner record holds`,
      { pointer: '/partnerId' },
    );
  const serviceCentres =
    at === -1
      ? [...partner.serviceCentres, centre]
      : partner.serviceCentres.map((c, i) => (i === at ? centre : c));
  return { ...partner, serviceCentres };
}
