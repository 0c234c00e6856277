import { describe, expect, it } from 'vitest';
import {
  type AdjudicationInput,
  ApprovalLimitExceededError,
  adjudicate,
  applyAdjudication,
  type PriorClaim,
  ReviewError,
  reviewClaim,
  withinLabourStandard,
} from '../../domain/adjudication.ts';
import type { ChangeContext, Claim, ClaimSubmission } from '../../domain/claim.ts';
import { checkCoverage } from '../../domain/coverage.ts';
import { money } from '../../domain/money.ts';
import type { Part } from '../../domain/part.ts';
import { STANDARD_PLAN } from '../../domain/warranty-plan.ts';
import { aClaim, aLaborOperation, aPart, aPartner, aVehicle, FILED_AT } from './support/fixtures.ts';

// Alternator NPR 25,000.00 + 1.5 h × NPR 1,500.00 = NPR 27,250.00
const ALTERNATOR_LINE_TOTAL = 2_725_000;

const alternator = aPart();
const gearbox = aPart({
  partNumber: 'GBX-2001',
  name: 'Gearbox',
  category: 'transmission',
  prices: { NPR: 9_000_000 },
});
const pads = aPart({
  partNumber: 'BRP-4001',
  name: 'Brake pads',
  category: 'wear-item',
  prices: { NPR: 500_000 },
});
const unpriced = aPart({
  partNumber: 'SEN-5001',
  name: 'Sensor',
  category: 'electrical',
  prices: { JPY: 3000 },
});
const parts = new Map<string, Part>([alternator, gearbox, pads, unpriced].map((p) => [p.partNumber, p]));
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

function prepare(
  submission: Partial<ClaimSubmission> = {},
  over: { limit?: number; priorClaims?: PriorClaim[] } = {},
): { claim: Claim; input: AdjudicationInput } {
  const claim = aClaim({}, submission);
  const coverage = checkCoverage({
    claim,
    filedAt: FILED_AT,
    timeZone: 'Asia/Kathmandu',
    vehicle: aVehicle(),
    parts,
    plan: STANDARD_PLAN,
  });
  const partner = aPartner(over.limit === undefined ? {} : { autoApprovalLimit: money(over.limit, 'NPR') });
  return {
    claim,
    input: {
      claim,
      coverage,
      partner,
      parts,
      laborOperations,
      priorClaims: over.priorClaims ?? [],
      rules: STANDARD_PLAN,
    },
  };
}

const line = (partNumber: string, laborOperation: string, laborHours: number, quantity = 1) => ({
  partNumber,
  quantity,
  laborOperation,
  laborHours,
});

const prior = (daysBefore: number, over: Partial<PriorClaim> = {}): PriorClaim => ({
  claimId: 'CLM-ap-south-1-01HZZZZZZZZZZZZZZZZZZZZZZZ',
  filedAt: new Date(FILED_AT.getTime() - daysBefore * 86_400_000).toISOString(),
  status: 'SETTLED',
  lines: [{ partNumber: 'ALT-1001', category: 'electrical', decision: 'COVERED' }],
  ...over,
});

