import type { Claim } from '../../domain/claim.ts';
import { FOLLOW_UP_EMAILS, type FollowUpEmail } from '../../domain/follow-up.ts';
import type { Money } from '../../domain/money.ts';
import type { ComponentCategory } from '../../domain/part.ts';
import { customerReasonOf, type TranslatedLanguage, type Translator, translator } from './catalogue.ts';
import { formatAmount, formatDate, formatDateTime, formatKm, formatNumber } from './format.ts';
import { approvalBlocks, journeyBody } from './journey-emails.ts';
import type { EmailLinks } from './links.ts';

/**
 * The follow-up emails (DESIGN §8), rendered from the claim in the customer's language: pure
 * functions of their input, so every template in every language is checked by unit tests. Each
 * email is built as a few blocks (paragraphs, labelled rows, lists, a button) and written out twice,
 * as phone-friendly HTML (one narrow column, inline styles, no images) and as plain text.
 */

export const TEMPLATES = FOLLOW_UP_EMAILS;
export type TemplateName = FollowUpEmail;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** The language it was written in (the customer's, or English when theirs has no catalogue). */
  language: TranslatedLanguage;
}

export interface MailCentre {
  readonly name: string;
  readonly address: string;
  readonly phone: string;
  readonly timeZone: string;
}

export interface RenderContext {
  claim: Claim;
  centre?: MailCentre;
  /** The technician of the appointment, by name. */
  technicianName?: string;
  /** The signed links; without them (a preview) the email has no buttons. */
  links?: EmailLinks;
  /**
   * false when the approval was not told on its own: the first email after it (the appointment,
   * or the wait for parts) says it too, instead of two emails minutes apart.
   */
  decisionTold?: boolean;
  /** Waiting for parts: when they are expected (ISO 8601). */
  partsExpectedAt?: string;
  /**
   * The repair-done email asks the survey question (the customer consented to surveys and did not
   * unsubscribe): one email where there were two, days apart.
   */
  withSurvey?: boolean;
}

export type Block =
  | { kind: 'p'; text: string; strong?: boolean }
  | { kind: 'rows'; rows: [label: string, value: string][] }
  | { kind: 'list'; heading: string; items: string[] }
  | { kind: 'button'; label: string; url: string }
  | { kind: 'scale'; labels: string[]; urls: readonly string[] }
  | { kind: 'small'; text: string };

export type Decision = 'approved' | 'partly' | 'rejected';

/** What the decision email says: nothing covered, some lines rejected, or all covered. */
export function decisionOf(claim: Pick<Claim, 'status' | 'lines'>): Decision {
  if (claim.status === 'REJECTED' || claim.lines.every((l) => l.decision === 'REJECTED')) return 'rejected';
  return claim.lines.some((l) => l.decision === 'REJECTED') ? 'partly' : 'approved';
}

const unique = <T>(xs: readonly T[]) => [...new Set(xs)];

const categoryOf = (tr: Translator, category: ComponentCategory | undefined) =>
  tr.catalogue.categories[category ?? 'other'];

/** Why the claim (or its lines) were not covered, in plain sentences without codes. */
export function rejectionReasons(tr: Translator, claim: Claim): string[] {
  const claimLevel = unique(claim.reasons.map((r) => tr.catalogue.reasons[customerReasonOf(r)]));
  if (claimLevel.length > 0) return claimLevel;
  const lines = unique(
    claim.lines
      .filter((l) => l.decision === 'REJECTED')
      .flatMap((l) => {
        const item = categoryOf(tr, l.category);
        const reasons = l.reasons.length > 0 ? l.reasons : ['REVIEWED'];
        return reasons.map((r) =>
          tr.t('lineWithReason', { item, reason: tr.catalogue.reasons[customerReasonOf(r)] }),
        );
      }),
  );
  return lines.length > 0 ? lines : [tr.catalogue.reasons.REVIEWED];
}

function centreRows(tr: Translator, centre: MailCentre | undefined): [string, string][] {
  if (!centre) return [];
  return [
    [tr.t('label.centre'), centre.name],
    [tr.t('label.address'), centre.address],
    [tr.t('label.phone'), centre.phone],
  ];
}

