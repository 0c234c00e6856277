import * as z from 'zod/mini';
import { IsoDateSchema } from './calendar.ts';
import { type ClaimId, ClaimIdSchema } from './claim-id.ts';
import { CLAIM_STATUSES, type ClaimStatus, canTransition, nextStatuses } from './claim-status.ts';
import { type Consent, CustomerContactSchema, CustomerSchema, DEFAULT_CONSENT } from './customer.ts';
import { hasAtMostDecimalPlaces, MoneySchema } from './money.ts';
import { ComponentCategorySchema, LaborOperationCodeSchema, PartNumberSchema } from './part.ts';
import { CentreIdSchema, MarketCodeSchema, type Partner, PartnerIdSchema } from './partner.ts';
import { CampaignIdSchema } from './quality/campaign.ts';
import { PartReturnSchema } from './quality/part-returns.ts';
import { type Region, RegionSchema } from './region.ts';
import { BackorderSchema, ReservationSchema } from './stock.ts';
import { oneOf } from './validation.ts';
import { VinSchema } from './vin.ts';

// ── Statuses and the status machine (claim-status.ts) ──────────────────────────────────────

export {
  CLAIM_STATUSES,
  type ClaimStatus,
  canTransition,
  isTerminal,
  nextStatuses,
  STATUS_RANK,
  TERMINAL_STATUSES,
} from './claim-status.ts';

export const ClaimStatusSchema = oneOf(CLAIM_STATUSES, 'a claim status');

// ── The claim ───────────────────────────────────────────────────────────────────────────────

export const ACTOR_KINDS = ['system', 'partner', 'staff'] as const;
export const ActorSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    kind: z.enum(ACTOR_KINDS),
    /** Partner id, staff user id, or the function that acted for the system. */
    id: z.string().check(z.minLength(1), z.maxLength(200)),
  }))();
export type Actor = z.infer<typeof ActorSchema>;

/** One entry of the audit trail: who moved the claim, when, why, from which region. */
export const ClaimEventSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    at: z.iso.datetime({ offset: true }),
    /** null for the event that records the claim's arrival. */
    from: z.nullable(ClaimStatusSchema),
    to: ClaimStatusSchema,
    actor: ActorSchema,
    reason: z.string().check(z.maxLength(2000)),
    region: RegionSchema,
  }))();
export type ClaimEvent = z.infer<typeof ClaimEventSchema>;

export const LINE_DECISIONS = ['COVERED', 'REJECTED', 'ADJUSTED'] as const;
export type LineDecision = (typeof LINE_DECISIONS)[number];

const laborHours = /* @__PURE__ */ (() =>
  z.number({ error: 'laborHours must be a number of hours such as 1.5' }).check(
    z.gte(0, 'laborHours must not be negative'),
    z.lte(200, 'laborHours must be at most 200'),
    z.refine((h) => hasAtMostDecimalPlaces(h, 2), 'laborHours may have at most 2 decimal places (e.g. 1.25)'),
  ))();

const quantity = /* @__PURE__ */ (() =>
  z
    .int('quantity must be a whole number')
    .check(z.gte(1, 'quantity must be at least 1'), z.lte(999, 'quantity must be at most 999')))();

export const ClaimLineSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    /** 1-based position in the submitted lines. */
    lineNo: z.int().check(z.gte(1)),
    partNumber: PartNumberSchema,
    quantity,
    laborOperation: LaborOperationCodeSchema,
    laborHours,
    /** The part's category as the catalogue gave it when coverage was checked. */
    category: z.optional(ComponentCategorySchema),
    decision: z.optional(z.enum(LINE_DECISIONS)),
    /** What a reviewer allowed instead of what was asked for (decision ADJUSTED). */
    adjusted: z.optional(z.strictObject({ quantity, laborHours })),
    reasons: z.array(z.string()),
    /** Who supplied the part, as the catalogue said when the line was priced (supplier recovery). */
    supplier: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    /** The line's share of the approved amount (parts and labour), set when the claim is approved. */
    approvedAmount: z.optional(MoneySchema),
  }))();
export type ClaimLine = z.infer<typeof ClaimLineSchema>;

