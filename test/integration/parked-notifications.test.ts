import { describe, expect, inject, it } from 'vitest';
import { Runbook, type RunbookEndpoints } from '../../cli/region/runbook.ts';
import { status } from '../../cli/region/verbs.ts';
import type { Claim } from '../../domain/claim.ts';
import { newClaimId } from '../../domain/claim-id.ts';
import { FollowUpStore } from '../../functions/data/follow-up-store.ts';
import { PartnerEventStore, partnerEventPut } from '../../functions/webhooks/partner-event-store.ts';
import { eventually, localAws } from '../support/local-aws.ts';

/**
 * The region runbook's dead-letter count (issue 14: `status` shows DLQ depth), on the shared
 * runtime: what the project parks when a notification cannot be sent (an email the mail service
 * refused, a webhook event given up) is counted per home region, in every replica, and an email
 * sent on a retry leaves the count.
 */

const endpoints = inject('endpoints');
const aws = localAws();
const SOUTH = 'ap-south-1';
const EUROPE = 'eu-central-1';

// A claim of its own (no other test reads it); its event is due in 2099, so no dispatcher takes it.
const claim = {
  claimId: newClaimId(SOUTH, new Date(), Math.random),
  homeRegion: SOUTH,
  partnerId: 'np-everest-auto',
  updatedAt: '2099-01-01T00:00:00.000Z',
} as Claim;

describe('parked notifications in the region status', () => {
  it('counts a refused email and a webhook event given up in their home region, until the email is sent', async () => {
    // Prepare
    const rb = new Runbook(endpoints as unknown as RunbookEndpoints);
    const table = aws.table(SOUTH);
    const epoch = (await table.ownerOf(SOUTH)).epoch;
    const emails = new FollowUpStore(table, async () => table);
    const events = new PartnerEventStore(table);
    const before = (await rb.parkedNotifications(SOUTH, SOUTH))!;

    // Act: the mail service refuses the received email; the partner's endpoint is gone.
    await emails.begin(claim, 'received', new Date().toISOString(), epoch);
    await emails.finish(claim, 'received', { state: 'failed', reason: 'MessageRejected' }, epoch);
    const eventId = `evt-${crypto.randomUUID()}`;
    await table.transact([
      partnerEventPut(
        claim,
        { eventId, type: 'claim.status_changed', timestamp: claim.updatedAt, data: {} },
        '{}',
      ),
    ]);
    const record = (await events.get(claim.claimId, eventId))!;
    await events.settle(record, {
      state: 'failed',
      attempt: { at: new Date().toISOString(), httpStatus: 410, ms: 3 },
      note: 'answered 410 Gone: endpoint disabled',
      listed: true,
    });
    const parkedHome = await rb.parkedNotifications(SOUTH, SOUTH);
    const parkedElsewhere = await eventually(
      async () => ((await rb.parkedNotifications(EUROPE, SOUTH)) === before + 2 ? before + 2 : undefined),
      10_000,
      'the parked items replicated',
    );
    const lines: string[] = [];
    await status(rb, (l) => lines.push(l));

    // Act: a retry sends the email.
    await emails.begin(claim, 'received', new Date().toISOString(), epoch);
    await emails.finish(claim, 'received', { state: 'sent', messageId: 'm-1' }, epoch);
    const afterRetry = await rb.parkedNotifications(SOUTH, SOUTH);

    // Assess
    expect(parkedHome).toBe(before + 2);
    expect(parkedElsewhere).toBe(before + 2);
    expect(lines.find((l) => l.startsWith(`${SOUTH}: up`))).toContain(
      `dead letters (notifications parked) ${before + 2}`,
    );
    expect(afterRetry).toBe(before + 1);
  });
});
