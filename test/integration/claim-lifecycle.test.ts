import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../domain/claim.ts';
import { startLifecycleRuntime, submission } from '../support/lifecycle-runtime.ts';

type Rt = Awaited<ReturnType<typeof startLifecycleRuntime>>;
let rt: Rt;
const JP = 'ap-northeast-1';

beforeAll(async () => {
  rt = await startLifecycleRuntime();
}, 90_000);
afterAll(async () => {
  await rt?.stop();
});

const vehicle = (market: string, powertrain: string, warranty = 'in-force') =>
  rt.runtime.endpoints.demo.vehicles.find(
    (v) => v.market === market && v.powertrain === powertrain && v.warranty === warranty,
  )!.vin;

const file = (
  region: string,
  partnerId: string,
  body: ReturnType<typeof submission>,
  key: string = crypto.randomUUID(),
) =>
  rt.op<{ claim: Claim; replayed: boolean }>(region, 'fileClaim', {
    partnerId,
    submission: body,
    idempotencyKey: key,
  });

describe('ClaimLifecycle on the local Step Functions service', () => {
  it('takes an auto-approved claim through repair, settlement and follow-up to CLOSED', async () => {
    const { claim } = await file(
      JP,
      'jp-yokohama-export',
      submission(vehicle('JP', 'ICE'), [
        { partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 },
      ]),
    );
    expect(claim.status).toBe('RECEIVED');
    const scheduled = await rt.until(claim.claimId, 'SCHEDULED');
    expect(scheduled.appointment?.technicianId).toMatch(/^jp-yokohama-export-c1-t/);
    expect(scheduled.reservations).toEqual([
      { warehouseId: 'WH-YOK', region: JP, partNumber: 'BRK-CALIPER-10', quantity: 1 },
    ]);

    await rt.op(JP, 'completeRepair', {
      claimId: claim.claimId,
      completion: {
        completedAt: new Date().toISOString(),
        partsUsed: [{ partNumber: 'BRK-CALIPER-10', quantity: 1 }],
        laborHours: 1.2,
        notes: 'caliper replaced',
      },
    });
    const closed = await rt.until(claim.claimId, 'CLOSED');
    expect(closed.events.map((e) => e.to)).toEqual([
      'RECEIVED',
      'APPROVED',
      'SCHEDULED',
      'REPAIRED',
      'SETTLED',
      'CLOSED',
    ]);
    // 14,000 yen for the caliper + 1.2 h × 9,000 yen.
    expect(closed.amounts?.settled).toEqual({ amountMinor: 24_800, currency: 'JPY' });
    const mail = rt.runtime.outbox
      .messages({ claimId: claim.claimId })
      .map((m) => m.tags.template)
      .reverse();
    // An auto-approved claim's first email is the appointment: it says the claim arrived and was
    // approved (one email where one says all three).
    expect(mail).toEqual(['appointment', 'repair-done', 'survey', 'survey-reminder']);
  });

  it('rejects a claim on a vehicle out of warranty by time, with its reasons', async () => {
    const { claim } = await file(
      JP,
      'jp-yokohama-export',
      submission(vehicle('JP', 'ICE', 'expired-time'), [
        { partNumber: 'ELE-ALTERNATOR-07', quantity: 1, laborOperation: 'ELE-R07', laborHours: 1.5 },
      ]),
    );
    const rejected = await rt.until(claim.claimId, 'REJECTED');
    expect(rejected.lines[0]).toMatchObject({ decision: 'REJECTED', reasons: ['EXPIRED_TIME'] });
    expect(rejected.reservations ?? []).toEqual([]);
  });
});