export const CompletionSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    completedAt: z.iso.datetime({
      offset: true,
      error: 'completedAt must be an ISO 8601 date-time with offset',
    }),
    partsUsed: z
      .array(z.strictObject({ partNumber: PartNumberSchema, quantity: z.int().check(z.gte(0), z.lte(999)) }))
      .check(z.maxLength(50, 'at most 50 parts')),
    laborHours,
    notes: z.string().check(z.maxLength(4000, 'notes must be at most 4000 characters')),
  }))();
export type Completion = z.infer<typeof CompletionSchema>;

export const ClaimSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    claimId: ClaimIdSchema,
    partnerId: PartnerIdSchema,
    centreId: z.optional(CentreIdSchema),
    homeRegion: RegionSchema,
    market: MarketCodeSchema,
    vin: VinSchema,
    odometerKm: z.int().check(z.nonnegative()),
    failureDate: IsoDateSchema,
    filedAt: z.iso.datetime({ offset: true }),
    repairOrderNumber: z.string(),
    customer: CustomerSchema,
    complaint: z.string(),
    faultCodes: z.array(z.string()),
    lines: z.array(ClaimLineSchema),
    batteryStateOfHealthPct: z.optional(z.number().check(z.gte(0), z.lte(100))),
    status: ClaimStatusSchema,
    /** A corrected claim: the REJECTED claim it corrects (which names this one as `resubmittedAs`). */
    resubmissionOf: z.optional(ClaimIdSchema),
    resubmittedAs: z.optional(ClaimIdSchema),
    /** 1 or 2 for a correction: how many corrections the chain has had, this one included. */
    resubmission: z.optional(z.int().check(z.gte(1))),
    /** A correction's first filing: its filing window counts from here, not from `filedAt`. */
    firstFiledAt: z.optional(z.iso.datetime({ offset: true })),
    /** A goodwill approval of a REJECTED claim: a new claim, approved by staff, linked both ways. */
    /** The service campaign this repair carries out (`domain/quality/campaign.ts`). */
    campaignId: z.optional(CampaignIdSchema),
    goodwillOf: z.optional(ClaimIdSchema),
    goodwillAs: z.optional(ClaimIdSchema),
    goodwill: z.optional(
      z.strictObject({
        by: z.string().check(z.minLength(1), z.maxLength(200)),
        reason: z.string().check(z.minLength(1), z.maxLength(2000)),
        at: z.iso.datetime({ offset: true }),
      }),
    ),
    /** Claim-level reason codes of the latest decision. */
    reasons: z.array(z.string()),
    /** The warranty plan version the vehicle was judged by (the one in force at its delivery). */
    warrantyPlan: z.optional(z.strictObject({ planId: z.string(), version: z.int().check(z.gte(1)) })),
    events: z.array(ClaimEventSchema),
    /** Optimistic lock: the repository saves only over the version it was read at. */
    version: z.int().check(z.gte(1)),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
    appointment: z.optional(
      z.strictObject({
        technicianId: z.string(),
        centreId: z.string(),
        start: z.iso.datetime({ offset: true }),
        end: z.iso.datetime({ offset: true }),
      }),
    ),
    reservations: z.optional(z.array(ReservationSchema)),
    backorders: z.optional(z.array(BackorderSchema)),
    /** When the last of the claim's parts was reserved (nothing on backorder any more). */
    partsReservedAt: z.optional(z.iso.datetime({ offset: true })),
    /**
     * An allocation decided but not yet fully reserved: saved before any stock is touched, so a
     * retried task finishes the same plan instead of planning again (which would double-reserve).
     */
    allocationPlan: z.optional(
      z.strictObject({
        planId: z.string(),
        reservations: z.array(ReservationSchema),
        backorders: z.array(BackorderSchema),
      }),
    ),
    /** Reminders sent to the partner about an overdue repair. */
    repairReminders: z.optional(z.int().check(z.gte(0))),
    /** When an unanswered review was escalated to a manager. */
    escalatedAt: z.optional(z.iso.datetime({ offset: true })),
    /** Weekly reminders of an escalated review nobody answered; after the last the claim waits, overdue. */
    reviewReminders: z.optional(z.int().check(z.gte(0))),
    reviewRemindedAt: z.optional(z.iso.datetime({ offset: true })),
    /** Why the workflow gave up on the claim, after releasing what it held. */
    failure: z.optional(
      z.strictObject({ error: z.string(), cause: z.string(), at: z.iso.datetime({ offset: true }) }),
    ),
    completion: z.optional(CompletionSchema),
    /** Failed parts sent back for inspection, one per approved line at most (supplier recovery). */
    partReturns: z.optional(z.array(PartReturnSchema)),
    /**
     * Restarts of a failed workflow (back office, managers), oldest first: each names the run started
     * (execution `<claimId>-e<epoch>-r<run>`), who asked, and the failure it cleared. The status does
     * not change: FAILED is not a status (statuses only move forward); the new run goes on from there.
     */
    redrives: z.optional(
      z.array(
        z.strictObject({
          run: z.int().check(z.gte(2)),
          epoch: z.int().check(z.gte(1)),
          at: z.iso.datetime({ offset: true }),
          by: z.string().check(z.minLength(1), z.maxLength(200)),
          /** What the failed run had recorded (`failure`), or its execution's error. */
          failure: z.optional(z.strictObject({ error: z.string(), cause: z.string() })),
        }),
      ),
    ),
    amounts: z.optional(
      z.strictObject({
        /** Covered lines as filed, priced at adjudication. */
        claimed: z.optional(MoneySchema),
        /** What was approved: automatically, or by a reviewer after adjustments. */
        approved: z.optional(MoneySchema),
        /** Paid at settlement. */
        settled: z.optional(MoneySchema),
      }),
    ),
  }))();
