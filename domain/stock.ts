import * as z from 'zod/mini';
import { PartNumberSchema } from './part.ts';
import { MarketCodeSchema } from './partner.ts';
import { RegionSchema } from './region.ts';
import { builtOnFirstUse } from './validation.ts';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const WarehouseIdSchema = /* @__PURE__ */ (() =>
  z.string().check(z.regex(ID, 'must be a warehouse id of letters, digits, - and _')))();

/** A parts warehouse; its stock is owned (written) by its region. */
export const WarehouseSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.strictObject({
    warehouseId: WarehouseIdSchema,
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    region: RegionSchema,
    market: z.optional(MarketCodeSchema),
    /**
     * Days a part takes from here to a service centre in another export region (same region: the
     * same day). Absent: DEFAULT_TRANSIT_DAYS.
     */
    transitDays: z.optional(z.int().check(z.gte(0), z.lte(90))),
  }),
);
export type Warehouse = z.infer<typeof WarehouseSchema>;

export const DEFAULT_TRANSIT_DAYS = 7;

const count = /* @__PURE__ */ (() => z.int().check(z.nonnegative(), z.refine(Number.isSafeInteger)))();

/** Units of one part in one warehouse: `onHand` physically there, `reserved` of them promised to claims. */
export const StockLevelSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z
    .strictObject({
      warehouseId: WarehouseIdSchema,
      partNumber: PartNumberSchema,
      onHand: count,
      reserved: count,
    })
    .check(
      z.refine((l) => l.reserved <= l.onHand, {
        message: 'reserved must not exceed onHand',
        path: ['reserved'],
      }),
    ),
);
export type StockLevel = z.infer<typeof StockLevelSchema>;

/** A stock level with the region of its warehouse, as allocation sees it. */
export interface WarehouseStock extends StockLevel {
  readonly region: string;
}

/** Units that can still be promised. */
export const available = (level: Pick<StockLevel, 'onHand' | 'reserved'>): number =>
  Math.max(0, level.onHand - level.reserved);

export class InsufficientStockError extends Error {
  constructor(
    readonly warehouseId: string,
    readonly partNumber: string,
    readonly requested: number,
    readonly availableQuantity: number,
  ) {
    super(`${warehouseId} has ${availableQuantity} of ${partNumber} available, ${requested} requested`);
    this.name = 'InsufficientStockError';
  }
}

export class StockInvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StockInvariantError';
  }
}

function assertQuantity(quantity: number): void {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new StockInvariantError(`quantity must be a positive integer, got ${quantity}`);
  }
}

/**
 * The level after the state changes the ledger applies. The DynamoDB ledger expresses the same
 * rules as condition expressions; these pure versions define them and back the in-memory fake.
 * Invariant kept by each: 0 ≤ reserved ≤ onHand.
 */
export function reserveStock<L extends StockLevel>(level: L, quantity: number): L {
  assertQuantity(quantity);
  if (available(level) < quantity) {
    throw new InsufficientStockError(level.warehouseId, level.partNumber, quantity, available(level));
  }
  return { ...level, reserved: level.reserved + quantity };
}

export function releaseStock<L extends StockLevel>(level: L, quantity: number): L {
  assertQuantity(quantity);
  if (level.reserved < quantity) {
    throw new StockInvariantError(
      `cannot release ${quantity} of ${level.partNumber}: only ${level.reserved} reserved`,
    );
  }
  return { ...level, reserved: level.reserved - quantity };
}

/** Reserved units leave the warehouse: fitted to the vehicle. */
export function consumeStock<L extends StockLevel>(level: L, quantity: number): L {
  assertQuantity(quantity);
  if (level.reserved < quantity) {
    throw new StockInvariantError(
      `cannot consume ${quantity} of ${level.partNumber}: only ${level.reserved} reserved`,
    );
  }
  return { ...level, onHand: level.onHand - quantity, reserved: level.reserved - quantity };
}

export function restockLevel<L extends StockLevel>(level: L, quantity: number): L {
  assertQuantity(quantity);
  return { ...level, onHand: level.onHand + quantity };
}

/** Units of one part held in one warehouse for one claim. */
export const ReservationSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    warehouseId: WarehouseIdSchema,
    region: RegionSchema,
    partNumber: PartNumberSchema,
    quantity: z.int().check(z.positive()),
  }))();
export type Reservation = z.infer<typeof ReservationSchema>;

/** Units no warehouse could supply; filled first come, first served on restock. */
export const BackorderSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    partNumber: PartNumberSchema,
    quantity: z.int().check(z.positive()),
  }))();
export type Backorder = z.infer<typeof BackorderSchema>;