describe('review, backorder and compensation', () => {
  const valveBodies = (quantity: number) => [
    { partNumber: 'TRN-VALVEBODY-02', quantity, laborOperation: 'TRN-R02', laborHours: 4 },
  ];
  const manager = { kind: 'staff' as const, id: 'manager@claimflow.example' };

  it('sends a claim over the auto-approval limit to review, and an approval lets it go on', async () => {
    // 2 × 65,000 yen + 4 h × 9,000 yen = 166,000 yen, over Yokohama's 150,000 yen limit.
    const { claim } = await file(
      JP,
      'jp-yokohama-export',
      submission(vehicle('JP', 'HYBRID'), valveBodies(2)),
    );
    const inReview = await rt.until(claim.claimId, 'IN_REVIEW');
    expect(inReview.reasons).toEqual(['AMOUNT_OVER_LIMIT']);
    await rt.op(JP, 'decideReview', { claimId: claim.claimId, actor: manager, outcome: 'APPROVED' });
    const scheduled = await rt.until(claim.claimId, 'SCHEDULED');
    expect(scheduled.events.map((e) => e.to)).toEqual(['RECEIVED', 'IN_REVIEW', 'APPROVED', 'SCHEDULED']);
    expect(scheduled.events[2]?.actor).toEqual(manager);
    expect(scheduled.reservations?.reduce((n, r) => n + r.quantity, 0)).toBe(2);
  });

  it('ends a claim rejected in review as REJECTED, holding nothing', async () => {
    const { claim } = await file(JP, 'jp-yokohama-export', submission(vehicle('JP', 'EV'), valveBodies(2)));
    await rt.until(claim.claimId, 'IN_REVIEW');
    await rt.op(JP, 'decideReview', {
      claimId: claim.claimId,
      actor: manager,
      outcome: 'REJECTED',
      note: 'valve body not faulty on inspection',
    });
    const rejected = await rt.until(claim.claimId, 'REJECTED');
    expect(rejected.events.at(-1)).toMatchObject({
      from: 'IN_REVIEW',
      to: 'REJECTED',
      reason: 'valve body not faulty on inspection',
    });
    expect(rejected.reservations ?? []).toEqual([]);
    expect(rejected.appointment).toBeUndefined();
  });

  it('backorders a part nobody has, and resumes the claim when a warehouse is restocked', async () => {
    const part = 'CLM-COMPRESSOR-11';
    await emptyEverywhere(part);
    const { claim } = await file(
      JP,
      'jp-yokohama-export',
      submission(vehicle('JP', 'ICE'), [
        { partNumber: part, quantity: 1, laborOperation: 'CLM-R11', laborHours: 3 },
      ]),
    );
    const waiting = await rt.until(claim.claimId, 'AWAITING_PARTS');
    expect(waiting.backorders).toEqual([{ partNumber: part, quantity: 1 }]);
    // It parks at AwaitRestock (its token in the regional table) and stays there.
    await waitForToken(JP, claim.claimId, 'restock');
    await new Promise((r) => setTimeout(r, 300));
    const parked = await rt.claimIn(claim.claimId);
    expect(parked.status).toBe('AWAITING_PARTS');
    // No technician slot is held while the part is on backorder (issue 16: it was booked at filing).
    expect(parked.appointment).toBeUndefined();

    const restockedAt = Date.now();
    const { resumed } = await rt.op<{ resumed: string[] }>(JP, 'restock', {
      warehouseId: 'WH-YOK',
      partNumber: part,
      quantity: 2,
    });
    expect(resumed).toEqual([claim.claimId]);
    const scheduled = await rt.until(claim.claimId, 'SCHEDULED');
    expect(scheduled.reservations).toEqual([
      { warehouseId: 'WH-YOK', region: JP, partNumber: part, quantity: 1 },
    ]);
    expect(scheduled.backorders).toEqual([]);
    // Booked once the part was there: never a time before the restock.
    expect(Date.parse(scheduled.appointment!.start)).toBeGreaterThanOrEqual(restockedAt);
    // The customer heard of the approval and the wait (with the expected date) in one email, then
    // of the appointment.
    const messages = () => rt.runtime.outbox.messages({ claimId: claim.claimId }).reverse();
    // The appointment email follows SCHEDULED (NotifyAppointment runs after AssignTechnician).
    for (let i = 0; i < 200 && messages().length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    const mail = messages();
    expect(mail.map((m) => m.tags.template)).toEqual(['waiting-for-parts', 'appointment']);
    expect(mail[0]!.text).toContain('部品の入荷予定日');
    expect(mail[0]!.text).toContain('ご請求の修理は保証の対象となりました');
    expect(mail[1]!.subject).toBe('修理のご予約日時のお知らせ');
  });

  it('restocks, from another region, a warehouse opened there moments ago that has not replicated yet', async () => {
    // A manager opens a warehouse in South Asia and imports its stock from HQ at once: HQ's replica
    // does not have the warehouse yet (replication paused here), and serving the backorders must
    // still find where it lives rather than fail.
    const SOUTH = 'ap-south-1';
    await rt.runtime.network.pause(JP, SOUTH);
    try {
      await rt.runtime.globalTableIn(SOUTH).put({
        pk: 'WAREHOUSES',
        sk: 'WH-NEW-BRT',
        type: 'Warehouse',
        warehouseId: 'WH-NEW-BRT',
        name: 'Biratnagar depot',
        region: SOUTH,
        market: 'NP',
        homeRegion: SOUTH,
      });
      // Its first stock count: the part carried, none there yet.
      await rt.runtime.globalTableIn(SOUTH).put({
        pk: 'WAREHOUSE#WH-NEW-BRT',
        sk: 'STOCK#BRK-CALIPER-10',
        type: 'Stock',
        warehouseId: 'WH-NEW-BRT',
        partNumber: 'BRK-CALIPER-10',
        region: SOUTH,
        onHand: 0,
        reserved: 0,
        available: 0,
        gsi4pk: 'PART#BRK-CALIPER-10',
        gsi4sk: `${SOUTH}#WH-NEW-BRT`,
        homeRegion: SOUTH,
      });
      await expect(
        rt.op(JP, 'restock', { warehouseId: 'WH-NEW-BRT', partNumber: 'BRK-CALIPER-10', quantity: 3 }),
      ).resolves.toEqual({ resumed: [] });
      expect(await stockLevel(SOUTH, 'WH-NEW-BRT', 'BRK-CALIPER-10')).toMatchObject({ onHand: 3 });
    } finally {
      await rt.runtime.network.resume(JP, SOUTH);
    }
  });

  it('releases the reserved parts when the workflow fails after reserving them', async () => {
    // Everest Auto Service has no technician certified for high-voltage work: booking fails.
    const SOUTH = 'ap-south-1';
    const before = await stockLevel(SOUTH, 'WH-KTM', 'EVB-MODULE-48');
    const { claim } = await file(
      SOUTH,
      'np-everest-auto',
      submission(
        vehicle('NP', 'EV'),
        [{ partNumber: 'EVB-MODULE-48', quantity: 1, laborOperation: 'EVB-R04', laborHours: 5 }],
        {
          batteryStateOfHealthPct: 61,
          customer: { name: 'Sita Sharma', email: 'sita@example.com', language: 'ne' },
        },
      ),
    );
    await rt.until(claim.claimId, 'IN_REVIEW'); // over Everest's limit
    await rt.op(SOUTH, 'decideReview', { claimId: claim.claimId, actor: manager, outcome: 'APPROVED' });

    const execution = await finishedExecution(SOUTH, claim.claimId);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ClaimWorkflowFailed');
    const failed = await rt.claimIn(claim.claimId);
    expect(failed.failure?.error).toBe('NoTechnicianError');
    expect(failed.reservations).toEqual([]);
    expect(await stockLevel(SOUTH, 'WH-KTM', 'EVB-MODULE-48')).toEqual(before);
    expect(await reservationRecord(SOUTH, 'WH-KTM', 'EVB-MODULE-48', claim.claimId)).toBeUndefined();
    // The customer is told, in Nepali, that the claim could not be completed.
    const mail = rt.runtime.outbox.messages({ claimId: claim.claimId });
    expect(mail.map((m) => m.tags.template)).toContain('failed');
    expect(mail.find((m) => m.tags.template === 'failed')?.subject).toBe(
      'हामी तपाईंको वारेन्टी दाबीको काम पूरा गर्न सकेनौं',
    );
  });

  it('starts one execution per claim: a replayed intake and a repeated StartExecution find the same one', async () => {
    const body = submission(vehicle('JP', 'HYBRID'), [
      { partNumber: 'SUS-STRUT-09', quantity: 1, laborOperation: 'SUS-R09', laborHours: 1.6 },
    ]);
    const first = await file(JP, 'jp-yokohama-export', body, 'same-key');
    const again = await file(JP, 'jp-yokohama-export', body, 'same-key');
    expect(again.claim.claimId).toBe(first.claim.claimId);
    expect(again.replayed).toBe(true);
    await expect(
      file(JP, 'jp-yokohama-export', { ...body, odometerKm: body.odometerKm + 1 }, 'same-key'),
    ).rejects.toMatchObject({ name: 'IdempotencyConflictError' });

    const sfn = rt.sfnIn(JP);
    const name = `${first.claim.claimId}-e1-r1`;
    const input = JSON.stringify({ claimId: first.claim.claimId, epoch: 1 });
    const stateMachineArn = rt.runtime.endpoints.stateMachines[JP]!;
    const { StartExecutionCommand, ListExecutionsCommand } = await import('@aws-sdk/client-sfn');
    const a = await sfn
      .send(new StartExecutionCommand({ stateMachineArn, name, input }))
      .catch((e: Error) => e);
    const b = await sfn
      .send(new StartExecutionCommand({ stateMachineArn, name, input }))
      .catch((e: Error) => e);
    // Either the running execution's ARN, or ExecutionAlreadyExists once it finished: never a second one.
    for (const r of [a, b]) {
      if (r instanceof Error) expect(r.name).toBe('ExecutionAlreadyExists');
      else expect(r.executionArn).toContain(name);
    }
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000 }));
    expect(all.executions?.filter((e) => e.name?.startsWith(first.claim.claimId))).toHaveLength(1);
  });
});

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

