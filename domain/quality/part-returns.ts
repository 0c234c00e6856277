import * as z from 'zod/mini';
import type { ClaimLine } from '../claim.ts';
import type { ClaimStatus } from '../claim-status.ts';
import { PartNumberSchema } from '../part.ts';
import { RegionSchema } from '../region.ts';

/**
 * The failed parts a supplier is asked to pay for go back for inspection first (issue 17, supplier
 * recovery): each approved line of a claim can have one return, which moves REQUESTED → RECEIVED →
 * INSPECTED, one step at a time and forward only, each step kept with who, when and where. Pure:
 * the rules here, the claim's write in `functions/back-office/`.
 */

export const PART_RETURN_STATUSES = ['REQUESTED', 'RECEIVED', 'INSPECTED'] as const;
export type PartReturnStatus = (typeof PART_RETURN_STATUSES)[number];
// Each schema is built in a pure IIFE, as everywhere (ARCHITECTURE, cold start): a bundle that
// never parses one leaves it out.
export const PartReturnStatusSchema = /* @__PURE__ */ (() =>
  z.enum(PART_RETURN_STATUSES, { error: `status must be one of ${PART_RETURN_STATUSES.join(', ')}` }))();

const NoteSchema = /* @__PURE__ */ (() =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(500, 'note must be at most 500 characters')))();

export const PartReturnStepSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    status: PartReturnStatusSchema,
    at: z.iso.datetime({ offset: true }),
    /** The member of staff who recorded the step. */
    by: z.string().check(z.minLength(1), z.maxLength(200)),
    region: RegionSchema,
    /** What was found, where it was sent, a tracking number: free text for the chargeback. */
    note: z.optional(NoteSchema),
  }))();
export type PartReturnStep = z.infer<typeof PartReturnStepSchema>;

export const PartReturnSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    lineNo: z.int().check(z.gte(1)),
    partNumber: PartNumberSchema,
    quantity: z.int().check(z.gte(0)),
    supplier: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    /** The latest step's status. */
    status: PartReturnStatusSchema,
    /** Every step, oldest first. */
    steps: z.array(PartReturnStepSchema).check(z.minLength(1)),
  }))();
export type PartReturn = z.infer<typeof PartReturnSchema>;

/** What a member of staff asks: the line's return moves to `status` (the first time: REQUESTED). */
export const PartReturnMoveSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    lineNo: z.int({ error: 'lineNo must be the number of a claim line' }).check(z.gte(1)),
    status: PartReturnStatusSchema,
    note: z.optional(NoteSchema),
  }))();
export type PartReturnMove = z.infer<typeof PartReturnMoveSchema>;

/** A claim's statuses in which an approval stands: a part can be returned for what was approved. */
const APPROVED_STATUSES: readonly ClaimStatus[] = [
  'APPROVED',
  'AWAITING_PARTS',
  'SCHEDULED',
  'REPAIRED',
  'SETTLED',
  'CLOSED',
];

export class PartReturnError extends Error {
  constructor(
    /** `invalid`: the request names something the claim does not have; `conflict`: not now. */
    readonly kind: 'invalid' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'PartReturnError';
  }
}

export interface ReturnableClaim {
  readonly claimId: string;
  readonly status: ClaimStatus;
  readonly lines: readonly ClaimLine[];
  readonly partReturns?: readonly PartReturn[];
}

/**
 * The claim's part returns after `move`, or undefined when the return is already at that status
 * (a request sent twice changes nothing). Throws PartReturnError for a line the claim does not have
 * (invalid), and for a claim or line not approved, a step back, or a step skipped (conflict).
 */
export function movePartReturn(
  claim: ReturnableClaim,
  move: PartReturnMove,
  by: Omit<PartReturnStep, 'status' | 'note'>,
): PartReturn[] | undefined {
  const line = claim.lines.find((l) => l.lineNo === move.lineNo);
  if (!line) throw new PartReturnError('invalid', `claim ${claim.claimId} has no line ${move.lineNo}`);
  const existing = claim.partReturns?.find((r) => r.lineNo === move.lineNo);
  const target = PART_RETURN_STATUSES.indexOf(move.status);
  const current = existing ? PART_RETURN_STATUSES.indexOf(existing.status) : -1;
  if (target === current) return undefined;
  if (!existing) {
    if (!APPROVED_STATUSES.includes(claim.status))
      throw new PartReturnError(
        'conflict',
        `claim ${claim.claimId} is ${claim.status}: parts are returned only from an approved claim`,
      );
    if (line.decision !== 'COVERED' && line.decision !== 'ADJUSTED')
      throw new PartReturnError(
        'conflict',
        `line ${line.lineNo} of claim ${claim.claimId} was not approved: there is nothing to recover for it`,
      );
  }
  if (target < current)
    throw new PartReturnError(
      'conflict',
      `the return of line ${move.lineNo} is ${existing!.status} already: a return only moves forward`,
    );
  if (target > current + 1)
    throw new PartReturnError(
      'conflict',
      `the return of line ${move.lineNo} is ${existing?.status ?? 'not requested'}: it must be ${PART_RETURN_STATUSES[current + 1]} first`,
    );
  const step: PartReturnStep = { status: move.status, ...by, ...(move.note ? { note: move.note } : {}) };
  const moved: PartReturn = existing
    ? { ...existing, status: move.status, steps: [...existing.steps, step] }
    : {
        lineNo: line.lineNo,
        partNumber: line.partNumber,
        quantity: line.adjusted?.quantity ?? line.quantity,
        ...(line.supplier ? { supplier: line.supplier } : {}),
        status: move.status,
        steps: [step],
      };
  const others = (claim.partReturns ?? []).filter((r) => r.lineNo !== move.lineNo);
  return [...others, moved].sort((a, b) => a.lineNo - b.lineNo);
}
