import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChangeContext,
  CLAIM_STATUSES,
  type ClaimStatus,
  canTransition,
  IllegalTransitionError,
  isTerminal,
  nextStatuses,
  STATUS_RANK,
  transition,
} from '../../domain/claim.ts';
import { aClaim } from './support/fixtures.ts';

const ctx: ChangeContext = {
  actor: { kind: 'system', id: 'adjudicate' },
  reason: 'auto-approved',
  region: 'ap-south-1',
  at: new Date('2025-01-15T06:01:00Z'),
};

describe('the status contract', () => {
  it('names exactly the ten statuses of DESIGN §4', () => {
    expect(CLAIM_STATUSES).toEqual([
      'RECEIVED',
      'IN_REVIEW',
      'APPROVED',
      'AWAITING_PARTS',
      'SCHEDULED',
      'REPAIRED',
      'SETTLED',
      'CLOSED',
      'REJECTED',
      'CANCELLED',
    ]);
  });

  it('treats CLOSED, REJECTED and CANCELLED as terminal, with no way out', () => {
    for (const status of CLAIM_STATUSES) {
      expect(isTerminal(status)).toBe(['CLOSED', 'REJECTED', 'CANCELLED'].includes(status));
      if (isTerminal(status)) expect(nextStatuses(status)).toEqual([]);
    }
  });
});

describe('canTransition', () => {
  it.each<[ClaimStatus, ClaimStatus]>([
    ['RECEIVED', 'IN_REVIEW'],
    ['RECEIVED', 'APPROVED'],
    ['IN_REVIEW', 'APPROVED'],
    ['APPROVED', 'AWAITING_PARTS'],
    ['APPROVED', 'SCHEDULED'],
    ['AWAITING_PARTS', 'SCHEDULED'],
    ['SCHEDULED', 'REPAIRED'],
    ['REPAIRED', 'SETTLED'],
    ['SETTLED', 'CLOSED'],
    ['RECEIVED', 'REJECTED'],
    ['IN_REVIEW', 'REJECTED'],
    ['REPAIRED', 'CANCELLED'],
  ])('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each<[ClaimStatus, ClaimStatus]>([
    ['APPROVED', 'RECEIVED'],
    ['SCHEDULED', 'AWAITING_PARTS'],
    ['APPROVED', 'REJECTED'],
    ['SETTLED', 'CANCELLED'],
    ['CLOSED', 'CANCELLED'],
    ['REJECTED', 'APPROVED'],
    ['RECEIVED', 'SCHEDULED'],
    ['APPROVED', 'REPAIRED'],
    ['REPAIRED', 'CLOSED'],
    ['IN_REVIEW', 'IN_REVIEW'],
  ])('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('allows cancelling from every status before SETTLED that is not terminal', () => {
    const before = CLAIM_STATUSES.filter((s) => STATUS_RANK[s] < STATUS_RANK.SETTLED);
    for (const status of before) expect(canTransition(status, 'CANCELLED')).toBe(true);
  });
});

describe('transition', () => {
  it('returns a new claim in the new status with an event saying who, when, why and where', () => {
    // Prepare
    const claim = aClaim();
    // Act
    const approved = transition(claim, 'APPROVED', ctx);
    // Assess
    expect(approved.status).toBe('APPROVED');
    expect(approved.events.at(-1)).toEqual({
      at: '2025-01-15T06:01:00.000Z',
      from: 'RECEIVED',
      to: 'APPROVED',
      actor: { kind: 'system', id: 'adjudicate' },
      reason: 'auto-approved',
      region: 'ap-south-1',
    });
    expect(approved.events).toHaveLength(claim.events.length + 1);
    expect(approved.updatedAt).toBe('2025-01-15T06:01:00.000Z');
    expect(claim.status).toBe('RECEIVED');
  });

  it('throws IllegalTransitionError naming the allowed next statuses', () => {
    // Prepare
    const claim = aClaim({ status: 'SCHEDULED' });
    // Act / Assess
    expect(() => transition(claim, 'APPROVED', ctx)).toThrow(IllegalTransitionError);
    expect(() => transition(claim, 'APPROVED', ctx)).toThrow(/allowed: REPAIRED, CANCELLED/);
  });

  it('says a terminal status is final', () => {
    expect(() => transition(aClaim({ status: 'CLOSED' }), 'CANCELLED', ctx)).toThrow(/CLOSED is final/);
  });

  it('never moves a claim back, whatever sequence of transitions is attempted (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CLAIM_STATUSES), { maxLength: 30 }), (attempts) => {
        // Prepare
        let claim = aClaim();
        // Act: apply each attempt, keeping only the accepted ones
        for (const to of attempts) {
          try {
            claim = transition(claim, to, ctx);
          } catch (e) {
            expect(e).toBeInstanceOf(IllegalTransitionError);
          }
        }
        // Assess: every recorded step moved strictly forward, and the trail is a chain
        const steps = claim.events.slice(1);
        for (const [i, event] of steps.entries()) {
          expect(STATUS_RANK[event.to]).toBeGreaterThan(STATUS_RANK[event.from ?? 'RECEIVED']);
          const previous = claim.events[i];
          expect(event.from).toBe(previous?.to);
        }
        expect(claim.events.at(-1)?.to).toBe(claim.status);
      }),
    );
  });
});
