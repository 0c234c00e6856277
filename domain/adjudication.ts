import { type ChangeContext, type Claim, type ClaimLine, type ClaimStatus, transition } from './claim.ts';
import type { CoverageReason, CoverageResult } from './coverage.ts';
import { compareMoney, type Money, sumMoney, toScaledDecimal } from './money.ts';
import type { ComponentCategory, LaborOperation, Part } from './part.ts';
import type { Partner } from './partner.ts';
import { type PartnerPricing, priceLine } from './pricing.ts';

/**
 * Adjudication (DESIGN §4): approve without a person when every line is covered, the covered total
 * is within the partner's auto-approval limit, labour stays within the plan's tolerance of the
 * flat-rate time (120 %), and no claim on the same VIN and component was filed within the plan's
 * duplicate window (90 days); otherwise a person reviews it. Uncovered lines are rejected one by
 * one; with no covered line the claim is rejected. The tolerance and the window come from the
 * version of the vehicle's warranty plan that judged its coverage.
 */

const DAY_MS = 86_400_000;

/** The adjudication windows of a warranty plan version. */
export interface AdjudicationRules {
  readonly labourTolerancePct: number;
  readonly duplicateWindowDays: number;
}

export type ReviewReason =
  | 'AMOUNT_OVER_LIMIT'
  | 'LABOUR_OVER_STANDARD'
  | 'POSSIBLE_DUPLICATE'
  | 'LABOUR_OPERATION_UNKNOWN'
  | 'PRICE_MISSING'
  | 'NO_QUALIFIED_TECHNICIAN'
  /** Cites a service campaign but goes beyond its repair (or names another vehicle): a person decides. */
  | 'CAMPAIGN_OUT_OF_SCOPE';

export type AdjudicationReason = CoverageReason | ReviewReason;
export type AdjudicationOutcome = Extract<ClaimStatus, 'APPROVED' | 'IN_REVIEW' | 'REJECTED'>;

export interface LineAdjudication {
  readonly lineNo: number;
  readonly category?: ComponentCategory;
  /** The part's supplier in the catalogue, kept on the line for supplier recovery. */
  readonly supplier?: string;
  readonly decision: 'COVERED' | 'REJECTED';
  /** For a rejected line, why; for a covered line, what a reviewer should look at. */
  readonly reasons: AdjudicationReason[];
  /** Parts and labour as claimed, at the partner's prices; zero for a rejected line. */
  readonly amount: Money;
}

export interface Adjudication {
  readonly outcome: AdjudicationOutcome;
  /** Claim-level reasons: why rejected, or why a person must review. */
  readonly reasons: AdjudicationReason[];
  readonly lines: LineAdjudication[];
  /** Sum of the covered lines' amounts. */
  readonly coveredTotal: Money;
}

/** An earlier claim on the same VIN, as the duplicate check needs it. */
export type PriorClaim = Pick<Claim, 'claimId' | 'filedAt' | 'status'> & {
  readonly lines: readonly Pick<ClaimLine, 'partNumber' | 'category' | 'decision'>[];
};

export interface AdjudicationInput {
  readonly claim: Pick<Claim, 'claimId' | 'filedAt' | 'lines'>;
  readonly coverage: CoverageResult;
  readonly partner: PartnerPricing & Pick<Partner, 'autoApprovalLimit'>;
  readonly parts: ReadonlyMap<string, Part>;
  readonly laborOperations: ReadonlyMap<string, LaborOperation>;
  /** Claims on the same VIN (from listByVin since the duplicate window before filing); this claim is ignored. */
  readonly priorClaims: readonly PriorClaim[];
  /** From the plan version the vehicle is judged by. */
  readonly rules: AdjudicationRules;
}

/** hours ≤ tolerance (120 %) of the flat rate, compared exactly in ten-thousandths of an hour. */
export function withinLabourStandard(hours: number, flatRateHours: number, tolerancePct: number): boolean {
  return toScaledDecimal(hours) * 100n <= toScaledDecimal(flatRateHours) * BigInt(tolerancePct);
}

/**
 * Component categories already claimed on the VIN within the window. A claim that was rejected or
 * cancelled paid nothing, so it cannot be paid twice; its lines do not count. Claims filed after
 * this one count too: two claims racing in for the same repair both go to review.
 */