function body(
  template: TemplateName,
  ctx: RenderContext,
  tr: Translator,
): { subject: string; blocks: Block[] } {
  const { claim, centre, links } = ctx;
  const zone = centre?.timeZone ?? 'UTC';
  const loc = tr.locale;
  const claimRow: [string, string] = [tr.t('label.claim'), claim.claimId];
  const value = (m: Money | undefined): [string, string][] =>
    m ? [[tr.t('label.coveredValue'), formatAmount(m, loc)]] : [];
  const statusButton: Block[] = links
    ? [{ kind: 'button', label: tr.t('statusButton'), url: links.status }]
    : [];
  const contact: Block[] = centre ? [{ kind: 'p', text: tr.t('contact', { phone: centre.phone }) }] : [];
  const surveyBlocks = (): Block[] => [
    { kind: 'p', text: tr.t('survey.question'), strong: true },
    ...(links
      ? ([
          {
            kind: 'scale',
            labels: Array.from({ length: 11 }, (_, n) => formatNumber(n, loc)),
            urls: links.surveyWithScore,
          },
        ] satisfies Block[])
      : []),
    { kind: 'small', text: tr.t('survey.scale', { low: formatNumber(0, loc), high: formatNumber(10, loc) }) },
    ...(links
      ? ([{ kind: 'button', label: tr.t('survey.button'), url: links.survey }] satisfies Block[])
      : []),
  ];

  switch (template) {
    case 'received':
      return {
        subject: tr.t('received.subject'),
        blocks: [
          { kind: 'p', text: tr.t('received.intro') },
          {
            kind: 'rows',
            rows: [
              claimRow,
              [tr.t('label.vehicle'), claim.vin],
              [tr.t('label.filed'), formatDate(claim.filedAt, loc, zone)],
              [tr.t('label.odometer'), formatKm(claim.odometerKm, loc)],
              ...(centre ? ([[tr.t('label.centre'), centre.name]] satisfies [string, string][]) : []),
            ],
          },
          { kind: 'p', text: tr.t('received.next') },
          ...statusButton,
          ...contact,
        ],
      };
    case 'decision': {
      const decision = decisionOf(claim);
      if (decision === 'rejected')
        return {
          subject: tr.t('rejected.subject'),
          blocks: [
            { kind: 'p', text: tr.t('rejected.intro') },
            { kind: 'list', heading: tr.t('rejected.why'), items: rejectionReasons(tr, claim) },
            { kind: 'rows', rows: [claimRow] },
            { kind: 'p', text: tr.t('rejected.next') },
            ...statusButton,
            ...contact,
          ],
        };
      if (decision === 'partly') {
        const covered = unique(
          claim.lines.filter((l) => l.decision !== 'REJECTED').map((l) => categoryOf(tr, l.category)),
        );
        return {
          subject: tr.t('partly.subject'),
          blocks: [
            { kind: 'p', text: tr.t('partly.intro') },
            { kind: 'list', heading: tr.t('partly.covered'), items: covered },
            {
              kind: 'list',
              heading: tr.t('partly.notCovered'),
              items: rejectionReasons(tr, { ...claim, reasons: [] }),
            },
            { kind: 'rows', rows: [claimRow, ...value(claim.amounts?.approved)] },
            { kind: 'p', text: tr.t('partly.next') },
            ...statusButton,
            ...contact,
          ],
        };
      }
      return {
        subject: tr.t('approved.subject'),
        blocks: [
          { kind: 'p', text: tr.t('approved.intro') },
          { kind: 'rows', rows: [claimRow, ...value(claim.amounts?.approved)] },
          { kind: 'p', text: tr.t('approved.next') },
          ...statusButton,
          ...contact,
        ],
      };
    }
    case 'appointment': {
      const a = claim.appointment;
      const approval = ctx.decisionTold === false;
      return {
        subject: tr.t(approval ? 'appointmentApproved.subject' : 'appointment.subject'),
        blocks: [
          ...(approval ? approvalBlocks(ctx, tr, { claimRow, statusButton, contact }) : []),
          { kind: 'p', text: tr.t('appointment.intro') },
          {
            kind: 'rows',
            rows: [
              ...(a
                ? ([[tr.t('label.when'), formatDateTime(a.start, loc, zone)]] satisfies [string, string][])
                : []),
              ...(ctx.technicianName
                ? ([[tr.t('label.technician'), ctx.technicianName]] satisfies [string, string][])
                : []),
              ...centreRows(tr, centre),
            ],
          },
          { kind: 'small', text: tr.t('appointment.localTime') },
          { kind: 'p', text: tr.t('appointment.change') },
          ...statusButton,
        ],
      };
    }
    case 'repair-done':
      return {
        subject: tr.t('repairDone.subject'),
        blocks: [
          { kind: 'p', text: tr.t('repairDone.intro') },
          {
            kind: 'rows',
            rows: [
              claimRow,
              ...(claim.completion
                ? ([
                    [tr.t('label.repairedOn'), formatDate(claim.completion.completedAt, loc, zone)],
                  ] satisfies [string, string][])
                : []),
              ...value(claim.amounts?.settled),
            ],
          },
          { kind: 'p', text: tr.t('repairDone.free') },
          { kind: 'p', text: tr.t('repairDone.next') },
          ...statusButton,
          ...contact,
          ...(ctx.withSurvey ? surveyBlocks() : []),
        ],
      };
    case 'survey':
      return {
        subject: tr.t('survey.subject'),
        blocks: [{ kind: 'p', text: tr.t('survey.intro') }, ...surveyBlocks()],
      };
    case 'survey-reminder':
      return {
        subject: tr.t('surveyReminder.subject'),
        blocks: [{ kind: 'p', text: tr.t('surveyReminder.intro') }, ...surveyBlocks()],
      };
    case 'waiting-for-parts':
    case 'cancelled':
    case 'failed':
      return journeyBody(template, ctx, tr, { claimRow, statusButton, contact });
    case 'maintenance-reminder':
      return {
        subject: tr.t('maintenance.subject'),
        blocks: [
          { kind: 'p', text: tr.t('maintenance.intro') },
          ...(claim.completion
            ? ([
                {
                  kind: 'rows',
                  rows: [[tr.t('label.repairedOn'), formatDate(claim.completion.completedAt, loc, zone)]],
                },
              ] satisfies Block[])
            : []),
          { kind: 'p', text: tr.t('maintenance.book') },
          { kind: 'rows', rows: centreRows(tr, centre) },
          ...statusButton,
        ],
      };
  }
}

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const FONT =
  "system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Devanagari','Noto Sans Bengali','Noto Sans Armenian','Noto Sans JP','Hiragino Sans',sans-serif";
