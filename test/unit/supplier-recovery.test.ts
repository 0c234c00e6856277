import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjudicate, applyAdjudication, reviewClaim } from '../../domain/adjudication.ts';
import type { ChangeContext, Claim } from '../../domain/claim.ts';
import { checkCoverage } from '../../domain/coverage.ts';
import { money } from '../../domain/money.ts';
import type { Part } from '../../domain/part.ts';
import { qualityFactsOf } from '../../domain/quality/monitor.ts';
import {
  movePartReturn,
  PART_RETURN_STATUSES,
  PartReturnError,
  type PartReturnMove,
} from '../../domain/quality/part-returns.ts';
import type { QualityClaim } from '../../domain/quality/rates.ts';
import {
  RECOVERY_CSV_COLUMNS,
  recoveryCsvRow,
  recoveryLines,
  supplierRecovery,
  UNKNOWN_SUPPLIER,
} from '../../domain/quality/supplier-recovery.ts';
import { STANDARD_PLAN } from '../../domain/warranty-plan.ts';
import { aClaim, aLaborOperation, aPart, aPartner, aVehicle, FILED_AT } from './support/fixtures.ts';

const alternator = aPart({ supplier: 'Denso' });
const gearbox = aPart({
  partNumber: 'GBX-2001',
  name: 'Gearbox',
  category: 'transmission',
  prices: { NPR: 9_000_000 },
  supplier: 'Aisin',
});
const parts = new Map<string, Part>([alternator, gearbox].map((p) => [p.partNumber, p]));
const laborOperations = new Map(
  [aLaborOperation(), aLaborOperation({ code: 'TR-GBX-R', hours: 6, skill: 'powertrain' })].map((o) => [
    o.code,
    o,
  ]),
);
const ctx: ChangeContext = {
  actor: { kind: 'system', id: 'adjudicate' },
  reason: 'adjudicated',
  region: 'ap-south-1',
  at: new Date('2025-01-15T06:05:00Z'),
};
const twoLines = [
  { partNumber: 'ALT-1001', quantity: 1, laborOperation: 'EL-ALT-R', laborHours: 1.5 },
  { partNumber: 'GBX-2001', quantity: 1, laborOperation: 'TR-GBX-R', laborHours: 6 },
];

const adjudicated = (limit: number): Claim => {
  const claim = aClaim({}, { lines: twoLines });
  const coverage = checkCoverage({
    claim,
    filedAt: FILED_AT,
    timeZone: 'Asia/Kathmandu',
    vehicle: aVehicle(),
    parts,
    plan: STANDARD_PLAN,
  });
  const partner = aPartner({ autoApprovalLimit: money(limit, 'NPR') });
  const input = { claim, coverage, partner, parts, laborOperations, priorClaims: [], rules: STANDARD_PLAN };
  return applyAdjudication(claim, adjudicate(input), ctx);
};
const sumOfLines = (claim: Claim) =>
  claim.lines.reduce((sum, l) => sum + (l.approvedAmount?.amountMinor ?? 0), 0);

describe('approved cost per line and supplier', () => {
  it('keeps on each line of an automatic approval its supplier and its share of the approved amount', () => {
    const claim = adjudicated(100_000_000);
    expect(claim.status).toBe('APPROVED');
    expect(claim.lines.map((l) => [l.supplier, l.approvedAmount])).toEqual([
      // 25,000.00 + 1.5 h × 1,500.00; 90,000.00 + 6 h × 1,500.00
      ['Denso', money(2_725_000, 'NPR')],
      ['Aisin', money(9_900_000, 'NPR')],
    ]);
    expect(sumOfLines(claim)).toBe(claim.amounts?.approved?.amountMinor);
  });

  it('sets no line amount while the claim waits for review', () => {
    const claim = adjudicated(1);
    expect(claim.status).toBe('IN_REVIEW');
    expect(claim.lines.every((l) => l.approvedAmount === undefined)).toBe(true);
  });

  it('prices the lines a reviewer approves, adjusted or not, and their sum is the approved amount', () => {
    const staff: ChangeContext = { ...ctx, actor: { kind: 'staff', id: 'adjuster-1' } };
    fc.assert(
      fc.property(
        fc.constantFrom('COVERED', 'REJECTED', 'ADJUSTED'),
        fc.constantFrom('COVERED', 'REJECTED', 'ADJUSTED'),
        fc.integer({ min: 0, max: 600 }).map((h) => h / 100),
        (first, second, hours) => {
          const decisions = [
            {
              lineNo: 1,
              decision: first,
              ...(first === 'ADJUSTED' ? { laborHours: Math.min(hours, 1.5) } : {}),
            },
            { lineNo: 2, decision: second, ...(second === 'ADJUSTED' ? { laborHours: hours } : {}) },
          ] as const;
          const reviewed = reviewClaim(adjudicated(1), { decisions, partner: aPartner(), parts }, staff);
          if (reviewed.status === 'REJECTED') {
            expect(reviewed.lines.every((l) => l.approvedAmount === undefined)).toBe(true);
            return;
          }
          expect(sumOfLines(reviewed)).toBe(reviewed.amounts?.approved?.amountMinor);
          for (const line of reviewed.lines)
            expect(line.approvedAmount !== undefined).toBe(line.decision !== 'REJECTED');
        },
      ),
    );
  });

  it('carries the lines, quantities paid for and returns into the quality facts', () => {
    const claim = { ...adjudicated(100_000_000), partReturns: [] };
    const facts = qualityFactsOf(claim);
    expect(facts.lines[1]).toMatchObject({ lineNo: 2, supplier: 'Aisin', quantity: 1 });
  });
});