function recentlyClaimedCategories(input: AdjudicationInput): Set<ComponentCategory> {
  const windowStart = Date.parse(input.claim.filedAt) - input.rules.duplicateWindowDays * DAY_MS;
  const categories = new Set<ComponentCategory>();
  for (const prior of input.priorClaims) {
    if (prior.claimId === input.claim.claimId) continue;
    if (prior.status === 'REJECTED' || prior.status === 'CANCELLED') continue;
    if (Date.parse(prior.filedAt) < windowStart) continue;
    for (const line of prior.lines) {
      if (line.decision === 'REJECTED') continue;
      const category = line.category ?? input.parts.get(line.partNumber)?.category;
      if (category) categories.add(category);
    }
  }
  return categories;
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

export function adjudicate(input: AdjudicationInput): Adjudication {
  const { claim, coverage, partner, parts, laborOperations } = input;
  const currency = partner.currency;
  const claimedBefore = recentlyClaimedCategories(input);
  const coverageByLine = new Map(coverage.lines.map((l) => [l.lineNo, l]));

  const lines = claim.lines.map((line): LineAdjudication => {
    const lineCoverage = coverageByLine.get(line.lineNo);
    const category = lineCoverage?.category ?? line.category;
    const supplier = parts.get(line.partNumber)?.supplier;
    const base = {
      lineNo: line.lineNo,
      ...(category ? { category } : {}),
      ...(supplier ? { supplier } : {}),
    };
    if (!lineCoverage?.covered) {
      return {
        ...base,
        decision: 'REJECTED',
        reasons: lineCoverage?.reasons ?? [],
        amount: sumMoney([], currency),
      };
    }
    const part = parts.get(line.partNumber);
    const price = priceLine(partner, part, line.quantity, line.laborHours);
    const reasons: ReviewReason[] = [];
    if (!price.unitPrice) reasons.push('PRICE_MISSING');
    const operation = laborOperations.get(line.laborOperation);
    if (!operation) reasons.push('LABOUR_OPERATION_UNKNOWN');
    else if (!withinLabourStandard(line.laborHours, operation.hours, input.rules.labourTolerancePct))
      reasons.push('LABOUR_OVER_STANDARD');
    if (category && claimedBefore.has(category)) reasons.push('POSSIBLE_DUPLICATE');
    return { ...base, decision: 'COVERED', reasons, amount: price.total };
  });

  const covered = lines.filter((l) => l.decision === 'COVERED');
  const coveredTotal = sumMoney(
    covered.map((l) => l.amount),
    currency,
  );

  if (coverage.claimReasons.length > 0 || covered.length === 0) {
    const reasons =
      coverage.claimReasons.length > 0 ? coverage.claimReasons : unique(lines.flatMap((l) => l.reasons));
    return { outcome: 'REJECTED', reasons, lines, coveredTotal };
  }

  const reviewReasons: AdjudicationReason[] = unique(covered.flatMap((l) => l.reasons));
  // Within the limit means at most the limit: a claim of exactly the limit is approved.
  if (compareMoney(coveredTotal, partner.autoApprovalLimit) > 0) reviewReasons.unshift('AMOUNT_OVER_LIMIT');
  return {
    outcome: reviewReasons.length > 0 ? 'IN_REVIEW' : 'APPROVED',
    reasons: reviewReasons,
    lines,
    coveredTotal,
  };
}

/**
 * The claim after adjudication: each line with its decision, reasons and category, the claim's
 * reasons and covered total, and the move to the outcome's status (recorded in the audit trail).
 */
export function applyAdjudication(claim: Claim, result: Adjudication, ctx: ChangeContext): Claim {
  const byLine = new Map(result.lines.map((l) => [l.lineNo, l]));
  const lines = claim.lines.map((line): ClaimLine => {
    const decided = byLine.get(line.lineNo);
    if (!decided) return line;
    const { approvedAmount: _earlier, ...rest } = line;
    return {
      ...rest,
      ...(decided.category ? { category: decided.category } : {}),
      ...(decided.supplier ? { supplier: decided.supplier } : {}),
      decision: decided.decision,
      reasons: decided.reasons,
      // Each covered line's share of an approval: what a supplier is charged back from.
      ...(result.outcome === 'APPROVED' && decided.decision === 'COVERED'
        ? { approvedAmount: decided.amount }
        : {}),
    };
  });
  const amounts = {
    ...claim.amounts,
    claimed: result.coveredTotal,
    ...(result.outcome === 'APPROVED' ? { approved: result.coveredTotal } : {}),
  };
  const decided: Claim = { ...claim, lines, reasons: result.reasons, amounts };
  return transition(decided, result.outcome, ctx);
}

// ── Review by a person ──────────────────────────────────────────────────────────────────────

export interface LineReview {
  readonly lineNo: number;
  readonly decision: 'COVERED' | 'REJECTED' | 'ADJUSTED';
  /** For ADJUSTED: what is allowed instead of what was claimed (never more). */
  readonly quantity?: number;
  readonly laborHours?: number;
}

export class ReviewError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewError';
  }
}

