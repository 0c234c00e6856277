import { describe, expect, it } from 'vitest';
import { judgeRegionState, type RegionState } from '../../cli/region/invariants.ts';

const SOUTH = 'ap-south-1';
const JAPAN = 'ap-northeast-1';
const CLAIM = 'CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8';
const OTHER = 'CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S9';
const CLOSED = 'CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7T1';
const REMINDED = 'CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7T2';

/** Two regions that agree on everything: one claim, one stock level, two bookings, two emails. */
function healthy(): RegionState {
  return {
    regionsUp: [SOUTH, JAPAN],
    answered201: [CLAIM],
    claimCopies: [
      { claimId: CLAIM, region: SOUTH, status: 'SCHEDULED', version: 5 },
      { claimId: CLAIM, region: JAPAN, status: 'SCHEDULED', version: 5 },
    ],
    ownerViews: [
      { home: SOUTH, region: SOUTH, writerRegion: JAPAN, epoch: 2 },
      { home: SOUTH, region: JAPAN, writerRegion: JAPAN, epoch: 2 },
    ],
    stock: [
      {
        region: JAPAN,
        warehouseId: 'WH-IN-1',
        partNumber: 'P-1',
        onHand: 8,
        reserved: 3,
        received: 10,
        consumed: 2,
        reservations: { [`${CLAIM}|a`]: 2, [`${OTHER}|a`]: 1 },
      },
    ],
    bookings: [
      {
        centreId: 'C1',
        technicianId: 'T1',
        claimId: CLAIM,
        start: '2026-12-07T09:00:00Z',
        end: '2026-12-07T11:00:00Z',
      },
      {
        centreId: 'C1',
        technicianId: 'T1',
        claimId: OTHER,
        start: '2026-12-07T11:00:00Z',
        end: '2026-12-07T12:00:00Z',
      },
    ],
    emailsSent: [
      { claimId: CLAIM, template: 'claim-received' },
      { claimId: CLAIM, template: 'appointment' },
    ],
    executions: [{ region: JAPAN, name: `${CLAIM}-e2-r1`, status: 'RUNNING' }],
    lostToNewerWrite: 0,
    // A closed claim whose reminder waits in the home's writer under the current epoch (its run
    // from before the move stopped), and one whose reminder has gone.
    reminders: {
      executions: [
        { region: SOUTH, name: `${CLOSED}-maintenance-e1`, status: 'ABORTED' },
        { region: JAPAN, name: `${CLOSED}-maintenance-e2`, status: 'RUNNING' },
        { region: SOUTH, name: `${REMINDED}-maintenance-e1`, status: 'SUCCEEDED' },
      ],
      closedClaims: [
        { claimId: CLOSED, sent: false },
        { claimId: REMINDED, sent: true },
      ],
    },
  };
}

const failures = (s: RegionState) => judgeRegionState(s).lines.filter((l) => l.startsWith('✗'));

