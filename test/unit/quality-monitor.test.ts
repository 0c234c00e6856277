import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  earlyWarnings,
  monthlySeries,
  monthsFrom,
  qualityFactsOf,
  vehicleMonths,
} from '../../domain/quality/monitor.ts';
import type { FleetVehicle, QualityClaim } from '../../domain/quality/rates.ts';
import { aClaim } from './support/fixtures.ts';
import { poissonDraw, seededRandom } from './support/quality-histories.ts';

describe('months and vehicle-months', () => {
  it('lists months across a year end, both ends included', () => {
    expect(monthsFrom('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsFrom('2026-02', '2026-01')).toEqual([]);
    expect(() => monthsFrom('2026-13', '2026-14')).toThrow(RangeError);
  });

  it('counts a whole month for a car delivered before it, a share for one delivered in it, none after', () => {
    const fleet = [
      { deliveryDate: '2025-01-10' },
      { deliveryDate: '2026-11-16' },
      { deliveryDate: '2026-12-01' },
    ];
    expect(vehicleMonths(fleet, '2026-11')).toBe(1.5);
    expect(vehicleMonths(fleet, '2026-12')).toBe(3);
  });

  it('is never below none nor above the fleet, and is the whole fleet once every car is delivered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 800 }), { maxLength: 30 }),
        fc.constantFrom('2025-02', '2025-07', '2026-01'),
        (offsets, month) => {
          const fleet = offsets.map((d) => ({
            deliveryDate: new Date(Date.UTC(2024, 6, 1) + d * 86_400_000).toISOString().slice(0, 10),
          }));
          const months = vehicleMonths(fleet, month);
          expect(months).toBeGreaterThanOrEqual(0);
          expect(months).toBeLessThanOrEqual(fleet.length);
          expect(vehicleMonths(fleet, '2030-01')).toBe(fleet.length);
        },
      ),
      { seed: 17, numRuns: 200 },
    );
  });
});

describe('quality facts of a claim', () => {
  it('keep the repair and the approved amount, not the customer', () => {
    const claim = aClaim({
      amounts: { approved: { amountMinor: 12_500, currency: 'NPR' } },
      status: 'APPROVED',
    });
    const facts = qualityFactsOf(claim);
    expect(facts).toMatchObject({
      claimId: claim.claimId,
      vin: claim.vin,
      market: claim.market,
      status: 'APPROVED',
      approved: { amountMinor: 12_500, currency: 'NPR' },
    });
    expect(JSON.stringify(facts)).not.toContain(claim.customer.email);
    expect(facts.lines).toHaveLength(claim.lines.length);
  });
});

// A fleet in two markets, 3,000 and 2,000 cars delivered over 2024; brakes and cooling fail at a
// steady 3 per 1,000 vehicle-months in both. In November 2026 the brakes of NP alone triple.
function plantedFleet(seed: number, surge: boolean): { vehicles: FleetVehicle[]; claims: QualityClaim[] } {
  const random = seededRandom(seed);
  const vehicles: FleetVehicle[] = [];
  for (const [market, size] of [
    ['NP', 3000],
    ['BD', 2000],
  ] as const)
    for (let i = 0; i < size; i++)
      vehicles.push({
        vin: `${market}${i}`,
        model: i % 2 ? 'Aurora' : 'Comet',
        modelYear: 2024,
        market,
        deliveryDate: `2024-${String((i % 12) + 1).padStart(2, '0')}-01`,
      });
  const claims: QualityClaim[] = [];
  for (const month of monthsFrom('2025-01', '2026-11'))
    for (const market of ['NP', 'BD'])
      for (const category of ['BRAKES', 'COOLING']) {
        const fleet = vehicles.filter((v) => v.market === market);
        const factor = surge && month === '2026-11' && market === 'NP' && category === 'BRAKES' ? 3 : 1;
        const n = poissonDraw(0.003 * factor * vehicleMonths(fleet, month), random);
        for (let k = 0; k < n; k++)
          claims.push({
            claimId: `${market}-${category}-${month}-${k}`,
            vin: fleet[Math.floor(random() * fleet.length)]?.vin ?? '',
            partnerId: 'P1',
            market,
            failureDate: `${month}-1${k % 10}`,
            odometerKm: 20_000,
            status: 'APPROVED',
            lines: [{ partNumber: `${category}-1`, category, laborOperation: 'OP1' }],
          });
      }
  return { vehicles, claims };
}

describe('early warnings over markets and components', () => {
  it('flags exactly the surging component in the surging market, with its evidence', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { vehicles, claims } = plantedFleet(seed, true);
      const flags = earlyWarnings(vehicles, claims, '2026-11');
      expect(flags.map((f) => [f.market, f.component])).toEqual([['NP', 'BRAKES']]);
      expect(flags[0]?.ratePer1000).toBeGreaterThan(2 * (flags[0]?.baselinePer1000 ?? 0));
      const series = monthlySeries(vehicles, claims, 'NP', 'BRAKES', '2026-11', '2026-11');
      expect(flags[0]?.claims).toBe(series[0]?.claims);
    }
  });

  it('flags nothing in the same fleet without the surge', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { vehicles, claims } = plantedFleet(seed, false);
      expect(earlyWarnings(vehicles, claims, '2026-11')).toEqual([]);
    }
  });
});
