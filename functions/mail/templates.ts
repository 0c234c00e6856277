import type { Claim } from '../../domain/claim.ts';
import { FOLLOW_UP_EMAILS, type FollowUpEmail } from '../../domain/follow-up.ts';
import type { Money } from '../../domain/money.ts';
import type { ComponentCategory } from '../../domain/part.ts';
import { customerReasonOf, type TranslatedLanguage, type Translator, translator } from './catalogue.ts';
import { formatAmount, formatDate, formatDateTime, formatKm, formatNumber } from './format.ts';
import { approvalBlocks, journeyBody } from './journey-emails.ts';
import { writeOut } from './layout.ts';
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
