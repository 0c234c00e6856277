import * as z from 'zod/mini';
import { IsoDateSchema } from './calendar.ts';
import { MarketCodeSchema } from './partner.ts';
import { RegionSchema } from './region.ts';
import { VinSchema } from './vin.ts';
import { WarrantyPlanIdSchema } from './warranty-plan.ts';

export const POWERTRAINS = ['ICE', 'HYBRID', 'EV'] as const;
export type Powertrain = (typeof POWERTRAINS)[number];

/** A vehicle as registered when it ships; owned by the region of the market it ships to. */
export const VehicleSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    vin: VinSchema,
    model: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    modelYear: z.int().check(z.gte(1980), z.lte(2100)),
    /** Day the customer took delivery: warranty terms run from here. */
    deliveryDate: IsoDateSchema,
    market: MarketCodeSchema,
    /** A plan of the plan registry (checked against the stored plans where a vehicle is registered). */
    warrantyPlan: WarrantyPlanIdSchema,
    powertrain: z.enum(POWERTRAINS, { error: `must be one of ${POWERTRAINS.join(', ')}` }),
    homeRegion: RegionSchema,
  }))();

export type Vehicle = z.infer<typeof VehicleSchema>;
