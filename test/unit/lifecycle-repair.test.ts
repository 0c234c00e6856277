import { describe, expect, it } from 'vitest';
import type { Claim, Completion } from '../../domain/claim.ts';
import { newClaimId } from '../../domain/claim-id.ts';
import { money } from '../../domain/money.ts';
import type { Warehouse } from '../../domain/stock.ts';
import { RepairNotExpectedError } from '../../functions/errors.ts';
import { compensationStep } from '../../functions/lifecycle/compensation-step.ts';
import { completeRepairAction } from '../../functions/lifecycle/complete-repair.ts';
import { decisionSteps } from '../../functions/lifecycle/decision-steps.ts';
import { partsSteps } from '../../functions/lifecycle/parts-steps.ts';
import { repairSteps } from '../../functions/lifecycle/repair-steps.ts';
import { settlementSteps } from '../../functions/lifecycle/settlement-steps.ts';
import { fakeLifecycle } from '../support/fakes.ts';
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
/** A Wednesday, 11:50 in Kathmandu (UTC+5:45): the centre is open 08:00–17:00. */
const NOW = '2025-01-15T06:05:00Z';

const warehouses: Warehouse[] = [{ warehouseId: 'WH-KTM', name: 'Kathmandu', region: REGION, market: 'NP' }];

/** The repair steps on in-memory fakes: one electrical technician, alternators in stock. */
async function prepare(
  team = [aTechnician({ technicianId: 'tech-ram', skills: ['electrical'] })],
  partner = aPartner(),
) {
  const deps = fakeLifecycle({
    region: REGION,
    now: NOW,
    partners: [partner],
    vehicles: [aVehicle()],
    parts: [aPart()],
    laborOperations: [aLaborOperation()],
    warehouses,
    technicians: team,
  });
  deps.stock.stockUp('WH-KTM', PART, 5);
  const steps = repairSteps(deps);
  /** Filed, approved and its parts reserved: what the technician branch starts from. */
  const approved = async (claim: Claim = aClaim()): Promise<Claim> => {
    await deps.claims.create(claim);
    await decisionSteps(deps).adjudicate({ claimId: claim.claimId, epoch: EPOCH });
    await partsSteps(deps).allocateParts({ claimId: claim.claimId, epoch: EPOCH });
    return (await deps.claims.get(claim.claimId))!;
  };
  /** Approved, booked and SCHEDULED. */
  const scheduled = async (claim?: Claim): Promise<Claim> => {
    const c = await approved(claim);
    await steps.assignTechnician({ claimId: c.claimId, epoch: EPOCH });
    return (await deps.claims.get(c.claimId))!;
  };
  return { deps, steps, approved, scheduled };
}

const completion = (over: Partial<Completion> = {}): Completion => ({
  completedAt: '2025-01-16T09:00:00Z',
  partsUsed: [{ partNumber: PART, quantity: 1 }],
  laborHours: 1.5,
  notes: 'alternator replaced',
  ...over,
});

