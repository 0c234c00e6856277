import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { findServiceCentre } from '../../domain/partner.ts';
import { renderEmail, type TemplateName } from '../mail/templates.ts';
import { sesv2 } from '../shared/clients.ts';
import { regional } from '../shared/context.ts';
import type { TaskInput } from '../shared/workflow-task.ts';
import { loadClaim, loadPartner } from './steps-decision.ts';

const FROM = process.env.CLAIMFLOW_MAIL_FROM ?? 'after-sales@claimflow.example';
const CONFIGURATION_SET = process.env.CLAIMFLOW_SES_CONFIGURATION_SET;

/** Which templates need which consent: the survey and its reminder are optional for the customer. */
const needsSurveyConsent = (t: TemplateName) => t === 'survey' || t === 'survey-reminder';

/**
 * Emails the customer, at most once per claim and template, ever (DESIGN §8): the dedupe record
 * is written before sending; if sending fails it is removed so the task's retry can send.
 */
export async function notifyCustomer(
  input: TaskInput & { template: TemplateName },
): Promise<{ sent: boolean; why?: string }> {
  const claim = await loadClaim(input.claimId, input.epoch);
  const consent = claim.customer.consent;
  if (!consent.followUpEmails) return { sent: false, why: 'no consent to follow-up emails' };
  if (needsSurveyConsent(input.template) && !consent.survey)
    return { sent: false, why: 'no consent to surveys' };
  const onceKey = `email#${claim.claimId}#${input.template}`;
  if (!(await regional.claimOnce(onceKey, { claimId: claim.claimId, template: input.template }))) {
    return { sent: false, why: 'already sent' };
  }
  const partner = await loadPartner(claim.partnerId);
  const centre = (claim.centreId && findServiceCentre(partner, claim.centreId)) || partner.serviceCentres[0];
  const email = renderEmail(input.template, { claim, centre });
  try {
    await sesv2.send(
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
          },
        },
        ConfigurationSetName: CONFIGURATION_SET,
        EmailTags: [
          { Name: 'claimId', Value: claim.claimId.replace(/[^A-Za-z0-9_-]/g, '_') },
          { Name: 'template', Value: input.template },
        ],
      }),
    );
  } catch (err) {
    await regional.forget(onceKey);
    throw err;
  }
  return { sent: true };
}
