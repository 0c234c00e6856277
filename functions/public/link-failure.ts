import type { OpenedLink } from '../follow-up/customer-links.ts';
import type { PageResult } from '../shared/public-page.ts';

/** A broken link is 400, an expired one 410 Gone; the page is in the customer's language when known. */
export function linkFailure(
  link: Extract<OpenedLink, { ok: false }>,
  browserLanguage: string,
  page: (language: string, why: 'malformed' | 'forged' | 'expired') => string,
): PageResult {
  return {
    status: link.why === 'expired' ? 410 : 400,
    html: page(link.language ?? browserLanguage, link.why),
  };
}
