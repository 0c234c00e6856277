import * as z from 'zod/mini';
import type { Claim } from '../../domain/claim.ts';
import { npsMonth } from '../../domain/follow-up.ts';
import { SurveyAnswerSchema } from '../../domain/nps.ts';
import type { FollowUpStore } from '../data/follow-up-store.ts';
import { loadPartner, serviceCentreOf, technicianNameOf } from '../lifecycle/claim-loader.ts';
import type { LifecycleDependencies } from '../lifecycle/dependencies.ts';
import { type LinkPurpose, verifyLink } from '../mail/links.ts';
import type { MailCentre } from '../mail/templates.ts';

/** What the public pages work with: the lifecycle's ports, the follow-up's own writes and the link secret. */
export type CustomerLinkDependencies = Pick<
  LifecycleDependencies,
  'clock' | 'claims' | 'partners' | 'technicians' | 'emails'
> & {
  readonly followUp: Pick<FollowUpStore, 'recordSurveyAnswer' | 'suppress'>;
  readonly linkSecret: () => Promise<string>;
};

export type OpenedLink =
  | { readonly ok: true; readonly claim: Claim }
  | { readonly ok: false; readonly why: 'malformed' | 'forged' | 'expired'; readonly language?: string };

export const SurveyFormSchema = /* @__PURE__ */ (() =>
  z.object({
    score: z.pipe(z.coerce.number(), SurveyAnswerSchema.shape.score),
    comment: z.pipe(
      z.optional(z.string().check(z.trim(), z.maxLength(2000))),
      z.transform((c) => (c ? c : undefined)),
    ),
  }))();

/**
 * What customers do through the signed links in their emails (DESIGN §8): answer the survey, read
 * where their claim stands, unsubscribe. Served by the public pages in any region (reads from its
 * replica); writes go to the claim's home region, through the region that writes for it now.
 */
export function customerLinks(deps: CustomerLinkDependencies) {
  return {
    /** Verifies a link's token and loads its claim (from this region's replica). */
    async openLink(token: string, purpose: LinkPurpose): Promise<OpenedLink> {
      const check = verifyLink(await deps.linkSecret(), token, purpose, deps.clock.now());
      if (!check.ok) {
        if (check.why !== 'expired') return { ok: false, why: check.why };
        const claim = await deps.claims.get(check.claimId, false);
        return { ok: false, why: 'expired', language: claim?.customer.language };
      }
      const claim = await deps.claims.get(check.claimId);
      // Signed by us for a claim this region does not know (yet): treat as a broken link, say nothing more.
      if (!claim) return { ok: false, why: 'forged' };
      return { ok: true, claim };
    },

    /**
     * Records the customer's answer once, in the claim's home region: the claim's survey item and
     * its NPS copy in one transaction; a second answer finds the first and is not counted.
     */
    answerSurvey(claim: Claim, answer: { score: number; comment?: string }): Promise<'recorded' | 'already'> {
      const at = deps.clock.now().toISOString();
      return deps.followUp.recordSurveyAnswer(
        claim.homeRegion,
        {
          claimId: claim.claimId,
          partnerId: claim.partnerId,
          ...(claim.centreId ? { centreId: claim.centreId } : {}),
          region: claim.homeRegion,
          score: answer.score,
          ...(answer.comment ? { comment: answer.comment } : {}),
          at,
        },
        npsMonth(at),
      );
    },

    surveyAnswered: (claimId: string): Promise<boolean> => deps.emails.surveyAnswered(claimId),

    /** The customer's opt-out from surveys and reminders, for their address, homed in the claim's region. */
    unsubscribe(claim: Claim): Promise<void> {
      return deps.followUp.suppress(claim.customer.email, claim.homeRegion, 'unsubscribed', {
        claimId: claim.claimId,
        at: deps.clock.now().toISOString(),
        source: 'unsubscribe link',
      });
    },

    /** What the status page shows besides the claim: its service centre and technician. */
    async statusOf(claim: Claim): Promise<{ centre?: MailCentre; technicianName?: string }> {
      const partner = await loadPartner(deps, claim.partnerId);
      return { centre: serviceCentreOf(partner, claim), technicianName: await technicianNameOf(deps, claim) };
    },
  };
}
