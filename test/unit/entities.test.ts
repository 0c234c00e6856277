import { describe, expect, it } from 'vitest';
import { money } from '../../domain/money.ts';
import { PartSchema } from '../../domain/part.ts';
import { PartnerSchema, partnerUnitPrice } from '../../domain/partner.ts';
import {
  available,
  consumeStock,
  InsufficientStockError,
  releaseStock,
  reserveStock,
  restockLevel,
  StockInvariantError,
  StockLevelSchema,
} from '../../domain/stock.ts';
import { VehicleSchema } from '../../domain/vehicle.ts';
import { aCentre, aPart, aPartner, aVehicle } from './support/fixtures.ts';

describe('PartnerSchema', () => {
  it('accepts a partner whose amounts are in its currency', () => {
    expect(PartnerSchema.safeParse(aPartner()).success).toBe(true);
  });

  it('rejects a labour rate in another currency, pointing at it', () => {
    const result = PartnerSchema.safeParse(aPartner({ laborRate: money(100, 'JPY') }));
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['laborRate.currency']);
  });

  it('rejects opening hours that close before they open', () => {
    const centre = aCentre({
      workingHours: { ...aCentre().workingHours, mon: { open: '17:00', close: '08:00' } },
    });
    const result = PartnerSchema.safeParse(aPartner({ serviceCentres: [centre] }));
    expect(result.error?.issues[0]?.path).toEqual(['serviceCentres', 0, 'workingHours', 'mon', 'close']);
  });

  it('rejects an unknown time zone', () => {
    const result = PartnerSchema.safeParse(
      aPartner({ serviceCentres: [aCentre({ timeZone: 'Asia/Pokhara' })] }),
    );
    expect(result.success).toBe(false);
  });
});

describe('partnerUnitPrice', () => {
  it('is the catalogue price when the partner has no discount', () => {
    expect(partnerUnitPrice(aPartner(), money(1001, 'NPR'))).toEqual(money(1001, 'NPR'));
  });

  it('takes 12.5 % off and rounds half to even per unit', () => {
    expect(partnerUnitPrice(aPartner({ priceList: { discountPct: 12.5 } }), money(1001, 'NPR'))).toEqual(
      money(876, 'NPR'),
    );
    expect(partnerUnitPrice(aPartner({ priceList: { discountPct: 50 } }), money(1001, 'NPR'))).toEqual(
      money(500, 'NPR'),
    );
  });
});

describe('catalogue and vehicles', () => {
  it('rejects a part with a fractional price', () => {
    expect(PartSchema.safeParse(aPart({ prices: { NPR: 10.5 } })).success).toBe(false);
  });

  it('rejects a vehicle whose warranty plan is not a plan id (which plans exist is data: the import checks)', () => {
    expect(VehicleSchema.safeParse(aVehicle({ warrantyPlan: 'Platinum Plus!' })).success).toBe(false);
    expect(VehicleSchema.safeParse(aVehicle()).success).toBe(true);
  });
});

describe('stock levels', () => {
  const level = { warehouseId: 'WH-KTM', partNumber: 'ALT-1001', onHand: 5, reserved: 2 };

  it('has onHand − reserved available', () => {
    expect(available(level)).toBe(3);
  });

  it('reserves up to what is available and no more', () => {
    expect(reserveStock(level, 3)).toEqual({ ...level, reserved: 5 });
    expect(() => reserveStock(level, 4)).toThrow(InsufficientStockError);
  });

  it('releases and consumes only what is reserved', () => {
    expect(releaseStock(level, 2)).toEqual({ ...level, reserved: 0 });
    expect(consumeStock(level, 2)).toEqual({ ...level, onHand: 3, reserved: 0 });
    expect(() => releaseStock(level, 3)).toThrow(StockInvariantError);
    expect(() => consumeStock(level, 3)).toThrow(StockInvariantError);
  });

  it('restocks onHand and refuses non-positive quantities', () => {
    expect(restockLevel(level, 10)).toEqual({ ...level, onHand: 15 });
    expect(() => restockLevel(level, 0)).toThrow(StockInvariantError);
    expect(() => reserveStock(level, 1.5)).toThrow(StockInvariantError);
  });

  it('rejects a stored level that reserves more than is on hand', () => {
    expect(StockLevelSchema.safeParse({ ...level, reserved: 6 }).success).toBe(false);
  });
});
