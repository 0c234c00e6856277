import { describe, expect, it } from 'vitest';
import type { Claim } from '../../domain/claim.ts';
import { newClaimId } from '../../domain/claim-id.ts';
import type { Warehouse } from '../../domain/stock.ts';
import { compensationStep } from '../../functions/lifecycle/compensation-step.ts';
import { decisionSteps } from '../../functions/lifecycle/decision-steps.ts';
import { partsSteps } from '../../functions/lifecycle/parts-steps.ts';
import { restockWarehouseAction } from '../../functions/lifecycle/restock-warehouse.ts';
import { fakeLifecycle, InMemoryStockLedger } from '../support/fakes.ts';
import {
  aClaim,
  aLaborOperation,
  aPart,
  aPartner,
  aTechnician,
  aVehicle,
  FILED_AT,
} from './support/fixtures.ts';

const REGION = 'ap-south-1';
const EPOCH = 1;
const PART = 'ALT-1001';

const warehouses: Warehouse[] = [
  { warehouseId: 'WH-KTM', name: 'Kathmandu', region: REGION, market: 'NP' },
  { warehouseId: 'WH-DAC', name: 'Dhaka', region: REGION, market: 'BD' },
  { warehouseId: 'WH-ALA', name: 'Almaty', region: 'eu-central-1', market: 'KZ' },
];

/** The parts steps on in-memory fakes, with an approved claim for one alternator (or `quantity`). */
async function prepare(stock: (ledger: InMemoryStockLedger) => void = () => undefined) {
  const deps = fakeLifecycle({
    region: REGION,
    now: '2025-01-15T06:05:00Z',
    partners: [aPartner()],
    vehicles: [aVehicle()],
    parts: [aPart()],
    laborOperations: [aLaborOperation()],
    warehouses,
    // An electrician: without one the claim would go to review instead of being approved.
    technicians: [aTechnician({ skills: ['electrical'] })],
  });
  stock(deps.stock);
  const decide = decisionSteps(deps);
  const approved = async (claim: Claim = aClaim()): Promise<Claim> => {
    await deps.claims.create(claim);
    await decide.adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    return (await deps.claims.get(claim.claimId))!;
  };
  return { deps, steps: partsSteps(deps), approved };
}

