import type { Claim } from '../../domain/claim.ts';
import { isReasonCode, REASON_CODES } from '../../domain/reasons.ts';

/**
 * The follow-up emails, rendered from the claim. English for now; the follow-up issue adds the
 * customer's languages on this same interface.
 */
export const TEMPLATES = [
  'received',
  'decision',
  'appointment',
  'repair-done',
  'survey',
  'survey-reminder',
] as const;
export type TemplateName = (typeof TEMPLATES)[number];

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderContext {
  claim: Claim;
  centre?: { name: string; address: string; phone: string; timeZone: string };
}

const plain = (code: string) => (isReasonCode(code) ? REASON_CODES[code] : code);

function when(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

function body(
  template: TemplateName,
  { claim, centre }: RenderContext,
): { subject: string; lines: string[] } {
  const ref = `claim ${claim.claimId}`;
  switch (template) {
    case 'received':
      return {
        subject: `We received your warranty claim`,
        lines: [`We have received ${ref} for your vehicle ${claim.vin}.`],
      };
    case 'decision':
      if (claim.status === 'REJECTED') {
        const reasons = [...new Set([...claim.reasons, ...claim.lines.flatMap((l) => l.reasons)])].map(plain);
        return {
          subject: `Your warranty claim was not approved`,
          lines: [`We could not approve ${ref}.`, ...reasons],
        };
      }
      return {
        subject: `Your warranty claim is approved`,
        lines: [
          claim.lines.some((l) => l.decision === 'REJECTED')
            ? `Part of ${ref} is approved.`
            : `${ref} is approved.`,
          ...claim.lines
            .filter((l) => l.decision === 'REJECTED')
            .map((l) => `${l.partNumber}: ${l.reasons.map(plain).join(' ')}`),
        ],
      };
    case 'appointment': {
      const a = claim.appointment;
      return {
        subject: `Your repair appointment`,
        lines:
          a && centre
            ? [
                `Your repair is booked for ${when(a.start, centre.timeZone)}.`,
                `${centre.name}, ${centre.address}, ${centre.phone}`,
              ]
            : [`Your repair is booked.`],
      };
    }
    case 'repair-done':
      return {
        subject: `Your vehicle is repaired`,
        lines: [`The repair under ${ref} is done. Thank you for your patience.`],
      };
    case 'survey':
      return {
        subject: `How did we do?`,
        lines: [`Please tell us how likely you are to recommend us (0–10).`],
      };
    case 'survey-reminder':
      return {
        subject: `A minute for your feedback?`,
        lines: [`We would still like to hear how your repair went.`],
      };
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderEmail(template: TemplateName, ctx: RenderContext): RenderedEmail {
  const { subject, lines } = body(template, ctx);
  const greeting = `Dear ${ctx.claim.customer.name},`;
  const text = [greeting, '', ...lines, '', 'claimflow after-sales'].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif;max-width:36em"><p>${escapeHtml(greeting)}</p>${lines
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('')}<p>claimflow after-sales</p></body></html>`;
  return { subject, text, html };
}