export type Claim = z.infer<typeof ClaimSchema>;

// ── The partner's submission (DESIGN §7) ────────────────────────────────────────────────────

export const MAX_LINES = 50;
export const MAX_FAULT_CODES = 20;

// OBD-II codes (P0300) and manufacturer codes with a sub-code (U0100-87).
const FAULT_CODE = /^[A-Z0-9][A-Z0-9-]{1,15}$/;

const notBlank = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .check(
      z.trim(),
      z.minLength(1, `${field} must not be empty`),
      z.maxLength(max, `${field} must be at most ${max} characters`),
    );

export const ClaimSubmissionLineSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    partNumber: PartNumberSchema,
    quantity,
    laborOperation: LaborOperationCodeSchema,
    laborHours,
  }))();

/** The body of `POST /v1/claims`. Strict: an unknown field is an error, not silently dropped. */
export const ClaimSubmissionSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    vin: VinSchema,
    odometerKm: z
      .int('odometerKm must be a whole number of kilometres')
      .check(
        z.gte(0, 'odometerKm must not be negative'),
        z.lte(2_000_000, 'odometerKm must be at most 2,000,000'),
      ),
    failureDate: IsoDateSchema,
    repairOrderNumber: notBlank('repairOrderNumber', 40),
    customer: CustomerContactSchema,
    complaint: notBlank('complaint', 2000),
    faultCodes: z
      .array(
        z
          .string()
          .check(
            z.regex(FAULT_CODE, 'a fault code is 2–16 capital letters, digits and dashes, such as P0A80'),
          ),
      )
      .check(z.maxLength(MAX_FAULT_CODES, `at most ${MAX_FAULT_CODES} fault codes`)),
    lines: z
      .array(ClaimSubmissionLineSchema)
      .check(
        z.minLength(1, 'a claim needs at least one line'),
        z.maxLength(MAX_LINES, `at most ${MAX_LINES} lines per claim`),
      ),
    batteryStateOfHealthPct: z.optional(
      z.number({ error: 'batteryStateOfHealthPct must be a percentage from 0 to 100' }).check(
        z.gte(0, 'batteryStateOfHealthPct must be from 0 to 100'),
        z.lte(100, 'batteryStateOfHealthPct must be from 0 to 100'),
        z.refine(
          (p) => hasAtMostDecimalPlaces(p, 2),
          'batteryStateOfHealthPct may have at most 2 decimal places',
        ),
      ),
    ),
    /**
     * The partner's service centre that repairs the vehicle; without it the workflow picks the centre
     * with the earliest slot of a technician certified and skilled for every line.
     */
    serviceCentreId: z.optional(CentreIdSchema),
    /**
     * The service campaign (recall) this repair carries out: within the campaign's repair it is
     * approved without a person, whatever the warranty says (the campaign pays for it).
     */
    campaignId: z.optional(CampaignIdSchema),
  }))();
