import { customerLinks } from '../follow-up/customer-links.ts';
import { invalidLinkPage, unsubscribePage } from '../mail/pages.ts';
import { customerLinkPorts } from '../shared/adapters.ts';
import { publicPage } from '../shared/public-page.ts';
import { linkFailure } from './link-failure.ts';

/**
 * GET /p/unsubscribe?t=…: asks to confirm. Opening the link changes nothing, because mail scanners
 * open links too; the button (or a mail client's one-click POST) does it.
 */
const { openLink } = customerLinks(customerLinkPorts);

export const handler = publicPage(async ({ token, browserLanguage }) => {
  const link = await openLink(token, 'unsubscribe');
  if (!link.ok) return linkFailure(link, browserLanguage, invalidLinkPage);
  return {
    status: 200,
    html: unsubscribePage(link.claim.customer.language, token, link.claim.customer.email),
  };
});