describe('adjudicate', () => {
  it('auto-approves a covered claim within the limit, priced at the partner rates', () => {
    // Prepare
    const { input } = prepare();
    // Act
    const result = adjudicate(input);
    // Assess
    expect(result).toEqual({
      outcome: 'APPROVED',
      reasons: [],
      lines: [
        {
          lineNo: 1,
          category: 'electrical',
          decision: 'COVERED',
          reasons: [],
          amount: money(ALTERNATOR_LINE_TOTAL, 'NPR'),
        },
      ],
      coveredTotal: money(ALTERNATOR_LINE_TOTAL, 'NPR'),
    });
  });

  it('approves a total exactly at the auto-approval limit', () => {
    expect(adjudicate(prepare({}, { limit: ALTERNATOR_LINE_TOTAL }).input).outcome).toBe('APPROVED');
  });

  it('sends a total one minor unit over the limit to review with AMOUNT_OVER_LIMIT', () => {
    const result = adjudicate(prepare({}, { limit: ALTERNATOR_LINE_TOTAL - 1 }).input);
    expect(result).toMatchObject({ outcome: 'IN_REVIEW', reasons: ['AMOUNT_OVER_LIMIT'] });
  });

  it('approves labour of exactly 120 % of the flat rate (1.8 h for 1.5 h)', () => {
    expect(adjudicate(prepare({ lines: [line('ALT-1001', 'EL-ALT-R', 1.8)] }).input).outcome).toBe(
      'APPROVED',
    );
  });

  it('sends 1.81 h for a 1.5 h operation to review with LABOUR_OVER_STANDARD on the line', () => {
    // Act
    const result = adjudicate(prepare({ lines: [line('ALT-1001', 'EL-ALT-R', 1.81)] }).input);
    // Assess
    expect(result.outcome).toBe('IN_REVIEW');
    expect(result.reasons).toEqual(['LABOUR_OVER_STANDARD']);
    expect(result.lines[0]).toMatchObject({ decision: 'COVERED', reasons: ['LABOUR_OVER_STANDARD'] });
  });

  it('compares labour exactly, without float error (0.3 × 1.2 = 0.36)', () => {
    expect(withinLabourStandard(0.36, 0.3, 120)).toBe(true);
    expect(withinLabourStandard(0.37, 0.3, 120)).toBe(false);
  });

  it('sends a claim to review when the same VIN and component were claimed exactly 90 days earlier', () => {
    const result = adjudicate(prepare({}, { priorClaims: [prior(90)] }).input);
    expect(result).toMatchObject({ outcome: 'IN_REVIEW', reasons: ['POSSIBLE_DUPLICATE'] });
  });

  it('does not count a claim filed more than 90 days earlier', () => {
    expect(adjudicate(prepare({}, { priorClaims: [prior(90.001)] }).input).outcome).toBe('APPROVED');
  });

  it('does not count an earlier claim on another component', () => {
    const other = prior(10, {
      lines: [{ partNumber: 'GBX-2001', category: 'transmission', decision: 'COVERED' }],
    });
    expect(adjudicate(prepare({}, { priorClaims: [other] }).input).outcome).toBe('APPROVED');
  });

  it('does not count rejected or cancelled claims, nor rejected lines, nor the claim itself', () => {
    // Prepare
    const { claim, input } = prepare();
    const priorClaims = [
      prior(10, { status: 'REJECTED' }),
      prior(10, { status: 'CANCELLED' }),
      prior(10, { lines: [{ partNumber: 'ALT-1001', category: 'electrical', decision: 'REJECTED' }] }),
      prior(0, { claimId: claim.claimId }),
    ];
    // Act / Assess
    expect(adjudicate({ ...input, priorClaims }).outcome).toBe('APPROVED');
  });

  it('finds the category of an earlier line from the catalogue when the line has none', () => {
    const withoutCategory = prior(5, { lines: [{ partNumber: 'ALT-1001' }] });
    expect(adjudicate(prepare({}, { priorClaims: [withoutCategory] }).input).reasons).toEqual([
      'POSSIBLE_DUPLICATE',
    ]);
  });

  it('rejects an uncovered line on its own and approves the rest, totalling only covered lines', () => {
    // Act
    const result = adjudicate(
      prepare({ lines: [line('ALT-1001', 'EL-ALT-R', 1.5), line('BRP-4001', 'EL-ALT-R', 0.5)] }).input,
    );
    // Assess
    expect(result.outcome).toBe('APPROVED');
    expect(result.lines.map((l) => [l.decision, l.reasons])).toEqual([
      ['COVERED', []],
      ['REJECTED', ['COMPONENT_NOT_COVERED']],
    ]);
    expect(result.coveredTotal).toEqual(money(ALTERNATOR_LINE_TOTAL, 'NPR'));
  });

  it('rejects a claim with no covered line, giving the lines’ reasons', () => {
    const result = adjudicate(prepare({ lines: [line('BRP-4001', 'EL-ALT-R', 0.5)] }).input);
    expect(result).toMatchObject({ outcome: 'REJECTED', reasons: ['COMPONENT_NOT_COVERED'] });
    expect(result.coveredTotal).toEqual(money(0, 'NPR'));
  });

  it('rejects a late claim with LATE_SUBMISSION as its reason', () => {
    const result = adjudicate(prepare({ failureDate: '2024-12-01' }).input);
    expect(result).toMatchObject({ outcome: 'REJECTED', reasons: ['LATE_SUBMISSION'] });
  });

  it('sends an unknown labour operation and a part without a price in the partner currency to review', () => {
    const result = adjudicate(
      prepare({ lines: [line('ALT-1001', 'XX-UNKNOWN', 1), line('SEN-5001', 'EL-ALT-R', 1)] }).input,
    );
    expect(result.outcome).toBe('IN_REVIEW');
    expect(result.reasons).toEqual(['LABOUR_OPERATION_UNKNOWN', 'PRICE_MISSING']);
  });

  it('gives every review reason at once', () => {
    const result = adjudicate(
      prepare({ lines: [line('ALT-1001', 'EL-ALT-R', 3)] }, { limit: 100, priorClaims: [prior(1)] }).input,
    );
    expect(result.reasons).toEqual(['AMOUNT_OVER_LIMIT', 'LABOUR_OVER_STANDARD', 'POSSIBLE_DUPLICATE']);
  });
});