async function emptyEverywhere(partNumber: string) {
  for (const [warehouseId, region] of [
    ['WH-KTM', 'ap-south-1'],
    ['WH-DEL', 'ap-south-1'],
    ['WH-EVN', 'eu-central-1'],
    ['WH-ALA', 'eu-central-1'],
    ['WH-YOK', 'ap-northeast-1'],
  ] as const) {
    await rt.runtime.globalTableIn(region).update({
      key: { pk: `WAREHOUSE#${warehouseId}`, sk: `STOCK#${partNumber}` },
      homeRegion: region,
      expression: 'SET onHand = reserved, available = :zero',
      values: { ':zero': 0 },
    });
  }
  await new Promise((r) => setTimeout(r, 200)); // let the other regions' replicas catch up
}

async function waitForToken(region: string, claimId: string, kind: string) {
  const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await rt.runtime.dynamoIn(region).send(
      new GetCommand({
        TableName: 'claimflow-regional',
        Key: { pk: `CLAIM#${claimId}`, sk: `TOKEN#${kind}` },
        ConsistentRead: true,
      }),
    );
    if (res.Item) return;
    if (Date.now() > deadline) throw new Error(`no ${kind} token for ${claimId}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function stockLevel(region: string, warehouseId: string, partNumber: string) {
  const item = await rt.runtime
    .globalTableIn(region)
    .get({ pk: `WAREHOUSE#${warehouseId}`, sk: `STOCK#${partNumber}` }, true);
  return { onHand: item?.onHand, reserved: item?.reserved, available: item?.available };
}

function reservationRecord(region: string, warehouseId: string, partNumber: string, claimId: string) {
  return rt.runtime
    .globalTableIn(region)
    .get({ pk: `WAREHOUSE#${warehouseId}`, sk: `RESV#${partNumber}#${claimId}` }, true);
}

async function finishedExecution(region: string, claimId: string) {
  const { DescribeExecutionCommand } = await import('@aws-sdk/client-sfn');
  const arn = `${rt.runtime.endpoints.stateMachines[region]!.replace(':stateMachine:', ':execution:')}:${claimId}-e1-r1`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const d = await rt.sfnIn(region).send(new DescribeExecutionCommand({ executionArn: arn }));
    if (d.status !== 'RUNNING') return d;
    if (Date.now() > deadline) throw new Error(`execution ${arn} still running`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
