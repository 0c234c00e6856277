import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../domain/claim.ts';
import { intervalsOverlap } from '../../domain/technician.ts';
import { makeVin } from '../../domain/vin.ts';
import { startLifecycleRuntime, submission } from '../support/lifecycle-runtime.ts';
import { registerVehicles } from '../support/vehicles.ts';

type Rt = Awaited<ReturnType<typeof startLifecycleRuntime>>;
let rt: Rt;
const PART = 'BRK-CALIPER-10';
const CLAIMS = 200;
const UNITS = 50;

const WAREHOUSES = [
  ['WH-KTM', 'ap-south-1'],
  ['WH-DEL', 'ap-south-1'],
  ['WH-EVN', 'eu-central-1'],
  ['WH-ALA', 'eu-central-1'],
  ['WH-YOK', 'ap-northeast-1'],
] as const;

/** Claims come from every demo partner (a surge across all markets), one vehicle each. */
const senders = () =>
  Array.from({ length: CLAIMS }, (_, i) => {
    const partner = rt.runtime.endpoints.partners[i % rt.runtime.endpoints.partners.length]!;
    return { partner, vin: makeVin('JCFCR15A', 500_000 + i) };
  });

beforeAll(async () => {
  // Workflow time at 1/1000: nothing times out (a week lasts 10 minutes) while 200 claims run.
  rt = await startLifecycleRuntime(1 / 1000);
  await registerVehicles(
    rt.runtime,
    senders().map(({ partner, vin }) => ({ vin, market: partner.market, region: partner.region })),
  );
  // Exactly 50 calipers in the world, 10 per warehouse, in three regions.
  for (const [warehouseId, region] of WAREHOUSES) {
    await rt.runtime.globalTableIn(region).update({
      key: { pk: `WAREHOUSE#${warehouseId}`, sk: `STOCK#${PART}` },
      homeRegion: region,
      expression: 'SET onHand = :u, reserved = :zero, available = :u',
      values: { ':u': UNITS / WAREHOUSES.length, ':zero': 0 },
    });
  }
  await new Promise((r) => setTimeout(r, 500));
}, 120_000);

afterAll(async () => {
  await rt?.stop();
});

describe('200 claims at once on a part with 50 units', () => {
  it('reserves exactly 50 units, backorders the rest without holding a technician slot, and books no slot twice', async () => {
    const filed = await Promise.all(
      senders().map(({ partner, vin }, i) =>
        rt.op<{ claim: Claim }>(partner.region, 'fileClaim', {
          partnerId: partner.partnerId,
          submission: submission(vin, [
            { partNumber: PART, quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 },
          ]),
          idempotencyKey: `burst-${i}`,
        }),
      ),
    );
    const ids = filed.map((f) => f.claim.claimId);
    const claims = await Promise.all(ids.map((id) => rt.until(id, ['SCHEDULED', 'AWAITING_PARTS'], 120_000)));

    const reserved = claims.flatMap((c) => c.reservations ?? []);
    expect(reserved.reduce((n, r) => n + r.quantity, 0)).toBe(UNITS);
    expect(claims.filter((c) => c.status === 'SCHEDULED')).toHaveLength(UNITS);
    expect(claims.filter((c) => c.status === 'AWAITING_PARTS')).toHaveLength(CLAIMS - UNITS);
    expect(
      claims.filter((c) => c.status === 'AWAITING_PARTS').every((c) => c.backorders?.[0]?.quantity === 1),
    ).toBe(true);
    for (const [warehouseId, region] of WAREHOUSES) {
      const stock = await rt.runtime
        .globalTableIn(region)
        .get({ pk: `WAREHOUSE#${warehouseId}`, sk: `STOCK#${PART}` }, true);
      expect(stock).toMatchObject({
        onHand: UNITS / WAREHOUSES.length,
        reserved: UNITS / WAREHOUSES.length,
        available: 0,
      });
    }

    // The technician is booked once the parts are there: a backordered claim holds no slot.
    expect(claims.filter((c) => c.status === 'AWAITING_PARTS').every((c) => !c.appointment)).toBe(true);
    const appointments = claims.filter((c) => c.status === 'SCHEDULED').map((c) => c.appointment!);
    expect(appointments.every(Boolean)).toBe(true);
    for (const a of appointments) {
      const clashes = appointments.filter(
        (b) => b !== a && b.technicianId === a.technicianId && intervalsOverlap(a, b),
      );
      expect(clashes).toEqual([]);
    }
  }, 240_000);
});
