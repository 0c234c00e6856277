import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Claim } from '../../domain/claim.ts';
import { mayEmail } from '../../domain/follow-up.ts';
import { findServiceCentre, type Partner } from '../../domain/partner.ts';
import { emailLinks } from '../mail/links.ts';
import { type MailCentre, type RenderedEmail, renderEmail } from '../mail/templates.ts';
import { sesv2 } from '../shared/clients.ts';
import { clock, followUp, globalTable, logger, technicians } from '../shared/context.ts';
import { linkSettings } from '../shared/link-secret.ts';
import type { TaskInput } from '../shared/workflow-task.ts';
import { chooseEmail, type NotifyTemplate } from './email-choice.ts';
import { loadClaim, loadPartner } from './steps-decision.ts';

const FROM = process.env.CLAIMFLOW_MAIL_FROM ?? 'after-sales@claimflow.example';
const CONFIGURATION_SET = process.env.CLAIMFLOW_SES_CONFIGURATION_SET;

/** SES tag values allow letters, digits, `_` and `-` only. */
export const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_');

export function centreOf(partner: Partner, claim: Claim): MailCentre | undefined {
  return (claim.centreId && findServiceCentre(partner, claim.centreId)) || partner.serviceCentres[0];
}

/** The name of the claim's booked technician, if there is a booking. */
export async function technicianNameOf(claim: Claim): Promise<string | undefined> {
  const a = claim.appointment;
  if (!a) return undefined;
  const team = await technicians.listByCentre(a.centreId);
  return team.find((t) => t.technicianId === a.technicianId)?.name;
}

/**
 * SES refused the message (a client error: bad request, throttling, sending paused), or nothing
 * reached it: it was certainly not sent, so the once-only record may go and the retry may send.
 * Anything else (a timeout, a 5xx, a lost answer) may have sent it: the record stays.
 */
function certainlyNotSent(err: unknown): boolean {
  const e = err as { $fault?: string; code?: string; cause?: { code?: string } };
  return e.$fault === 'client' || e.code === 'ECONNREFUSED' || e.cause?.code === 'ECONNREFUSED';
}

/**
 * Emails the customer, at most once per claim and template, ever (DESIGN §8). Consent, the
 * address's suppressions (unsubscribed, bounced) and an answered survey are checked first; then the
 * once-only record is written in the global table (home: the claim's region, under this execution's
 * ownership epoch) before anything is sent, so neither a retried task nor the region that takes the
 * claim over after a failover sends it again, and a region that lost ownership cannot write it.
 */
export async function notifyCustomer(
  asked: TaskInput & { template: NotifyTemplate; error?: { Error?: string } },
): Promise<{ sent: boolean; why?: string; language?: string; messageId?: string }> {
  const claim = await loadClaim(asked.claimId, asked.epoch);
  const choice = await chooseEmail(claim, asked.template, asked.error);
  if (!choice.send) return { sent: false, why: choice.why };
  const input = { ...asked, template: choice.template };
  const [suppressions, answer] = await Promise.all([
    followUp.suppressionsOf(claim.customer.email),
    input.template === 'survey-reminder' ? followUp.surveyAnswer(claim.claimId) : undefined,
  ]);
  const decision = mayEmail(input.template, {
    consent: claim.customer.consent,
    suppressions,
    surveyAnswered: answer !== undefined,
  });
  if (!decision.send) return { sent: false, why: decision.why };

  const writer = globalTable.withEpoch(input.epoch);
  const now = clock.now();
  if (!(await followUp.claimEmail(writer, claim, input.template, now.toISOString())))
    return { sent: false, why: 'already sent' };

  let email: RenderedEmail;
  let links: ReturnType<typeof emailLinks>;
  try {
    const partner = await loadPartner(claim.partnerId);
    links = emailLinks(await linkSettings(), claim.claimId, now);
    email = renderEmail(input.template, {
      claim,
      centre: centreOf(partner, claim),
      technicianName: await technicianNameOf(claim),
      links,
      ...choice.extra,
    });
  } catch (err) {
    await followUp.forgetEmail(writer, claim, input.template); // nothing was sent
    throw err;
  }

  let messageId: string | undefined;
  try {
    const res = await sesv2.send(
      new SendEmailCommand({
        FromEmailAddress: FROM,
        Destination: { ToAddresses: [claim.customer.email] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: email.text, Charset: 'UTF-8' },
              Html: { Data: email.html, Charset: 'UTF-8' },
            },
            // One-click unsubscribe (RFC 8058), which mailbox providers ask of senders.
            Headers: [
              { Name: 'List-Unsubscribe', Value: `<${links.unsubscribe}>` },
              { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
            ],
          },
        },
        ConfigurationSetName: CONFIGURATION_SET,
        EmailTags: [
          { Name: 'claimId', Value: tagValue(claim.claimId) },
          { Name: 'template', Value: input.template },
          { Name: 'language', Value: email.language },
        ],
      }),
    );
    messageId = res.MessageId;
  } catch (err) {
    if (certainlyNotSent(err)) await followUp.forgetEmail(writer, claim, input.template);
    else
      await followUp
        .markEmail(writer, claim, input.template, { state: 'unknown', subject: email.subject })
        .catch(() => undefined);
    throw err;
  }
  await followUp
    .markEmail(writer, claim, input.template, {
      state: 'sent',
      messageId,
      language: email.language,
      subject: email.subject,
    })
    .catch((err: unknown) => logger.warn('email sent but its record not updated', { error: err as Error }));
  return { sent: true, language: email.language, messageId };
}