describe('the region invariants', () => {
  it('hold on regions that agree, with the counts the drills print', () => {
    const report = judgeRegionState(healthy());
    expect(failures(healthy())).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.counts).toEqual({ claims: 1, lost: 0, duplicated: 0, lostWrites: 0 });
  });

  it('fail when a claim answered 201 is missing in a region', () => {
    const s = healthy();
    s.claimCopies = [s.claimCopies[0]!, { claimId: CLAIM, region: JAPAN }];
    expect(failures(s)).toEqual([expect.stringContaining('missing in a region: 1 of 1')]);
    expect(judgeRegionState(s).counts.lost).toBe(1);
  });

  it('fail when two regions hold a claim at different versions', () => {
    const s = healthy();
    s.claimCopies[1] = { claimId: CLAIM, region: JAPAN, status: 'SCHEDULED', version: 6 };
    expect(failures(s)).toEqual([expect.stringContaining('status or version differs between regions: 1')]);
  });

  it('fail when on hand is not received − consumed', () => {
    const s = healthy();
    s.stock[0]!.onHand = 9; // one unit released twice
    expect(failures(s)).toEqual([expect.stringContaining('stock levels off')]);
    expect(judgeRegionState(s).lines.join('\n')).toContain('on hand 9 ≠ received 10 − consumed 2');
  });

  it('fail when reserved is not the sum of live reservations', () => {
    const s = healthy();
    s.stock[0]!.reserved = 4;
    expect(judgeRegionState(s).lines.join('\n')).toContain('reserved 4, live reservations 3');
    expect(judgeRegionState(s).ok).toBe(false);
  });

  it('fail when a technician is booked for two claims at once', () => {
    const s = healthy();
    s.bookings[1]!.start = '2026-12-07T10:45:00Z';
    expect(failures(s)).toEqual([expect.stringContaining('technician slots booked twice: 1')]);
  });

  it('fail when a claim gets the same email twice', () => {
    const s = healthy();
    s.emailsSent!.push({ claimId: CLAIM, template: 'claim-received' });
    expect(failures(s)).toEqual([expect.stringContaining('emails sent twice for one claim and template: 1')]);
    expect(judgeRegionState(s).counts.duplicated).toBe(1);
  });

  it('fail when an execution is left FAILED or a claim runs in two regions', () => {
    const s = healthy();
    s.executions.push({ region: SOUTH, name: `${CLAIM}-e1-r1`, status: 'RUNNING' });
    s.executions.push({ region: JAPAN, name: `${OTHER}-e2-r1`, status: 'FAILED' });
    expect(failures(s)).toEqual([
      expect.stringContaining('claims running in two regions: 1'),
      expect.stringContaining('executions FAILED and not redriven: 1'),
    ]);
  });

  it("count a FAILED run only while it is its claim's newest run (a redrive leaves it in the history)", () => {
    const s = healthy();
    s.executions = [
      { region: JAPAN, name: `${CLAIM}-e2-r1`, status: 'FAILED' },
      { region: JAPAN, name: `${CLAIM}-e2-r2`, status: 'RUNNING' },
      { region: JAPAN, name: `${OTHER}-e1-r1`, status: 'FAILED' },
      { region: SOUTH, name: `${OTHER}-e2-r1`, status: 'SUCCEEDED' },
    ];
    expect(failures(s)).toEqual([]);
    s.executions.push({ region: JAPAN, name: `${OTHER}-e2-r2`, status: 'FAILED' });
    expect(failures(s)).toEqual([expect.stringContaining('executions FAILED and not redriven: 1')]);
  });

  it('fail when an open claim answered 201 has no execution running anywhere', () => {
    const s = healthy();
    s.executions = [{ region: SOUTH, name: `${CLAIM}-e2-r1`, status: 'RUNNING' }];
    expect(failures(s)).toEqual([]);
    s.executions = [];
    expect(failures(s)).toEqual([
      expect.stringContaining('open claims answered 201 with no execution running: 1'),
    ]);
    // A closed claim owes no run.
    for (const c of s.claimCopies) c.status = 'CLOSED';
    expect(failures(s)).toEqual([]);
  });

  it('fail when a replicated write was lost to a concurrent write', () => {
    const s = healthy();
    s.lostToNewerWrite = 3;
    expect(failures(s)).toEqual([expect.stringContaining('lost to a concurrent write of the same item: 3')]);
  });

  it('fail when two regions name different writers for a home region', () => {
    const s = healthy();
    s.ownerViews[0] = { home: SOUTH, region: SOUTH, writerRegion: SOUTH, epoch: 1 };
    expect(failures(s)).toEqual([expect.stringContaining('owner records that differ between regions: 1')]);
  });

  it("fail when a closed claim's unsent maintenance reminder is left in the old region, at an old epoch, twice or nowhere", () => {
    const left = healthy();
    left.reminders!.executions = [{ region: SOUTH, name: `${CLOSED}-maintenance-e1`, status: 'RUNNING' }];
    expect(failures(left)).toEqual([
      '✗ closed claims whose maintenance reminder is not waiting once in its home region: 1 of 1 not yet sent',
    ]);
    const oldEpoch = healthy();
    oldEpoch.reminders!.executions = [{ region: JAPAN, name: `${CLOSED}-maintenance-e1`, status: 'RUNNING' }];
    expect(failures(oldEpoch)).toHaveLength(1);
    const twice = healthy();
    twice.reminders!.executions.push({ region: SOUTH, name: `${CLOSED}-maintenance-e1`, status: 'RUNNING' });
    expect(judgeRegionState(twice).lines).toContain(
      `  ${CLOSED}: waiting in ${JAPAN} e2, in ${SOUTH} e1 (home written by ${JAPAN} e2)`,
    );
    // Ended without an email (fenced, caught): owed and waiting nowhere.
    const ended = healthy();
    ended.reminders!.executions = [{ region: SOUTH, name: `${CLOSED}-maintenance-e1`, status: 'SUCCEEDED' }];
    expect(judgeRegionState(ended).lines).toContain(
      `  ${CLOSED}: waiting nowhere (home written by ${JAPAN} e2)`,
    );
    // Once sent, nothing is owed.
    const sent = healthy();
    sent.reminders!.executions = [];
    sent.reminders!.closedClaims = [{ claimId: CLOSED, sent: true }];
    expect(failures(sent)).toEqual([]);
  });

  it('say what cannot be checked instead of passing it', () => {
    const s = healthy();
    delete s.emailsSent;
    delete s.lostToNewerWrite;
    delete s.reminders;
    const lines = judgeRegionState(s).lines;
    expect(lines.some((l) => l.startsWith('- maintenance reminders'))).toBe(true);
    expect(lines).toContain('- emails sent twice: not known here (the mail service lists nothing)');
    expect(lines.some((l) => l.startsWith('- writes lost'))).toBe(true);
  });
});
