import * as z from 'zod/mini';
import { CURRENCY_CODE, hasAtMostDecimalPlaces, type Money, money } from './money.ts';
import { TechnicianSkillSchema } from './technician.ts';
import { builtOnFirstUse, oneOf } from './validation.ts';

/** Component categories: what coverage and technician matching decide on. */
export const COMPONENT_CATEGORIES = [
  'engine',
  'transmission',
  'driveline',
  'ev-battery',
  'ev-drive-unit',
  'hv-electrical',
  'electrical',
  'suspension',
  'brakes',
  'body',
  'interior',
  'climate',
  'wear-item',
] as const;
export type ComponentCategory = (typeof COMPONENT_CATEGORIES)[number];
export const ComponentCategorySchema = oneOf(COMPONENT_CATEGORIES, 'a component category');

/** Categories that exist only on vehicles with a high-voltage system (HYBRID, EV). */
export const HIGH_VOLTAGE_CATEGORIES: readonly ComponentCategory[] = [
  'ev-battery',
  'ev-drive-unit',
  'hv-electrical',
];

export const PART_NUMBER = /^[A-Z0-9][A-Z0-9-]{2,39}$/;
export const PartNumberSchema = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.regex(
        PART_NUMBER,
        'must be a part number of 3–40 capital letters, digits and dashes, such as 12345-ABC-01',
      ),
    ))();

export const LABOR_OPERATION_CODE = /^[A-Z0-9][A-Z0-9-]{1,19}$/;
export const LaborOperationCodeSchema = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.regex(
        LABOR_OPERATION_CODE,
        'must be a labour operation code of 2–20 capital letters, digits and dashes',
      ),
    ))();

export const PartSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    partNumber: PartNumberSchema,
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    category: ComponentCategorySchema,
    /** Catalogue price per unit, by currency, in minor units: { NPR: 1250000, JPY: 98000 }. */
    prices: z.record(
      z.string().check(z.regex(CURRENCY_CODE, 'price keys must be ISO 4217 codes')),
      z
        .int('a price is a whole number of minor units')
        .check(
          z.nonnegative('a price must not be negative'),
          z.refine(Number.isSafeInteger, 'a price must be below 2^53'),
        ),
    ),
    /** Who supplies it (absent on parts stored before suppliers were kept). */
    supplier: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
    /** The labour operations that fit it (codes of the labour operation catalogue). */
    laborOperations: z.optional(
      z.array(z.string().check(z.regex(LABOR_OPERATION_CODE))).check(z.maxLength(50)),
    ),
    /** Usual days from ordering a part no warehouse has to its arrival (DEFAULT_RESTOCK_DAYS if unknown). */
    restockDays: z.optional(z.int().check(z.gte(1), z.lte(365))),
  }),
);

export const DEFAULT_RESTOCK_DAYS = 14;

export type Part = z.infer<typeof PartSchema>;

/** The catalogue price of one unit in `currency`, or undefined if the part is not priced in it. */
export function catalogPrice(part: Part, currency: string): Money | undefined {
  const amount = part.prices[currency];
  return amount === undefined ? undefined : money(amount, currency);
}

/** A flat-rate labour operation: the standard time a trained technician needs for a job. */
export const LaborOperationSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    code: LaborOperationCodeSchema,
    description: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
    /** Flat-rate hours, a decimal with at most 2 places (0.25 = a quarter hour). */
    hours: z.number().check(
      z.positive(),
      z.lte(200),
      z.refine((h) => hasAtMostDecimalPlaces(h, 2), 'hours may have at most 2 decimal places'),
    ),
    skill: TechnicianSkillSchema,
  }),
);

export type LaborOperation = z.infer<typeof LaborOperationSchema>;
