import type { Claim } from '../../domain/claim.ts';
import { partsExpectedAt } from '../../domain/parts-expected.ts';
import type { RenderContext, TemplateName } from '../mail/templates.ts';
import { decisionOf } from '../mail/templates.ts';
import type { LifecycleDependencies } from './dependencies.ts';

/**
 * Which email a notify step sends, and what it needs to know beyond the claim. Kept apart from the
 * sending (notify-step.ts) because these are the journey's rules:
 *
 * - An approval is never an email of its own: the parts and the technician follow within seconds
 *   (or the wait for parts begins), and the customer gets one email that says both, not two emails
 *   minutes apart. A rejection is told at once.
 * - A claim that ends early is told as cancelled (a person cancelled it: the workflow's error is
 *   ClaimCancelled) or as failed.
 */
export const CLAIM_ENDED = 'claim-ended';
export type NotifyTemplate = TemplateName | typeof CLAIM_ENDED;

export type EmailChoice =
  | { readonly send: false; readonly why: string }
  | { readonly send: true; readonly template: TemplateName; readonly extra: Partial<RenderContext> };

export async function chooseEmail(
  deps: Pick<LifecycleDependencies, 'emails' | 'partsCatalog'>,
  claim: Claim,
  asked: NotifyTemplate,
  error?: { Error?: string },
): Promise<EmailChoice> {
  if (asked === CLAIM_ENDED)
    return {
      send: true,
      template: error?.Error === 'ClaimCancelled' || claim.status === 'CANCELLED' ? 'cancelled' : 'failed',
      extra: {},
    };
  if (asked === 'decision' && decisionOf(claim) !== 'rejected')
    return { send: false, why: 'the approval is told with the appointment or the wait for parts' };
  if (asked === 'appointment' || asked === 'waiting-for-parts') {
    const sent = new Set((await deps.emails.emailsOf(claim.claimId)).map((e) => e.template));
    const decisionTold = sent.has('decision') || (asked === 'appointment' && sent.has('waiting-for-parts'));
    if (asked === 'appointment') return { send: true, template: asked, extra: { decisionTold } };
    const parts = await deps.partsCatalog.getParts((claim.backorders ?? []).map((b) => b.partNumber));
    const expected = partsExpectedAt(claim, parts);
    return {
      send: true,
      template: asked,
      extra: { decisionTold, ...(expected ? { partsExpectedAt: expected.toISOString() } : {}) },
    };
  }
  return { send: true, template: asked, extra: {} };
}