describe('AllocateParts', () => {
  it('reserves the whole order in one home-region warehouse and records it on the claim', async () => {
    // Prepare
    const { deps, steps, approved } = await prepare((s) => s.stockUp('WH-KTM', PART, 3));
    const claim = await approved();
    // Act
    const result = await steps.allocateParts({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ backordered: false });
    const stored = await deps.claims.get(claim.claimId);
    expect(stored?.reservations).toEqual([
      { warehouseId: 'WH-KTM', region: REGION, partNumber: PART, quantity: 1 },
    ]);
    expect(stored?.allocationPlan).toBeUndefined();
    expect(await deps.stock.level('WH-KTM', PART)).toMatchObject({ onHand: 3, reserved: 1 });
  });

  it('reserves nothing more when the task runs again', async () => {
    // Prepare
    const { deps, steps, approved } = await prepare((s) => s.stockUp('WH-KTM', PART, 3));
    const claim = await approved();
    await steps.allocateParts({ claimId: claim.claimId, epoch: EPOCH });
    // Act
    await steps.allocateParts({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect((await deps.claims.get(claim.claimId))?.reservations).toHaveLength(1);
    expect(await deps.stock.level('WH-KTM', PART)).toMatchObject({ reserved: 1 });
  });

  it('reserves in another region when no home-region warehouse has the part', async () => {
    // Prepare
    const { deps, steps, approved } = await prepare((s) => s.stockUp('WH-ALA', PART, 1));
    const claim = await approved();
    // Act
    await steps.allocateParts({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect((await deps.claims.get(claim.claimId))?.reservations).toEqual([
      { warehouseId: 'WH-ALA', region: 'eu-central-1', partNumber: PART, quantity: 1 },
    ]);
  });

  it('plans again when a warehouse has less than this region’s replica showed, and never oversells', async () => {
    // Prepare: the replica still shows 5 in Kathmandu, which another region's claims took meanwhile
    const { deps, steps, approved } = await prepare((s) =>
      s.stockUp('WH-KTM', PART, 0).stockUp('WH-DAC', PART, 1),
    );
    deps.stock.replica.set(InMemoryStockLedger.key('WH-KTM', PART), {
      warehouseId: 'WH-KTM',
      partNumber: PART,
      region: REGION,
      onHand: 5,
      reserved: 0,
    });
    const claim = await approved();
    // Act
    const result = await steps.allocateParts({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ backordered: false });
    expect((await deps.claims.get(claim.claimId))?.reservations).toEqual([
      { warehouseId: 'WH-DAC', region: REGION, partNumber: PART, quantity: 1 },
    ]);
    expect(await deps.stock.level('WH-KTM', PART)).toMatchObject({ onHand: 0, reserved: 0 });
    expect(await deps.stock.level('WH-DAC', PART)).toMatchObject({ onHand: 1, reserved: 1 });
  });

  it('backorders what no warehouse has: AWAITING_PARTS with the parts it waits for', async () => {
    // Prepare
    const { deps, steps, approved } = await prepare();
    const claim = await approved();
    // Act
    const result = await steps.allocateParts({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ backordered: true });
    const stored = await deps.claims.get(claim.claimId);
    expect(stored?.status).toBe('AWAITING_PARTS');
    expect(stored?.backorders).toEqual([{ partNumber: PART, quantity: 1 }]);
    expect(stored?.events.at(-1)?.reason).toBe(`backordered: 1 × ${PART}`);
  });

  it('gives the parts back when the claim was compensated while they were being reserved', async () => {
    // Prepare: the technician branch failed and compensation ran before this task finished
    const { deps, steps, approved } = await prepare((s) => s.stockUp('WH-KTM', PART, 2));
    const claim = await approved();
    await compensationStep(deps)({
      claimId: claim.claimId,
      epoch: EPOCH,
      error: { Error: 'NoTechnicianError' },
    });
    // Act
    const attempt = steps.allocateParts({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    await expect(attempt).rejects.toThrow(/failed while its parts were being reserved/);
    expect(await deps.stock.level('WH-KTM', PART)).toMatchObject({ reserved: 0 });
  });
});

describe('AwaitRestock and the restock that ends it', () => {
  async function backordered(filedAt: Date, random: number) {
    const setup = await prepare();
    const claim = await setup.approved(
      aClaim({ claimId: newClaimId(REGION, filedAt, () => random), filedAt: filedAt.toISOString() }),
    );
    await setup.steps.allocateParts({ claimId: claim.claimId, epoch: EPOCH });
    return { ...setup, claim };
  }

  it('joins the part’s queue and parks the claim’s token until a restock', async () => {
    // Prepare
    const { deps, steps, claim } = await backordered(FILED_AT, 0.5);
    // Act
    const result = await steps.awaitRestock({ claimId: claim.claimId, epoch: EPOCH, taskToken: 'token-1' });
    // Assess
    expect(result).toEqual({ waiting: true });
    expect(deps.waits.parked.get(`${claim.claimId}|restock`)).toBe('token-1');
    expect(await deps.backorders.waiting(PART)).toEqual([
      { claimId: claim.claimId, partNumber: PART, quantity: 1, homeRegion: REGION, since: claim.filedAt },
    ]);
  });

  it('goes on at once when the part came back before the claim got to wait', async () => {
    // Prepare
    const { deps, steps, claim } = await backordered(FILED_AT, 0.5);
    deps.stock.stockUp('WH-KTM', PART, 1);
    // Act
    const result = await steps.awaitRestock({ claimId: claim.claimId, epoch: EPOCH, taskToken: 'token-1' });
    // Assess
    expect(result).toEqual({ waiting: false });
    expect(deps.waits.answers).toEqual([
      { claimId: claim.claimId, kind: 'restock', output: { restocked: true } },
    ]);
  });

  it('resumes the oldest waiting claim first when a restock serves only one', async () => {
    // Prepare: two claims wait for one alternator each, the older filed an hour earlier
    const { deps, steps, claim: younger, approved } = await backordered(FILED_AT, 0.5);
    const olderAt = new Date(FILED_AT.getTime() - 3_600_000);
    const older = await approved(
      aClaim({ claimId: newClaimId(REGION, olderAt, () => 0.9), filedAt: olderAt.toISOString() }),
    );
    await steps.allocateParts({ claimId: older.claimId, epoch: EPOCH });
    deps.stock.stockUp('WH-KTM', PART, 0);
    await steps.awaitRestock({ claimId: younger.claimId, epoch: EPOCH, taskToken: 'token-young' });
    await steps.awaitRestock({ claimId: older.claimId, epoch: EPOCH, taskToken: 'token-old' });
    // Act
    const { resumed } = await restockWarehouseAction(deps)({
      warehouseId: 'WH-KTM',
      partNumber: PART,
      quantity: 1,
    });
    // Assess
    expect(resumed).toEqual([older.claimId]);
    expect(deps.waits.parked.has(`${younger.claimId}|restock`)).toBe(true);
  });
});
