import { customerLinks } from '../follow-up/customer-links.ts';
import { invalidLinkPage, messagePage, surveyPage } from '../mail/pages.ts';
import { customerLinkPorts } from '../shared/adapters.ts';
import { publicPage } from '../shared/public-page.ts';
import { linkFailure } from './link-failure.ts';

/** GET /p/survey?t=…[&s=7]: the survey in the customer's language (a score chosen in the email preselected). */
const { openLink, surveyAnswered } = customerLinks(customerLinkPorts);

export const handler = publicPage(async ({ token, query, browserLanguage }) => {
  const link = await openLink(token, 'survey');
  if (!link.ok) return linkFailure(link, browserLanguage, invalidLinkPage);
  const { language } = link.claim.customer;
  if (await surveyAnswered(link.claim.claimId))
    return { status: 200, html: messagePage(language, 'surveyPage.alreadyTitle', 'surveyPage.already') };
  const s = Number(query.s);
  const score = query.s !== undefined && Number.isInteger(s) && s >= 0 && s <= 10 ? s : undefined;
  return { status: 200, html: surveyPage({ language, token, ...(score === undefined ? {} : { score }) }) };
});
