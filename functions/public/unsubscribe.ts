import { customerLinks } from '../follow-up/customer-links.ts';
import { invalidLinkPage, unsubscribedPage } from '../mail/pages.ts';
import { customerLinkPorts } from '../shared/adapters.ts';
import { publicPage } from '../shared/public-page.ts';
import { linkFailure } from './link-failure.ts';

/**
 * POST /p/unsubscribe?t=…: the confirmation form, or a mail client's one-click unsubscribe
 * (RFC 8058, body `List-Unsubscribe=One-Click`). Records the opt-out for the address; again is fine.
 */
const { openLink, unsubscribe } = customerLinks(customerLinkPorts);

export const handler = publicPage(async ({ token, browserLanguage }) => {
  const link = await openLink(token, 'unsubscribe');
  if (!link.ok) return linkFailure(link, browserLanguage, invalidLinkPage);
  await unsubscribe(link.claim);
  return { status: 200, html: unsubscribedPage(link.claim.customer.language, link.claim.customer.email) };
});
