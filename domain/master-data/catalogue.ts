import * as z from 'zod/mini';
import { CURRENCY_CODE } from '../money.ts';
import {
  LABOR_OPERATION_CODE,
  type LaborOperation,
  LaborOperationSchema,
  type Part,
  PartSchema,
} from '../part.ts';
import type { Warehouse } from '../stock.ts';
import { WarehouseSchema } from '../stock.ts';
import { builtOnFirstUse } from '../validation.ts';
import { invalidField, MasterDataError } from './audit.ts';

/**
 * The parts catalogue (category, supplier, a price per currency in minor units, the labour
 * operations that fit), labour operations (flat-rate hours and the skill they need) and warehouses
 * (the region that writes their stock), as managers keep them.
 */

/** `PUT parts/{partNumber}`. */
export const PartDraftSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject(
    z.extend(z.omit(PartSchema, { partNumber: true, supplier: true, laborOperations: true }), {
      supplier: z.string().check(z.trim(), z.minLength(1, 'supplier must not be empty'), z.maxLength(200)),
      prices: PartSchema.shape.prices.check(
        z.refine(
          (p) => Object.keys(p).length > 0,
          'price the part in at least one currency (minor units), such as { "JPY": 14000 }',
        ),
      ),
      laborOperations: z
        .array(
          z.string().check(z.regex(LABOR_OPERATION_CODE, 'must be a labour operation code such as BRK-R10')),
        )
        .check(
          z.maxLength(50),
          z.refine((c) => new Set(c).size === c.length, 'a labour operation is listed twice'),
        ),
    }).shape,
  ),
);
export type PartDraft = z.infer<typeof PartDraftSchema>;

export function partFrom(partNumber: string, draft: PartDraft, knownOperations: ReadonlySet<string>): Part {
  const unknown = draft.laborOperations.findIndex((c) => !knownOperations.has(c));
  if (unknown !== -1)
    throw invalidField(
      `/laborOperations/${unknown}`,
      `no labour operation ${draft.laborOperations[unknown]}; create it first (PUT labour-operations/${draft.laborOperations[unknown]})`,
    );
  return { partNumber, ...draft };
}

/** `PUT labour-operations/{code}`. */
export const LaborOperationDraftSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject(z.omit(LaborOperationSchema, { code: true }).shape),
);
export type LaborOperationDraft = z.infer<typeof LaborOperationDraftSchema>;

export const laborOperationFrom = (code: string, draft: LaborOperationDraft): LaborOperation => ({
  code,
  ...draft,
});

/** `PUT warehouses/{warehouseId}`. */
export const WarehouseDraftSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject(z.omit(WarehouseSchema, { warehouseId: true }).shape),
);
export type WarehouseDraft = z.infer<typeof WarehouseDraftSchema>;

/** A warehouse stays in its region: its stock is written there. */
export function warehouseFrom(
  warehouseId: string,
  draft: WarehouseDraft,
  context: { readonly regions: readonly string[]; readonly existing?: Warehouse },
): Warehouse {
  if (!context.regions.includes(draft.region))
    throw invalidField(
      '/region',
      `region ${draft.region} is not an export region of this deployment (${context.regions.join(', ')})`,
    );
  if (context.existing && context.existing.region !== draft.region)
    throw new MasterDataError(
      'conflict',
      `warehouse ${warehouseId} is in ${context.existing.region}: its stock is written there, so its region cannot change`,
      { pointer: '/region' },
    );
  return { warehouseId, ...draft };
}

export const isCurrencyCode = (code: string): boolean => CURRENCY_CODE.test(code);