describe('AssignTechnician', () => {
  it('books the earliest free slot of a qualified technician, taking the centre’s lease', async () => {
    // Prepare: 11:50 local, so the next 15-minute slot starts at 12:00 (06:15Z); 1.5 h of labour
    const { deps, steps, approved } = await prepare();
    const claim = await approved();
    // Act
    const result = await steps.assignTechnician({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(result).toEqual({ technicianId: 'tech-ram', start: '2025-01-15T06:15:00.000Z' });
    expect((await deps.claims.get(claim.claimId))?.appointment).toEqual({
      technicianId: 'tech-ram',
      centreId: 'KTM-1',
      start: '2025-01-15T06:15:00.000Z',
      end: '2025-01-15T07:45:00.000Z',
    });
    expect(deps.leases.taken).toEqual(['centre:KTM-1']);
  });

  it('answers a retried task with the booking it made, booking nothing more', async () => {
    // Prepare
    const { deps, steps, approved } = await prepare();
    const claim = await approved();
    const first = await steps.assignTechnician({ claimId: claim.claimId, epoch: EPOCH });
    // Act
    const again = await steps.assignTechnician({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(again).toEqual(first);
    expect(deps.technicians.booked).toHaveLength(1);
  });

  it('never books one technician twice at once: the next claim gets the next free slot', async () => {
    // Prepare
    const { deps, steps, approved } = await prepare();
    const first = await approved();
    const secondAt = new Date(FILED_AT.getTime() + 60_000);
    const second = await approved(
      aClaim(
        { claimId: newClaimId(REGION, secondAt, () => 0.7), filedAt: secondAt.toISOString() },
        { vin: aVehicle().vin },
      ),
    );
    // Act
    await Promise.all([
      steps.assignTechnician({ claimId: first.claimId, epoch: EPOCH }),
      steps.assignTechnician({ claimId: second.claimId, epoch: EPOCH }),
    ]);
    // Assess
    const starts = deps.technicians.booked.map((b) => [b.start, b.end]).sort();
    expect(starts).toEqual([
      ['2025-01-15T06:15:00.000Z', '2025-01-15T07:45:00.000Z'],
      ['2025-01-15T07:45:00.000Z', '2025-01-15T09:15:00.000Z'],
    ]);
  });

  it('fails with NoTechnicianError when nobody at the centre has the skill the part needs', async () => {
    // Prepare: only a body-shop technician; the alternator needs an electrician
    const { deps, steps, approved } = await prepare([aTechnician({ skills: ['body'] })]);
    const claim = await approved();
    // Act
    const attempt = steps.assignTechnician({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'NoTechnicianError',
      reason: 'NO_QUALIFIED_TECHNICIAN',
    });
    expect(deps.technicians.booked).toEqual([]);
  });
});

describe('the repair: confirmation, completion and recording', () => {
  it('schedules the claim in the same write that books its technician', async () => {
    // Prepare
    const { deps, steps, approved } = await prepare();
    const claim = await approved();
    // Act
    await steps.assignTechnician({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    const saved = await deps.claims.get(claim.claimId);
    expect(saved?.status).toBe('SCHEDULED');
    expect(saved?.version).toBe(claim.version + 1);
    expect(saved?.events.at(-1)?.reason).toBe('appointment 2025-01-15T06:15:00.000Z with tech-ram');
  });

  it('schedules a claim whose booking was made by a run cut short before it could schedule', async () => {
    // Prepare: the booking is on the claim, the claim still APPROVED (the run stopped in between).
    const { deps, steps, approved } = await prepare();
    const claim = await approved();
    await deps.claims.save({
      ...claim,
      appointment: {
        technicianId: 'tech-ram',
        centreId: claim.centreId ?? 'SC-KTM',
        start: '2025-01-15T06:15:00.000Z',
        end: '2025-01-15T07:45:00.000Z',
      },
    });
    // Act
    const result = await steps.assignTechnician({ claimId: claim.claimId, epoch: EPOCH });
    // Assess: the booking kept, the claim scheduled, nothing booked again.
    expect(result).toEqual({ technicianId: 'tech-ram', start: '2025-01-15T06:15:00.000Z' });
    expect((await deps.claims.get(claim.claimId))?.status).toBe('SCHEDULED');
    expect(deps.technicians.booked).toEqual([]);
  });

  it('refuses a completion for a claim that is not scheduled, changing nothing', async () => {
    // Prepare
    const { deps, approved } = await prepare();
    const claim = await approved();
    // Act
    const attempt = completeRepairAction(deps)(claim, completion());
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(RepairNotExpectedError);
    expect((await deps.claims.get(claim.claimId))?.completion).toBeUndefined();
  });

  it('keeps the partner’s completion on the claim and lets the waiting execution go on with it', async () => {
    // Prepare
    const { deps, steps, scheduled } = await prepare();
    const claim = await scheduled();
    await steps.awaitRepair({ claimId: claim.claimId, epoch: EPOCH, taskToken: 'token-repair' });
    // Act
    await completeRepairAction(deps)(claim, completion());
    // Assess
    expect((await deps.claims.get(claim.claimId))?.completion).toEqual(completion());
    expect(deps.waits.answers).toEqual([{ claimId: claim.claimId, kind: 'repair', output: completion() }]);
  });

  it('goes on at once when the completion came before the execution waited (a resumed run)', async () => {
    // Prepare
    const { deps, steps, scheduled } = await prepare();
    const claim = await scheduled();
    await completeRepairAction(deps)(claim, completion());
    // Act
    const result = await steps.awaitRepair({
      claimId: claim.claimId,
      epoch: EPOCH,
      taskToken: 'token-repair',
    });
    // Assess
    expect(result).toEqual({ waiting: false });
    expect(deps.waits.answers.map((a) => a.kind)).toEqual(['repair']);
  });
});

describe('SettleClaim and CloseClaim', () => {
  async function reported(used: number) {
    // Two alternators and their labour (NPR 52,250.00) are within this partner's limit.
    const setup = await prepare(undefined, aPartner({ autoApprovalLimit: money(100_000_00, 'NPR') }));
    const claim = await setup.scheduled(
      aClaim({}, { lines: [{ partNumber: PART, quantity: 2, laborOperation: 'EL-ALT-R', laborHours: 1.5 }] }),
    );
    const done = completion({ partsUsed: [{ partNumber: PART, quantity: used }] });
    return {
      ...setup,
      claim,
      input: { claimId: claim.claimId, epoch: EPOCH, completion: done },
      settle: settlementSteps(setup.deps),
    };
  }

  it('pays the parts used and the labour in minor units, consuming what was fitted and releasing the rest', async () => {
    // Prepare: two alternators reserved, one fitted
    const { deps, claim, settle, input } = await reported(1);
    expect(await deps.stock.level('WH-KTM', PART)).toMatchObject({ onHand: 5, reserved: 2 });
    // Act: NPR 25,000.00 for the part + 1.5 h × NPR 1,500.00
    const result = await settle.settleRepair(input);
    // Assess
    expect(result).toEqual({ total: 2_725_000, currency: 'NPR' });
    expect(await deps.stock.level('WH-KTM', PART)).toMatchObject({ onHand: 4, reserved: 0 });
    const stored = await deps.claims.get(claim.claimId);
    // The repair recorded and settled in one write of the claim: both changes in its history.
    expect(stored?.status).toBe('SETTLED');
    expect(stored?.version).toBe(claim.version + 1);
    expect(stored?.completion).toEqual(input.completion);
    expect(stored?.events.slice(-2).map((e) => [e.from, e.to])).toEqual([
      ['SCHEDULED', 'REPAIRED'],
      ['REPAIRED', 'SETTLED'],
    ]);
    expect(deps.metrics.counts.get('ClaimSettled')).toBe(1);
  });

  it('settles once: a retried task moves no stock and counts nothing again', async () => {
    // Prepare
    const { deps, settle, input } = await reported(1);
    await settle.settleRepair(input);
    // Act
    const again = await settle.settleRepair(input);
    // Assess
    expect(again).toEqual({ total: 2_725_000, currency: 'NPR' });
    expect(await deps.stock.level('WH-KTM', PART)).toMatchObject({ onHand: 4, reserved: 0 });
    expect(deps.metrics.counts.get('ClaimSettled')).toBe(1);
  });

  it('closes a settled claim and hands the maintenance reminder to its own workflow, once', async () => {
    // Prepare: the reminder is due 182 days after the repair
    const { deps, claim, settle, input: repair } = await reported(1);
    await settle.settleRepair(repair);
    const input = { claimId: claim.claimId, epoch: EPOCH, maintenanceReminderAfterSeconds: 182 * 86_400 };
    // Act
    const result = await settle.closeClaim(input);
    await settle.closeClaim(input);
    // Assess
    expect(result).toEqual({ status: 'CLOSED', remindAt: '2025-07-17T09:00:00.000Z' });
    expect([...deps.workflows.started]).toEqual([
      `${claim.claimId}-maintenance-e${EPOCH}@2025-07-17T09:00:00.000Z`,
    ]);
  });
});

describe('Compensate', () => {
  it('releases the parts and the technician slot, leaves the restock queue and records why', async () => {
    // Prepare: a booked claim holding one alternator
    const { deps, steps, approved } = await prepare();
    const claim = await approved();
    await steps.assignTechnician({ claimId: claim.claimId, epoch: EPOCH });
    await deps.backorders.join(claim, [{ partNumber: 'OTHER-PART', quantity: 1 }]);
    // Act
    const result = await compensationStep(deps)({
      claimId: claim.claimId,
      epoch: EPOCH,
      error: { Error: 'States.Timeout', Cause: 'the repair step timed out' },
    });
    // Assess
    expect(result).toEqual({ released: 1 });
    expect(await deps.stock.level('WH-KTM', PART)).toMatchObject({ reserved: 0 });
    expect(deps.technicians.booked).toEqual([]);
    expect(await deps.backorders.waiting('OTHER-PART')).toEqual([]);
    const stored = await deps.claims.get(claim.claimId);
    expect(stored).toMatchObject({
      reservations: [],
      failure: { error: 'States.Timeout', cause: 'the repair step timed out' },
    });
    expect(stored?.appointment).toBeUndefined();
  });
});

describe('AssignTechnician books when the parts are at the centre', () => {
  const DAY = 24 * 3600 * 1000;
  /** Alternators only in Tokyo (3 days' transit), or nowhere until a restock. */
  function prepareFar(tokyoStock: number) {
    const deps = fakeLifecycle({
      region: REGION,
      now: NOW,
      partners: [aPartner()],
      vehicles: [aVehicle()],
      parts: [aPart()],
      laborOperations: [aLaborOperation()],
      warehouses: [
        ...warehouses,
        { warehouseId: 'WH-TYO', name: 'Tokyo', region: 'ap-northeast-1', market: 'JP', transitDays: 3 },
      ],
      technicians: [aTechnician({ technicianId: 'tech-ram', skills: ['electrical'] })],
    });
    if (tokyoStock > 0) deps.stock.stockUp('WH-TYO', PART, tokyoStock);
    const approved = async () => {
      const claim = aClaim();
      await deps.claims.create(claim);
      await decisionSteps(deps).adjudicate({ claimId: claim.claimId, epoch: EPOCH });
      await partsSteps(deps).allocateParts({ claimId: claim.claimId, epoch: EPOCH });
      return (await deps.claims.get(claim.claimId))!;
    };
    return { deps, steps: repairSteps(deps), approved };
  }

  it('books a part from another region’s warehouse no earlier than its transit time after reserving it', async () => {
    // Prepare
    const { deps, steps, approved } = prepareFar(2);
    const claim = await approved();
    expect(claim.reservations).toEqual([expect.objectContaining({ warehouseId: 'WH-TYO' })]);
    // Act
    const { start } = await steps.assignTechnician({ claimId: claim.claimId, epoch: EPOCH });
    // Assess: not 3 hours after filing, but after the 3 days the part travels
    expect(Date.parse(start)).toBeGreaterThanOrEqual(Date.parse(NOW) + 3 * DAY);
    expect((await deps.claims.get(claim.claimId))?.appointment?.start).toBe(start);
  });

  it('books a backordered claim after its late restock, from the restock on', async () => {
    // Prepare: nothing anywhere; the part comes back 20 days later in Kathmandu
    const { deps, steps, approved } = prepareFar(0);
    const claim = await approved();
    expect(claim.status).toBe('AWAITING_PARTS');
    const restockedAt = new Date(Date.parse(NOW) + 20 * DAY);
    deps.clock.set(restockedAt);
    deps.stock.stockUp('WH-KTM', PART, 1);
    await partsSteps(deps).allocateParts({ claimId: claim.claimId, epoch: EPOCH });
    // Act
    const { start } = await steps.assignTechnician({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(Date.parse(start)).toBeGreaterThanOrEqual(restockedAt.getTime());
    expect(Date.parse(start)).toBeLessThan(restockedAt.getTime() + 2 * DAY);
  });

  it('gives back a slot held from before the parts could arrive and books again after their arrival', async () => {
    // Prepare: a claim booked for today, as the old parallel workflow did, whose part comes from Tokyo
    const { deps, steps, approved } = prepareFar(2);
    const claim = await approved();
    const early = {
      technicianId: 'tech-ram',
      centreId: 'KTM-1',
      start: '2025-01-15T06:15:00Z',
      end: '2025-01-15T07:45:00Z',
    };
    await deps.technicians.book(
      'KTM-1',
      { technicianId: 'tech-ram', claimId: claim.claimId, start: early.start, end: early.end },
      REGION,
    );
    await deps.claims.save({ ...claim, appointment: early }, claim);
    // Act
    const { start } = await steps.assignTechnician({ claimId: claim.claimId, epoch: EPOCH });
    // Assess
    expect(Date.parse(start)).toBeGreaterThanOrEqual(Date.parse(NOW) + 3 * DAY);
    expect(deps.technicians.booked.filter((b) => b.claimId === claim.claimId)).toEqual([
      expect.objectContaining({ start }),
    ]);
    // A retried task keeps the new booking.
    expect(await steps.assignTechnician({ claimId: claim.claimId, epoch: EPOCH })).toMatchObject({ start });
  });
});
