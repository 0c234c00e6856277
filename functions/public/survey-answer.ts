import { customerLinks, SurveyFormSchema } from '../follow-up/customer-links.ts';
import { invalidLinkPage, messagePage, surveyPage } from '../mail/pages.ts';
import { customerLinkPorts } from '../shared/adapters.ts';
import { publicPage } from '../shared/public-page.ts';
import { linkFailure } from './link-failure.ts';

/** POST /p/survey?t=…: records the answer once; a second answer gets a friendly "already answered". */
const { answerSurvey, openLink } = customerLinks(customerLinkPorts);

export const handler = publicPage(async ({ token, form, browserLanguage }) => {
  const link = await openLink(token, 'survey');
  if (!link.ok) return linkFailure(link, browserLanguage, invalidLinkPage);
  const { language } = link.claim.customer;
  const parsed = SurveyFormSchema.safeParse(form);
  if (!parsed.success)
    return {
      status: 422,
      html: surveyPage({ language, token, missingScore: true, comment: form.comment?.slice(0, 2000) }),
    };
  const outcome = await answerSurvey(link.claim, parsed.data);
  return outcome === 'recorded'
    ? { status: 200, html: messagePage(language, 'surveyPage.thanksTitle', 'surveyPage.thanks') }
    : { status: 200, html: messagePage(language, 'surveyPage.alreadyTitle', 'surveyPage.already') };
});
