import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type OrderLine,
  planAllocation,
  serveBackorders,
  type WaitingBackorder,
  withObservedAvailability,
} from '../../domain/allocation.ts';
import { available, type WarehouseStock } from '../../domain/stock.ts';

const HOME = 'ap-south-1';
const level = (
  warehouseId: string,
  region: string,
  partNumber: string,
  onHand: number,
  reserved = 0,
): WarehouseStock => ({
  warehouseId,
  region,
  partNumber,
  onHand,
  reserved,
});

describe('planAllocation', () => {
  it('takes the whole order from one home warehouse that has it all, preferring the fuller one', () => {
    // Prepare
    const stock = [
      level('WH-BIR', HOME, 'ALT-1001', 2),
      level('WH-BIR', HOME, 'BLT-2002', 1),
      level('WH-KTM', HOME, 'ALT-1001', 5),
      level('WH-KTM', HOME, 'BLT-2002', 5),
    ];
    // Act
    const plan = planAllocation({
      lines: [
        { partNumber: 'ALT-1001', quantity: 1 },
        { partNumber: 'BLT-2002', quantity: 1 },
      ],
      stock,
      homeRegion: HOME,
    });
    // Assess
    expect(plan).toEqual({
      reservations: [
        { warehouseId: 'WH-KTM', region: HOME, partNumber: 'ALT-1001', quantity: 1 },
        { warehouseId: 'WH-KTM', region: HOME, partNumber: 'BLT-2002', quantity: 1 },
      ],
      backorders: [],
      strategy: 'single-home-warehouse',
    });
  });

  it('breaks a tie between equally full warehouses by warehouse id', () => {
    const stock = [level('WH-B', HOME, 'ALT-1001', 3), level('WH-A', HOME, 'ALT-1001', 3)];
    const plan = planAllocation({
      lines: [{ partNumber: 'ALT-1001', quantity: 2 }],
      stock,
      homeRegion: HOME,
    });
    expect(plan.reservations).toEqual([
      { warehouseId: 'WH-A', region: HOME, partNumber: 'ALT-1001', quantity: 2 },
    ]);
  });

  it('counts only available units: reserved ones are promised to other claims', () => {
    const stock = [level('WH-A', HOME, 'ALT-1001', 5, 4), level('WH-B', HOME, 'ALT-1001', 2)];
    const plan = planAllocation({
      lines: [{ partNumber: 'ALT-1001', quantity: 2 }],
      stock,
      homeRegion: HOME,
    });
    expect(plan.reservations).toEqual([
      { warehouseId: 'WH-B', region: HOME, partNumber: 'ALT-1001', quantity: 2 },
    ]);
  });

  it('splits across home warehouses when none has everything, before looking abroad', () => {
    // Prepare
    const stock = [
      level('WH-A', HOME, 'ALT-1001', 2),
      level('WH-B', HOME, 'BLT-2002', 1),
      level('WH-FRA', 'eu-central-1', 'ALT-1001', 50),
      level('WH-FRA', 'eu-central-1', 'BLT-2002', 50),
    ];
    // Act
    const plan = planAllocation({
      lines: [
        { partNumber: 'ALT-1001', quantity: 2 },
        { partNumber: 'BLT-2002', quantity: 1 },
      ],
      stock,
      homeRegion: HOME,
    });
    // Assess
    expect(plan.strategy).toBe('split-home-region');
    expect(plan.reservations.map((r) => [r.warehouseId, r.partNumber, r.quantity])).toEqual([
      ['WH-A', 'ALT-1001', 2],
      ['WH-B', 'BLT-2002', 1],
    ]);
  });

  it('reserves the rest in another region when the home region runs short', () => {
    const stock = [level('WH-A', HOME, 'ALT-1001', 1), level('WH-FRA', 'eu-central-1', 'ALT-1001', 5)];
    const plan = planAllocation({
      lines: [{ partNumber: 'ALT-1001', quantity: 3 }],
      stock,
      homeRegion: HOME,
    });
    expect(plan).toEqual({
      reservations: [
        { warehouseId: 'WH-A', region: HOME, partNumber: 'ALT-1001', quantity: 1 },
        { warehouseId: 'WH-FRA', region: 'eu-central-1', partNumber: 'ALT-1001', quantity: 2 },
      ],
      backorders: [],
      strategy: 'cross-region',
    });
  });

  it('backorders what no warehouse has', () => {
    const stock = [level('WH-A', HOME, 'ALT-1001', 1)];
    const plan = planAllocation({
      lines: [
        { partNumber: 'ALT-1001', quantity: 3 },
        { partNumber: 'BLT-2002', quantity: 1 },
      ],
      stock,
      homeRegion: HOME,
    });
    expect(plan.backorders).toEqual([
      { partNumber: 'ALT-1001', quantity: 2 },
      { partNumber: 'BLT-2002', quantity: 1 },
    ]);
    expect(plan.strategy).toBe('backorder');
  });

  it('adds up lines for the same part before planning', () => {
    const stock = [level('WH-A', HOME, 'ALT-1001', 3)];
    const lines = [
      { partNumber: 'ALT-1001', quantity: 2 },
      { partNumber: 'ALT-1001', quantity: 1 },
    ];
    expect(planAllocation({ lines, stock, homeRegion: HOME }).reservations).toEqual([
      { warehouseId: 'WH-A', region: HOME, partNumber: 'ALT-1001', quantity: 3 },
    ]);
  });

  it('never plans more than is available, and plans or backorders exactly what is ordered (property)', () => {
    const parts = ['P-1', 'P-2', 'P-3'];
    const regions = [HOME, 'eu-central-1', 'ap-northeast-1'];
    const stockArb = fc
      .uniqueArray(
        fc.record({
          warehouseId: fc.constantFrom('W1', 'W2', 'W3', 'W4', 'W5'),
          partNumber: fc.constantFrom(...parts),
          onHand: fc.integer({ min: 0, max: 20 }),
          reserved: fc.integer({ min: 0, max: 20 }),
        }),
        { selector: (l) => `${l.warehouseId}/${l.partNumber}`, maxLength: 15 },
      )
      .map((levels) =>
        levels.map((l) => ({
          ...l,
          reserved: Math.min(l.reserved, l.onHand),
          region: regions[Number(l.warehouseId.slice(1)) % regions.length] as string,
        })),
      );
    const linesArb = fc.array(
      fc.record({ partNumber: fc.constantFrom(...parts), quantity: fc.integer({ min: 1, max: 15 }) }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(stockArb, linesArb, (stock: WarehouseStock[], lines: OrderLine[]) => {
        // Act
        const plan = planAllocation({ lines, stock, homeRegion: HOME });
        // Assess: never above what a warehouse has available
        for (const l of stock) {
          const planned = plan.reservations
            .filter((r) => r.warehouseId === l.warehouseId && r.partNumber === l.partNumber)
            .reduce((s, r) => s + r.quantity, 0);
          expect(planned).toBeLessThanOrEqual(available(l));
        }
        // one home warehouse is used whenever one could serve the whole order
        const demand = new Map<string, number>();
        for (const l of lines) demand.set(l.partNumber, (demand.get(l.partNumber) ?? 0) + l.quantity);
        const someHomeHoldsAll = ['W1', 'W2', 'W3', 'W4', 'W5'].some((w) =>
          [...demand].every(([part, need]) =>
            stock.some(
              (l) =>
                l.warehouseId === w && l.region === HOME && l.partNumber === part && available(l) >= need,
            ),
          ),
        );
        expect(plan.strategy === 'single-home-warehouse').toBe(someHomeHoldsAll || demand.size === 0);
        if (someHomeHoldsAll)
          expect(new Set(plan.reservations.map((r) => r.warehouseId)).size).toBeLessThanOrEqual(1);
        for (const r of plan.reservations) {
          expect(r.quantity).toBeGreaterThan(0);
          expect(stock.find((l) => l.warehouseId === r.warehouseId)?.region).toBe(r.region);
        }
        // and what is ordered is reserved or backordered, to the unit
        for (const part of parts) {
          const ordered = lines.filter((l) => l.partNumber === part).reduce((s, l) => s + l.quantity, 0);
          const reserved = plan.reservations
            .filter((r) => r.partNumber === part)
            .reduce((s, r) => s + r.quantity, 0);
          const backordered = plan.backorders
            .filter((b) => b.partNumber === part)
            .reduce((s, b) => s + b.quantity, 0);
          expect(reserved + backordered).toBe(ordered);
          // a backorder only when nothing of that part was left anywhere
          if (backordered > 0) {
            const total = stock.filter((l) => l.partNumber === part).reduce((s, l) => s + available(l), 0);
            expect(reserved).toBe(total);
          }
        }
      }),
    );
  });
});

describe('withObservedAvailability', () => {
  it('plans around a warehouse a refused reservation showed empty, though the replica still shows stock', () => {
    // Prepare: the replica still shows 10 in Delhi; a reservation there was just refused with 0 left.
    const replica = [level('WH-DEL', HOME, 'BRK-1', 10), level('WH-EVN', 'eu-central-1', 'BRK-1', 4, 1)];
    const observed = new Map([['WH-DEL|BRK-1', 0]]);
    // Act
    const plan = planAllocation({
      lines: [{ partNumber: 'BRK-1', quantity: 1 }],
      stock: withObservedAvailability(replica, observed),
      homeRegion: HOME,
    });
    // Assess
    expect(plan.reservations).toEqual([
      { warehouseId: 'WH-EVN', region: 'eu-central-1', partNumber: 'BRK-1', quantity: 1 },
    ]);
  });

  it('never raises what the replica offers, and leaves warehouses it saw nothing of alone', () => {
    const replica = [level('WH-DEL', HOME, 'BRK-1', 10, 8), level('WH-KTM', HOME, 'BRK-1', 5)];
    const corrected = withObservedAvailability(
      replica,
      new Map([
        ['WH-DEL|BRK-1', 6],
        ['WH-KTM|OTHER', 0],
      ]),
    );
    expect(corrected.map(available)).toEqual([2, 5]);
  });
});

describe('serveBackorders', () => {
  const waiting = (
    claimId: string,
    since: string,
    quantity: number,
    homeRegion = HOME,
  ): WaitingBackorder => ({
    claimId,
    since,
    quantity,
    partNumber: 'ALT-1001',
    homeRegion,
  });

  it('serves the claim that waited longest first, even if a younger one needs less', () => {
    // Prepare
    const queue = [
      waiting('CLM-young', '2025-01-02T00:00:00Z', 1),
      waiting('CLM-old', '2025-01-01T00:00:00Z', 3),
    ];
    // Act
    const fills = serveBackorders(queue, [level('WH-A', HOME, 'ALT-1001', 3)]);
    // Assess
    expect(fills).toEqual([
      { claimId: 'CLM-old', warehouseId: 'WH-A', region: HOME, partNumber: 'ALT-1001', quantity: 3 },
    ]);
  });

  it('fills partly when the restock is smaller than the need, and then serves the next claim with what is left', () => {
    const queue = [waiting('CLM-1', '2025-01-01T00:00:00Z', 2), waiting('CLM-2', '2025-01-02T00:00:00Z', 5)];
    const fills = serveBackorders(queue, [level('WH-A', HOME, 'ALT-1001', 4)]);
    expect(fills.map((f) => [f.claimId, f.quantity])).toEqual([
      ['CLM-1', 2],
      ['CLM-2', 2],
    ]);
  });

  it('serves a claim from its home region first', () => {
    const stock = [level('WH-FRA', 'eu-central-1', 'ALT-1001', 9), level('WH-A', HOME, 'ALT-1001', 1)];
    const fills = serveBackorders([waiting('CLM-1', '2025-01-01T00:00:00Z', 2)], stock);
    expect(fills.map((f) => [f.warehouseId, f.quantity])).toEqual([
      ['WH-A', 1],
      ['WH-FRA', 1],
    ]);
  });

  it('never hands out more than is available, nor more than a claim waits for (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 3 }),
        (needs, onHands) => {
          const queue = needs.map((q, i) => waiting(`CLM-${i}`, `2025-01-0${(i % 9) + 1}T00:00:00Z`, q));
          const stock = onHands.map((n, i) => level(`WH-${i}`, HOME, 'ALT-1001', n));
          const fills = serveBackorders(queue, stock);
          const handedOut = fills.reduce((s, f) => s + f.quantity, 0);
          expect(handedOut).toBe(
            Math.min(
              onHands.reduce((a, b) => a + b, 0),
              needs.reduce((a, b) => a + b, 0),
            ),
          );
          for (const w of queue) {
            expect(
              fills.filter((f) => f.claimId === w.claimId).reduce((s, f) => s + f.quantity, 0),
            ).toBeLessThanOrEqual(w.quantity);
          }
          for (const l of stock) {
            expect(
              fills.filter((f) => f.warehouseId === l.warehouseId).reduce((s, f) => s + f.quantity, 0),
            ).toBeLessThanOrEqual(l.onHand);
          }
        },
      ),
    );
  });
});