export class ApprovalLimitExceededError extends Error {
  constructor(
    readonly total: Money,
    readonly limit: Money,
  ) {
    super(
      `approving ${total.amountMinor} ${total.currency} exceeds the approver's limit of ${limit.amountMinor}`,
    );
    this.name = 'ApprovalLimitExceededError';
  }
}

export interface ReviewInput {
  readonly decisions: readonly LineReview[];
  readonly partner: PartnerPricing;
  readonly parts: ReadonlyMap<string, Part>;
  /** The adjuster's approval limit; undefined for a manager, who has none. */
  readonly approverLimit?: Money;
}

function reviewedLine(line: ClaimLine, review: LineReview | undefined): ClaimLine {
  if (!review) return line;
  if (review.decision !== 'ADJUSTED') {
    const { adjusted: _dropped, ...rest } = line;
    return { ...rest, decision: review.decision };
  }
  const quantity = review.quantity ?? line.quantity;
  const laborHours = review.laborHours ?? line.laborHours;
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > line.quantity) {
    throw new ReviewError(
      `line ${line.lineNo}: adjusted quantity must be a whole number from 0 to ${line.quantity}`,
    );
  }
  if (!(laborHours >= 0 && laborHours <= line.laborHours)) {
    throw new ReviewError(`line ${line.lineNo}: adjusted labour hours must be from 0 to ${line.laborHours}`);
  }
  return { ...line, decision: 'ADJUSTED', adjusted: { quantity, laborHours } };
}

/**
 * A reviewer's decision on a claim in review: lines covered, rejected or adjusted down (lines not
 * mentioned keep the adjudicated decision). The claim is approved for the total of what remains,
 * or rejected when nothing remains; an adjuster cannot approve above their own limit.
 */
export function reviewClaim(claim: Claim, input: ReviewInput, ctx: ChangeContext): Claim {
  const byLine = new Map(input.decisions.map((d) => [d.lineNo, d]));
  for (const lineNo of byLine.keys()) {
    if (!claim.lines.some((l) => l.lineNo === lineNo)) throw new ReviewError(`claim has no line ${lineNo}`);
  }
  const lines = claim.lines.map((line): ClaimLine => {
    const { approvedAmount: _earlier, ...reviewed } = reviewedLine(line, byLine.get(line.lineNo));
    if (reviewed.decision !== 'COVERED' && reviewed.decision !== 'ADJUSTED') return reviewed;
    const part = input.parts.get(reviewed.partNumber);
    const quantity = reviewed.adjusted?.quantity ?? reviewed.quantity;
    const hours = reviewed.adjusted?.laborHours ?? reviewed.laborHours;
    const supplier = part?.supplier ?? reviewed.supplier;
    return {
      ...reviewed,
      ...(supplier ? { supplier } : {}),
      approvedAmount: priceLine(input.partner, part, quantity, hours).total,
    };
  });
  const payable = lines.filter((l) => l.decision === 'COVERED' || l.decision === 'ADJUSTED');
  const approved = sumMoney(
    payable.map((l) => l.approvedAmount!),
    input.partner.currency,
  );
  if (payable.length === 0) return transition({ ...claim, lines }, 'REJECTED', ctx);
  if (input.approverLimit && compareMoney(approved, input.approverLimit) > 0) {
    throw new ApprovalLimitExceededError(approved, input.approverLimit);
  }
  return transition({ ...claim, lines, amounts: { ...claim.amounts, approved } }, 'APPROVED', ctx);
}
