import * as z from 'zod/mini';
import { IsoDateSchema } from './calendar.ts';
import {
  CURRENCY_CODE,
  DECIMAL_SCALE,
  hasAtMostDecimalPlaces,
  type Money,
  MoneySchema,
  multiplyByScaledDecimal,
  toScaledDecimal,
} from './money.ts';
import { RegionSchema } from './region.ts';
import { TimeZoneSchema } from './time-zone.ts';
import { builtOnFirstUse } from './validation.ts';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const PartnerIdSchema = /* @__PURE__ */ (() =>
  z.string().check(z.regex(ID, 'must be a partner id of letters, digits, - and _')))();
export const CentreIdSchema = /* @__PURE__ */ (() =>
  z.string().check(z.regex(ID, 'must be a service centre id of letters, digits, - and _')))();
export const MarketCodeSchema = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as NP')))();

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const minutesOfClockTime = (hhmm: string): number =>
  Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Opening hours of one day in the centre's own time zone; no shift crosses midnight. */
export const OpeningHoursSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      open: z.string().check(z.regex(CLOCK_TIME, 'open must be a 24-hour time such as 08:00')),
      close: z.string().check(z.regex(CLOCK_TIME, 'close must be a 24-hour time such as 17:00')),
    })
    .check(
      z.refine((h) => minutesOfClockTime(h.open) < minutesOfClockTime(h.close), {
        message: 'close must be later than open on the same day',
        path: ['close'],
      }),
    ),
);

export type OpeningHours = z.infer<typeof OpeningHoursSchema>;

export const WorkingDaySchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.union([OpeningHoursSchema, z.literal('closed')]),
);
export type WorkingDay = OpeningHours | 'closed';

export const WorkingHoursSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    sun: WorkingDaySchema,
    mon: WorkingDaySchema,
    tue: WorkingDaySchema,
    wed: WorkingDaySchema,
    thu: WorkingDaySchema,
    fri: WorkingDaySchema,
    sat: WorkingDaySchema,
  }),
);
export type WorkingHours = z.infer<typeof WorkingHoursSchema>;

export const ServiceCentreSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    centreId: CentreIdSchema,
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    address: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
    phone: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
    timeZone: TimeZoneSchema,
    workingHours: WorkingHoursSchema,
    /** Public holidays: days the centre is closed whatever its weekly hours say (its own calendar). */
    holidays: z.optional(
      z.array(IsoDateSchema).check(
        z.maxLength(400, 'at most 400 holidays; remove past years'),
        z.refine((days) => new Set(days).size === days.length, 'a holiday is listed twice'),
      ),
    ),
  }),
);
export type ServiceCentre = z.infer<typeof ServiceCentreSchema>;

export const PARTNER_TIERS = ['standard', 'premium'] as const;
export type PartnerTier = (typeof PARTNER_TIERS)[number];

/** A suspended partner's keys are refused (403) until it is active again; its claims go on. */
export const PARTNER_STATUSES = ['active', 'suspended'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** Whom the exporter's back office calls about the partnership. */
export const PartnerContactSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    name: z.string().check(z.trim(), z.minLength(1, 'contact name must not be empty'), z.maxLength(200)),
    email: z.email('contact email must be an email address').check(z.maxLength(254)),
    phone: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))),
  }),
);
export type PartnerContact = z.infer<typeof PartnerContactSchema>;

/** Partner-specific pricing: catalogue prices in the partner's currency, less `discountPct`. */
export const PriceListSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    discountPct: z.optional(
      z.number().check(
        z.gte(0),
        z.lte(100),
        z.refine((p) => hasAtMostDecimalPlaces(p, 2), 'discountPct may have at most 2 decimal places'),
      ),
    ),
  }),
);
export type PriceList = z.infer<typeof PriceListSchema>;

export const PartnerSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      partnerId: PartnerIdSchema,
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
      market: MarketCodeSchema,
      homeRegion: RegionSchema,
      currency: z.string().check(z.regex(CURRENCY_CODE)),
      /** Paid per hour of warranty labour. */
      laborRate: MoneySchema,
      /** Claims whose covered total is at most this are approved without a person. */
      autoApprovalLimit: MoneySchema,
      tier: z.enum(PARTNER_TIERS),
      priceList: z.optional(PriceListSchema),
      serviceCentres: z.array(ServiceCentreSchema),
      /** Absent on partners stored before statuses existed: active. */
      status: z.optional(z.enum(PARTNER_STATUSES)),
      contact: z.optional(PartnerContactSchema),
    })
    .check(
      z.superRefine((p, ctx) => {
        for (const field of ['laborRate', 'autoApprovalLimit'] as const) {
          if (p[field].currency !== p.currency) {
            ctx.addIssue({
              code: 'custom',
              path: [field, 'currency'],
              message: `${field} must be in the partner's currency ${p.currency}`,
            });
          }
        }
        const ids = p.serviceCentres.map((c) => c.centreId);
        ids.forEach((id, i) => {
          if (ids.indexOf(id) !== i) {
            ctx.addIssue({
              code: 'custom',
              path: ['serviceCentres', i, 'centreId'],
              message: `centre ${id} is listed twice`,
            });
          }
        });
      }),
    ),
);

export type Partner = z.infer<typeof PartnerSchema>;

/** Whether the partner may use the API (a partner stored before statuses existed is active). */
export const isPartnerActive = (partner: Pick<Partner, 'status'>): boolean => partner.status !== 'suspended';

export function findServiceCentre(partner: Partner, centreId: string): ServiceCentre | undefined {
  return partner.serviceCentres.find((c) => c.centreId === centreId);
}

/**
 * A catalogue unit price as this partner is paid it: less the price list discount, rounded half
 * to even to the minor unit. Rounded per unit (then multiplied by quantity) so the unit price on
 * the statement times the quantity is exactly the line amount.
 */
export function partnerUnitPrice(partner: Pick<Partner, 'priceList'>, catalogUnitPrice: Money): Money {
  const discountPct = partner.priceList?.discountPct ?? 0;
  if (discountPct === 0) return catalogUnitPrice;
  // (100 − pct) / 100 in ten-thousandths; exact because pct has at most 2 decimal places.
  const factor = (100n * DECIMAL_SCALE - toScaledDecimal(discountPct.toFixed(2))) / 100n;
  return multiplyByScaledDecimal(catalogUnitPrice, factor);
}