export type ClaimSubmission = z.infer<typeof ClaimSubmissionSchema>;

// ── Behaviour ───────────────────────────────────────────────────────────────────────────────

export class IllegalTransitionError extends Error {
  constructor(
    readonly claimId: ClaimId,
    readonly from: ClaimStatus,
    readonly to: ClaimStatus,
  ) {
    const allowed = nextStatuses(from);
    super(
      `claim ${claimId} cannot move from ${from} to ${to}; ${
        allowed.length ? `allowed: ${allowed.join(', ')}` : `${from} is final`
      }`,
    );
    this.name = 'IllegalTransitionError';
  }
}

export interface ChangeContext {
  readonly actor: Actor;
  readonly reason: string;
  /** The region carrying out the change (the claim's writer region). */
  readonly region: Region;
  readonly at: Date;
}

/** The claim in status `to`, with the change appended to its audit trail; throws if not allowed. */
export function transition(
  claim: Claim,
  to: ClaimStatus,
  { actor, reason, region, at }: ChangeContext,
): Claim {
  if (!canTransition(claim.status, to)) throw new IllegalTransitionError(claim.claimId, claim.status, to);
  const event: ClaimEvent = { at: at.toISOString(), from: claim.status, to, actor, reason, region };
  return { ...claim, status: to, events: [...claim.events, event], updatedAt: event.at };
}

export interface ReceiveClaim {
  readonly claimId: ClaimId;
  readonly partner: Pick<Partner, 'partnerId' | 'market' | 'homeRegion'>;
  readonly centreId?: string;
  readonly submission: ClaimSubmission;
  readonly consent?: Consent;
  /** For a correction of a REJECTED claim: the link back and the first filing. */
  readonly resubmission?: Pick<Claim, 'resubmissionOf' | 'firstFiledAt' | 'resubmission'>;
  /** The region that took the submission (the partner's home region, or its failover). */
  readonly region: Region;
  readonly at: Date;
}

/** A newly filed claim: RECEIVED, version 1, its arrival as the first event. */
export function receiveClaim({
  claimId,
  partner,
  centreId,
  submission,
  consent,
  resubmission,
  region,
  at,
}: ReceiveClaim): Claim {
  const filedAt = at.toISOString();
  const { customer, lines, serviceCentreId: _named, ...rest } = submission;
  return {
    claimId,
    partnerId: partner.partnerId,
    ...(centreId === undefined ? {} : { centreId }),
    homeRegion: partner.homeRegion,
    market: partner.market,
    ...rest,
    filedAt,
    customer: { ...customer, consent: consent ?? DEFAULT_CONSENT },
    lines: lines.map((line, index) => ({ lineNo: index + 1, ...line, reasons: [] })),
    status: 'RECEIVED',
    ...resubmission,
    reasons: [],
    events: [
      {
        at: filedAt,
        from: null,
        to: 'RECEIVED',
        actor: { kind: 'partner', id: partner.partnerId },
        reason: resubmission?.resubmissionOf ? `correction of ${resubmission.resubmissionOf}` : 'claim filed',
        region,
      },
    ],
    version: 1,
    createdAt: filedAt,
    updatedAt: filedAt,
  };
}

/** Quantity and hours the claim line is paid on: a reviewer's adjustment wins over the request. */
export const allowedQuantity = (line: ClaimLine): number => line.adjusted?.quantity ?? line.quantity;
export const allowedLaborHours = (line: ClaimLine): number => line.adjusted?.laborHours ?? line.laborHours;

/** Lines still to be paid: covered, or covered after adjustment. */
export const payableLines = (claim: Pick<Claim, 'lines'>): ClaimLine[] =>
  claim.lines.filter((l) => l.decision === 'COVERED' || l.decision === 'ADJUSTED');