describe('applyAdjudication', () => {
  it('records line decisions, reasons, categories, amounts and the move to the outcome', () => {
    // Prepare
    const { claim, input } = prepare({
      lines: [line('ALT-1001', 'EL-ALT-R', 1.5), line('BRP-4001', 'EL-ALT-R', 0.5)],
    });
    // Act
    const decided = applyAdjudication(claim, adjudicate(input), ctx);
    // Assess
    expect(decided.status).toBe('APPROVED');
    expect(decided.lines.map((l) => [l.category, l.decision, l.reasons])).toEqual([
      ['electrical', 'COVERED', []],
      ['wear-item', 'REJECTED', ['COMPONENT_NOT_COVERED']],
    ]);
    expect(decided.amounts).toEqual({
      claimed: money(ALTERNATOR_LINE_TOTAL, 'NPR'),
      approved: money(ALTERNATOR_LINE_TOTAL, 'NPR'),
    });
    expect(decided.events.at(-1)).toMatchObject({ from: 'RECEIVED', to: 'APPROVED' });
  });

  it('records no approved amount for a claim sent to review', () => {
    const { claim, input } = prepare({}, { limit: 1 });
    const decided = applyAdjudication(claim, adjudicate(input), ctx);
    expect(decided.status).toBe('IN_REVIEW');
    expect(decided.reasons).toEqual(['AMOUNT_OVER_LIMIT']);
    expect(decided.amounts?.approved).toBeUndefined();
  });
});

describe('reviewClaim', () => {
  const staff: ChangeContext = { ...ctx, actor: { kind: 'staff', id: 'adjuster-1' }, reason: 'reviewed' };
  const inReview = () => {
    const { claim, input } = prepare(
      { lines: [line('ALT-1001', 'EL-ALT-R', 3), line('GBX-2001', 'TR-GBX-R', 6)] },
      { limit: 1 },
    );
    return applyAdjudication(claim, adjudicate(input), ctx);
  };

  it('approves with an adjusted line, paying the adjusted hours', () => {
    // Act
    const approved = reviewClaim(
      inReview(),
      { decisions: [{ lineNo: 1, decision: 'ADJUSTED', laborHours: 1.5 }], partner: aPartner(), parts },
      staff,
    );
    // Assess: 27,250.00 for the alternator + 90,000.00 + 6 h × 1,500.00 for the gearbox
    expect(approved.status).toBe('APPROVED');
    expect(approved.lines[0]).toMatchObject({
      decision: 'ADJUSTED',
      adjusted: { quantity: 1, laborHours: 1.5 },
    });
    expect(approved.amounts?.approved).toEqual(money(ALTERNATOR_LINE_TOTAL + 9_000_000 + 900_000, 'NPR'));
  });

  it('refuses an approval above the adjuster’s own limit', () => {
    const review = { decisions: [], partner: aPartner(), parts, approverLimit: money(100, 'NPR') };
    expect(() => reviewClaim(inReview(), review, staff)).toThrow(ApprovalLimitExceededError);
  });

  it('rejects the claim when every line is rejected', () => {
    const decisions = [
      { lineNo: 1, decision: 'REJECTED' as const },
      { lineNo: 2, decision: 'REJECTED' as const },
    ];
    expect(reviewClaim(inReview(), { decisions, partner: aPartner(), parts }, staff).status).toBe('REJECTED');
  });

  it('refuses an adjustment above what was claimed, and an unknown line', () => {
    const up = {
      decisions: [{ lineNo: 1, decision: 'ADJUSTED' as const, quantity: 2 }],
      partner: aPartner(),
      parts,
    };
    expect(() => reviewClaim(inReview(), up, staff)).toThrow(ReviewError);
    const unknown = { decisions: [{ lineNo: 9, decision: 'COVERED' as const }], partner: aPartner(), parts };
    expect(() => reviewClaim(inReview(), unknown, staff)).toThrow(/no line 9/);
  });
});