const STYLE = {
  body: 'margin:0;padding:0;background:#f3f4f6;',
  outer: `max-width:560px;margin:0 auto;padding:12px;font-family:${FONT};font-size:16px;line-height:1.6;color:#1f2933;`,
  card: 'background:#ffffff;border-radius:8px;padding:20px;',
  p: 'margin:0 0 14px;',
  label: 'margin:0;font-size:14px;color:#52606d;',
  value: 'margin:0 0 10px;font-weight:600;word-break:break-word;',
  button:
    'display:inline-block;background:#0b5cad;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600;',
  scale:
    'display:inline-block;min-width:34px;margin:0 4px 6px 0;padding:8px 0;text-align:center;border:1px solid #9aa5b1;border-radius:4px;color:#1f2933;text-decoration:none;font-weight:600;',
  small: 'margin:0 0 14px;font-size:14px;color:#52606d;',
  footer: 'margin:16px 4px 0;font-size:13px;color:#616e7c;',
  link: 'color:#0b5cad;',
};

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p style="${STYLE.p}">${b.strong ? `<strong>${escapeHtml(b.text)}</strong>` : escapeHtml(b.text)}</p>`;
    case 'small':
      return `<p style="${STYLE.small}">${escapeHtml(b.text)}</p>`;
    case 'rows':
      return `<div style="margin:0 0 14px;">${b.rows
        .map(
          ([label, value]) =>
            `<p style="${STYLE.label}">${escapeHtml(label)}</p><p style="${STYLE.value}">${escapeHtml(value)}</p>`,
        )
        .join('')}</div>`;
    case 'list':
      return `<p style="${STYLE.p}margin-bottom:4px;font-weight:600;">${escapeHtml(b.heading)}</p><ul style="margin:0 0 14px;padding-left:22px;">${b.items
        .map((i) => `<li style="margin:0 0 6px;">${escapeHtml(i)}</li>`)
        .join('')}</ul>`;
    case 'button':
      return `<p style="${STYLE.p}"><a href="${escapeHtml(b.url)}" style="${STYLE.button}">${escapeHtml(b.label)}</a></p>`;
    case 'scale':
      return `<p style="${STYLE.p}">${b.labels
        .map(
          (label, i) => `<a href="${escapeHtml(b.urls[i]!)}" style="${STYLE.scale}">${escapeHtml(label)}</a>`,
        )
        .join('')}</p>`;
  }
}

function blockText(b: Block, tr: Translator): string {
  switch (b.kind) {
    case 'p':
    case 'small':
      return b.text;
    case 'rows':
      return b.rows.map(([label, value]) => tr.t('row', { label, value })).join('\n');
    case 'list':
      return [b.heading, ...b.items.map((i) => `- ${i}`)].join('\n');
    case 'button':
      return `${b.label}\n${b.url}`;
    case 'scale':
      // Plain text cannot offer eleven buttons; the survey link that follows opens the same form.
      return '';
  }
}

export function renderEmail(template: TemplateName, ctx: RenderContext): RenderedEmail {
  const tr = translator(ctx.claim.customer.language);
  const { subject, blocks } = body(template, ctx, tr);
  return writeOut(tr, {
    subject,
    blocks,
    name: ctx.claim.customer.name,
    footer: tr.t('footer.reason', { claimId: ctx.claim.claimId }),
    ...(ctx.links ? { unsubscribe: { label: tr.t('footer.unsubscribe'), url: ctx.links.unsubscribe } } : {}),
  });
}

export interface CampaignNoticeContext {
  campaign: { campaignId: string; component: ComponentCategory };
  vehicle: { vin: string; model: string };
  customer: { name: string; language: string };
}

/**
 * The notice of a service campaign to the customer of an affected vehicle, in their language. A
 * safety notice, not a follow-up: it carries no unsubscribe link (stopping surveys and reminders
 * does not stop it).
 */
export function renderCampaignNotice({ campaign, vehicle, customer }: CampaignNoticeContext): RenderedEmail {
  const tr = translator(customer.language);
  const values = { campaignId: campaign.campaignId, model: vehicle.model, vin: vehicle.vin };
  return writeOut(tr, {
    subject: tr.t('campaign.subject', values),
    blocks: [
      { kind: 'p', text: tr.t('campaign.intro', { component: categoryOf(tr, campaign.component) }) },
      {
        kind: 'rows',
        rows: [
          [tr.t('label.campaign'), campaign.campaignId],
          [tr.t('label.model'), vehicle.model],
          [tr.t('label.vehicle'), vehicle.vin],
        ],
      },
      { kind: 'p', text: tr.t('campaign.free'), strong: true },
      { kind: 'p', text: tr.t('campaign.action') },
    ],
    name: customer.name,
    footer: tr.t('campaign.footer', values),
  });
}

/** One email written out twice, as narrow inline-styled HTML and as plain text. */
function writeOut(
  tr: Translator,
  email: {
    subject: string;
    blocks: Block[];
    name: string;
    footer: string;
    unsubscribe?: { label: string; url: string };
  },
): RenderedEmail {
  const { subject, blocks, footer, unsubscribe } = email;
  const greeting = tr.t('greeting', { name: email.name });
  const signature = [tr.t('signoff'), tr.t('team')];

  const text = [
    greeting,
    '',
    ...blocks
      .map((b) => blockText(b, tr))
      .filter(Boolean)
      .flatMap((t) => [t, '']),
    ...signature,
    '',
    '--',
    footer,
    ...(unsubscribe ? [unsubscribe.label, unsubscribe.url] : []),
    '',
  ].join('\n');

  const html = [
    '<!doctype html>',
    `<html lang="${tr.language}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="${STYLE.body}"><div style="${STYLE.outer}"><div style="${STYLE.card}">`,
    `<p style="${STYLE.p}">${escapeHtml(greeting)}</p>`,
    ...blocks.map(blockHtml),
    `<p style="${STYLE.p}">${signature.map(escapeHtml).join('<br>')}</p>`,
    '</div>',
    `<p style="${STYLE.footer}">${escapeHtml(footer)}${
      unsubscribe
        ? `<br><a href="${escapeHtml(unsubscribe.url)}" style="${STYLE.link}">${escapeHtml(unsubscribe.label)}</a>`
        : ''
    }</p>`,
    '</div></body></html>',
  ].join('');

  return { subject, text, html, language: tr.language };
}