const by = { at: '2026-12-01T10:00:00Z', by: 'adjuster@claimflow.example', region: 'ap-south-1' as const };
const move = (claim: Claim, m: PartReturnMove): Claim => {
  const partReturns = movePartReturn(claim, m, by);
  return partReturns ? { ...claim, partReturns } : claim;
};

describe('part returns', () => {
  const approved = () => adjudicated(100_000_000);

  it('moves a return from requested to received to inspected, each step kept with who and when', () => {
    let claim = move(approved(), { lineNo: 2, status: 'REQUESTED' });
    claim = move(claim, { lineNo: 2, status: 'RECEIVED', note: 'DHL 123' });
    claim = move(claim, { lineNo: 2, status: 'INSPECTED', note: 'valve seized' });
    expect(claim.partReturns).toEqual([
      {
        lineNo: 2,
        partNumber: 'GBX-2001',
        quantity: 1,
        supplier: 'Aisin',
        status: 'INSPECTED',
        steps: [
          { status: 'REQUESTED', ...by },
          { status: 'RECEIVED', ...by, note: 'DHL 123' },
          { status: 'INSPECTED', ...by, note: 'valve seized' },
        ],
      },
    ]);
  });

  it('changes nothing when the return is already at the status asked (a request sent twice)', () => {
    const claim = move(approved(), { lineNo: 1, status: 'REQUESTED' });
    expect(movePartReturn(claim, { lineNo: 1, status: 'REQUESTED' }, by)).toBeUndefined();
  });

  it('refuses a step back, a step skipped, a line not approved and a claim not approved', () => {
    const received = move(move(approved(), { lineNo: 1, status: 'REQUESTED' }), {
      lineNo: 1,
      status: 'RECEIVED',
    });
    expect(() => movePartReturn(received, { lineNo: 1, status: 'REQUESTED' }, by)).toThrow(
      /only moves forward/,
    );
    expect(() => movePartReturn(approved(), { lineNo: 1, status: 'RECEIVED' }, by)).toThrow(
      /REQUESTED first/,
    );
    const rejectedLine = approved();
    rejectedLine.lines[1] = { ...rejectedLine.lines[1]!, decision: 'REJECTED' };
    expect(() => movePartReturn(rejectedLine, { lineNo: 2, status: 'REQUESTED' }, by)).toThrow(
      /not approved/,
    );
    expect(() => movePartReturn(adjudicated(1), { lineNo: 1, status: 'REQUESTED' }, by)).toThrow(
      /IN_REVIEW: parts are returned only from an approved claim/,
    );
    const unknown = () => movePartReturn(approved(), { lineNo: 9, status: 'REQUESTED' }, by);
    expect(unknown).toThrow(PartReturnError);
    expect(unknown).toThrow(expect.objectContaining({ kind: 'invalid' }));
  });

  it('never moves a return backward nor skips a step, whatever staff ask', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ lineNo: fc.constantFrom(1, 2), status: fc.constantFrom(...PART_RETURN_STATUSES) }),
          { maxLength: 12 },
        ),
        (moves) => {
          let claim = approved();
          for (const m of moves) {
            const before = claim.partReturns?.find((r) => r.lineNo === m.lineNo)?.status;
            try {
              claim = move(claim, m);
            } catch (err) {
              expect(err).toBeInstanceOf(PartReturnError);
            }
            const after = claim.partReturns?.find((r) => r.lineNo === m.lineNo)?.status;
            const rank = (s: string | undefined) => (s ? PART_RETURN_STATUSES.indexOf(s as never) : -1);
            expect(rank(after) - rank(before)).toBeGreaterThanOrEqual(0);
            expect(rank(after) - rank(before)).toBeLessThanOrEqual(1);
          }
          for (const r of claim.partReturns ?? []) {
            expect(r.steps.map((s) => s.status)).toEqual(PART_RETURN_STATUSES.slice(0, r.steps.length));
            expect(r.status).toBe(r.steps.at(-1)!.status);
          }
        },
      ),
    );
  });
});

const fact = (over: Partial<QualityClaim> & Pick<QualityClaim, 'claimId' | 'lines'>): QualityClaim => ({
  vin: 'JT2BG22K1W0123456',
  partnerId: 'np-himalaya-motors',
  market: 'NP',
  failureDate: '2026-10-02',
  odometerKm: 12_000,
  status: 'SETTLED',
  ...over,
});
const line = (
  partNumber: string,
  supplier: string | undefined,
  amountMinor: number,
  currency = 'NPR',
  lineNo = 1,
) => ({
  lineNo,
  partNumber,
  laborOperation: 'X',
  quantity: 1,
  ...(supplier ? { supplier } : {}),
  approvedAmount: { amountMinor, currency },
});

