import * as z from 'zod/mini';
import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import type { SuppressionReason } from '../../domain/follow-up.ts';
import type { FollowUpStore } from '../data/follow-up-store.ts';
import type { LifecycleDependencies } from '../lifecycle/dependencies.ts';

const recipients = /* @__PURE__ */ (() => z.array(z.looseObject({ emailAddress: z.string() })))();

/**
 * The SES event as EventBridge delivers it from a configuration set's event destination
 * (detail-type "Email Bounced" / "Email Complaint Received"; the local outbox sends the same shape).
 */
export const SesEventSchema = /* @__PURE__ */ (() =>
  z.looseObject({
    'detail-type': z.optional(z.string()),
    detail: z.looseObject({
      eventType: z.string(),
      mail: z.looseObject({
        messageId: z.optional(z.string()),
        destination: z.optional(z.array(z.string())),
        tags: z.optional(z.record(z.string(), z.array(z.string()))),
      }),
      bounce: z.optional(z.looseObject({ bounceType: z.string(), bouncedRecipients: recipients })),
      complaint: z.optional(z.looseObject({ complainedRecipients: recipients })),
    }),
  }))();
export type SesEvent = z.infer<typeof SesEventSchema>;

/**
 * A permanent bounce or a complaint suppresses the address for good (nothing more is sent to it);
 * a transient bounce (mailbox full, out of office) suppresses nothing. The record's home is the
 * claim's region, from the email's claimId tag.
 */
export function recordDeliveryEvent(
  deps: Pick<LifecycleDependencies, 'region' | 'clock'> & { followUp: Pick<FollowUpStore, 'suppress'> },
) {
  return async (event: SesEvent): Promise<{ suppressed: number; reason?: string }> => {
    const { detail } = event;
    let reason: SuppressionReason | undefined;
    let addresses: string[] = [];
    if (detail.eventType === 'Bounce' && detail.bounce?.bounceType === 'Permanent') {
      reason = 'bounced';
      addresses = detail.bounce.bouncedRecipients.map((r) => r.emailAddress);
    } else if (detail.eventType === 'Complaint' && detail.complaint) {
      reason = 'complained';
      addresses = detail.complaint.complainedRecipients.map((r) => r.emailAddress);
    }
    if (!reason || addresses.length === 0) return { suppressed: 0 };
    const claimId = detail.mail.tags?.claimId?.[0];
    const home = (claimId && homeRegionOfClaimId(claimId)) || deps.region;
    const at = deps.clock.now().toISOString();
    for (const address of new Set(addresses))
      await deps.followUp.suppress(address, home, reason, {
        ...(claimId ? { claimId } : {}),
        at,
        source: `SES ${detail.eventType} ${detail.mail.messageId ?? ''}`.trim(),
      });
    return { suppressed: addresses.length, reason };
  };
}
