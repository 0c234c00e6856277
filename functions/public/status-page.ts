import { customerLinks } from '../follow-up/customer-links.ts';
import { invalidLinkPage, statusPage } from '../mail/pages.ts';
import { customerLinkPorts } from '../shared/adapters.ts';
import { publicPage } from '../shared/public-page.ts';
import { linkFailure } from './link-failure.ts';

/** GET /p/status?t=…: where the claim stands, what comes next, the appointment, whom to call. */
const { openLink, statusOf } = customerLinks(customerLinkPorts);

export const handler = publicPage(async ({ token, browserLanguage }) => {
  const link = await openLink(token, 'status');
  if (!link.ok) return linkFailure(link, browserLanguage, invalidLinkPage);
  return { status: 200, html: statusPage({ claim: link.claim, ...(await statusOf(link.claim)) }) };
});