describe('supplier recovery', () => {
  it('adds approved cost per supplier and part, per currency, and counts where the failed parts stand', () => {
    const facts = [
      fact({
        claimId: 'A',
        lines: [line('GBX-2001', 'Aisin', 9_900_000), line('ALT-1001', 'Denso', 2_725_000, 'NPR', 2)],
        partReturns: [{ lineNo: 1, status: 'INSPECTED' }],
      }),
      fact({ claimId: 'B', lines: [line('GBX-2001', 'Aisin', 9_900_000)] }),
      fact({ claimId: 'C', market: 'JP', lines: [line('GBX-2001', 'Aisin', 198_000, 'JPY')] }),
      fact({ claimId: 'D', status: 'REJECTED', lines: [line('GBX-2001', 'Aisin', 9_900_000)] }),
      fact({ claimId: 'E', lines: [line('SEN-5001', undefined, 100_000)] }),
    ];
    const report = supplierRecovery(recoveryLines(facts));
    expect(report.parts.filter((r) => r.supplier === 'Aisin')).toEqual([
      {
        supplier: 'Aisin',
        partNumber: 'GBX-2001',
        currency: 'JPY',
        claims: 1,
        quantity: 1,
        approvedMinor: 198_000,
        returns: { notRequested: 1, REQUESTED: 0, RECEIVED: 0, INSPECTED: 0 },
      },
      {
        supplier: 'Aisin',
        partNumber: 'GBX-2001',
        currency: 'NPR',
        claims: 2,
        quantity: 2,
        approvedMinor: 19_800_000,
        returns: { notRequested: 1, REQUESTED: 0, RECEIVED: 0, INSPECTED: 1 },
      },
    ]);
    expect(report.suppliers).toContainEqual({
      supplier: 'Aisin',
      currency: 'NPR',
      claims: 2,
      approvedMinor: 19_800_000,
      inspectedMinor: 9_900_000,
    });
    expect(report.suppliers.map((s) => s.supplier)).toContain(UNKNOWN_SUPPLIER);
  });

  it('loses no minor unit and never adds two currencies, over any claims', () => {
    const arbLine = fc.record({
      partNumber: fc.constantFrom('GBX-2001', 'ALT-1001', 'SEN-5001'),
      supplier: fc.option(fc.constantFrom('Aisin', 'Denso'), { nil: undefined }),
      amountMinor: fc.integer({ min: 0, max: 50_000_000 }),
      currency: fc.constantFrom('NPR', 'JPY'),
    });
    const arbClaims = fc.array(
      fc.record({
        lines: fc.array(arbLine, { minLength: 1, maxLength: 4 }),
        status: fc.constantFrom('APPROVED', 'SETTLED', 'CLOSED', 'REJECTED', 'CANCELLED'),
      }),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(arbClaims, (claims) => {
        const facts = claims.map((c, i) =>
          fact({
            claimId: `C${i}`,
            status: c.status as QualityClaim['status'],
            lines: c.lines.map((l, n) => line(l.partNumber, l.supplier, l.amountMinor, l.currency, n + 1)),
          }),
        );
        const report = supplierRecovery(recoveryLines(facts));
        for (const currency of ['NPR', 'JPY']) {
          const standing = facts
            .filter((f) => f.status !== 'REJECTED' && f.status !== 'CANCELLED')
            .flatMap((f) => f.lines)
            .filter((l) => l.approvedAmount?.currency === currency)
            .reduce((s, l) => s + l.approvedAmount!.amountMinor, 0);
          const byPart = report.parts.filter((r) => r.currency === currency);
          const bySupplier = report.suppliers.filter((r) => r.currency === currency);
          expect(byPart.reduce((s, r) => s + r.approvedMinor, 0)).toBe(standing);
          expect(bySupplier.reduce((s, r) => s + r.approvedMinor, 0)).toBe(standing);
        }
      }),
    );
  });

  it('keeps one supplier only for its chargeback file, amounts in major units', () => {
    const facts = [
      fact({
        claimId: 'A',
        lines: [line('GBX-2001', 'Aisin', 9_900_050), line('ALT-1001', 'Denso', 1, 'NPR', 2)],
      }),
      fact({
        claimId: 'C',
        lines: [line('GBX-2001', 'Aisin', 198_000, 'JPY')],
        partReturns: [{ lineNo: 1, status: 'RECEIVED' }],
      }),
    ];
    const rows = recoveryLines(facts, { supplier: 'Aisin' }).map(recoveryCsvRow);
    expect(rows.map((r) => [r.claimId, r.approvedAmount, r.currency, r.returnStatus])).toEqual([
      ['A', '99000.50', 'NPR', ''],
      ['C', '198000', 'JPY', 'RECEIVED'],
    ]);
    expect(Object.keys(rows[0]!)).toEqual([...RECOVERY_CSV_COLUMNS]);
  });
});
