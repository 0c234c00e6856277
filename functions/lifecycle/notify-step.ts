import { mayEmail } from '../../domain/follow-up.ts';
import { EmailNotSentError, MailRefusedError } from '../../domain/ports.ts';
import { emailLinks } from '../mail/links.ts';
import { type RenderedEmail, renderEmail } from '../mail/templates.ts';
import { loadClaim, loadPartner, serviceCentreOf, technicianNameOf } from './claim-loader.ts';
import type { LifecycleDependencies, StepInput } from './dependencies.ts';
import { chooseEmail, type NotifyTemplate } from './email-choice.ts';
import { recordQualityFacts } from './quality-facts.ts';

/**
 * The workflow's emails to the customer (NotifyReceived, NotifyRejection, …, SendSurvey,
 * RemindSurvey) and the maintenance reminder's: one step, the template named by the state.
 */
export function notifyStep(
  deps: Pick<
    LifecycleDependencies,
    | 'region'
    | 'clock'
    | 'claims'
    | 'partners'
    | 'partsCatalog'
    | 'technicians'
    | 'emails'
    | 'mailer'
    | 'linkSettings'
    | 'metrics'
    | 'log'
    | 'quality'
  >,
) {
  /**
   * Emails the customer, at most once per claim and template, ever (DESIGN §8). Consent, the
   * address's suppressions (unsubscribed, bounced) and an answered survey are checked first; then
   * the once-only record is written in the global table (home: the claim's region, under this
   * execution's ownership epoch) before anything is sent, so neither a retried task nor the region
   * that takes the claim over after a failover sends it again, and a region that lost ownership
   * cannot write it.
   */
  return async function notifyCustomer(
    input: StepInput & { template: NotifyTemplate; error?: { Error?: string } },
  ): Promise<{ sent: boolean; why?: string; language?: string; messageId?: string }> {
    const { epoch } = input;
    const claim = await loadClaim(deps, input.claimId);
    // NotifyRejection is the first task after a person's rejection (the review action files the
    // facts too, but a review is not retried by the workflow): file them here. An approval after a
    // review is filed by the review action, and again by SettleClaim with the newer version.
    if (input.template === 'decision') await recordQualityFacts(deps, claim);
    const choice = await chooseEmail(deps, claim, input.template, input.error);
    if (!choice.send) return { sent: false, why: choice.why };
    const template = choice.template;
    const [suppressions, surveyAnswered] = await Promise.all([
      deps.emails.suppressionsOf(claim.customer.email),
      template === 'survey-reminder' ? deps.emails.surveyAnswered(claim.claimId) : false,
    ]);
    const decision = mayEmail(template, { consent: claim.customer.consent, suppressions, surveyAnswered });
    if (!decision.send) return { sent: false, why: decision.why };

    const now = deps.clock.now();
    if (!(await deps.emails.begin(claim, template, now.toISOString(), epoch)))
      return { sent: false, why: 'already sent' };

    let email: RenderedEmail;
    let unsubscribeUrl: string;
    try {
      const partner = await loadPartner(deps, claim.partnerId);
      const links = emailLinks(await deps.linkSettings(), claim.claimId, now);
      unsubscribeUrl = links.unsubscribe;
      email = renderEmail(template, {
        claim,
        centre: serviceCentreOf(partner, claim),
        technicianName: await technicianNameOf(deps, claim),
        links,
        ...choice.extra,
      });
    } catch (err) {
      await deps.emails.forget(claim, template, epoch); // nothing was sent
      throw err;
    }

    let messageId: string | undefined;
    try {
      ({ messageId } = await deps.mailer.send({
        to: claim.customer.email,
        subject: email.subject,
        text: email.text,
        html: email.html,
        unsubscribeUrl,
        tags: { claimId: claim.claimId, template, language: email.language },
      }));
    } catch (err) {
      if (err instanceof MailRefusedError) {
        // Certainly not sent: the record says so (the retry may send; if the workflow gives up, the
        // back office's outbox shows it parked), and the task fails with a name the workflow retries long.
        const reason = String((err.cause as Error)?.message ?? err.cause);
        await deps.emails.finish(claim, template, { state: 'failed', subject: email.subject, reason }, epoch);
        deps.metrics.count('EmailFailed');
        throw new EmailNotSentError(template, err.cause);
      }
      await deps.emails
        .finish(claim, template, { state: 'unknown', subject: email.subject }, epoch)
        .catch(() => undefined);
      throw err;
    }
    deps.metrics.count('EmailSent');
    await deps.emails
      .finish(
        claim,
        template,
        { state: 'sent', messageId, language: email.language, subject: email.subject },
        epoch,
      )
      .catch((err: unknown) =>
        deps.log.warn('email sent but its record not updated', { error: err as Error }),
      );
    return { sent: true, language: email.language, messageId };
  };
}
