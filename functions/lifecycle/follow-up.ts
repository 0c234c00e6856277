import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import type { Claim } from '../../domain/claim.ts';
import { homeRegionOfClaimId } from '../../domain/claim-id.ts';
import {
  isMonth,
  maintenanceReminderAt,
  monthsBetween,
  npsMonth,
  type SuppressionReason,
} from '../../domain/follow-up.ts';
import {
  type NpsSummary,
  netPromoterScore,
  netPromoterScoreBy,
  SurveyAnswerSchema,
} from '../../domain/nps.ts';
import type { NpsEntry } from '../data/follow-up-store.ts';
import { type LinkPurpose, verifyLink } from '../mail/links.ts';
import type { MailCentre } from '../mail/templates.ts';
import { sfn } from '../shared/clients.ts';
import { claimsRepo, clock, followUp, settings, writerFor } from '../shared/context.ts';
import { linkSecret } from '../shared/link-secret.ts';
import { loadPartner } from './steps-decision.ts';
import { centreOf, technicianNameOf } from './steps-notify.ts';

/**
 * What customers do through the signed links (survey, status, unsubscribe), what SES reports back
 * (bounces, complaints), the maintenance reminder, and NPS for the back office (DESIGN §8).
 */

export type OpenedLink =
  | { readonly ok: true; readonly claim: Claim }
  | { readonly ok: false; readonly why: 'malformed' | 'forged' | 'expired'; readonly language?: string };

/** Verifies a link's token and loads its claim (from this region's replica). */
export async function openLink(token: string, purpose: LinkPurpose): Promise<OpenedLink> {
  const check = verifyLink(await linkSecret(), token, purpose, clock.now());
  if (!check.ok) {
    if (check.why !== 'expired') return { ok: false, why: check.why };
    const claim = await claimsRepo().get(check.claimId, false);
    return { ok: false, why: 'expired', language: claim?.customer.language };
  }
  const claim = await claimsRepo().get(check.claimId);
  // Signed by us for a claim this region does not know (yet): treat as a broken link, say nothing more.
  if (!claim) return { ok: false, why: 'forged' };
  return { ok: true, claim };
}

export const SurveyFormSchema = z.object({
  score: z.coerce.number().pipe(SurveyAnswerSchema.shape.score),
  comment: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .transform((c) => (c ? c : undefined)),
});

/**
 * Records the customer's answer once, in the claim's home region (through the region that writes
 * for it now): the claim's survey item and its NPS copy in one transaction; a second answer finds
 * the first and is not counted.
 */
export async function answerSurvey(
  claim: Claim,
  answer: { score: number; comment?: string },
): Promise<'recorded' | 'already'> {
  const at = clock.now().toISOString();
  const writer = await writerFor(claim.homeRegion);
  return followUp.recordSurveyAnswer(
    writer,
    claim.homeRegion,
    {
      claimId: claim.claimId,
      partnerId: claim.partnerId,
      ...(claim.centreId ? { centreId: claim.centreId } : {}),
      region: claim.homeRegion,
      score: answer.score,
      ...(answer.comment ? { comment: answer.comment } : {}),
      at,
    },
    npsMonth(at),
  );
}

export async function surveyAnswered(claimId: string): Promise<boolean> {
  return (await followUp.surveyAnswer(claimId)) !== undefined;
}

/** The customer's opt-out from surveys and reminders, for their address, homed in the claim's region. */
export async function unsubscribe(claim: Claim): Promise<void> {
  const writer = await writerFor(claim.homeRegion);
  await followUp.suppress(writer, claim.customer.email, claim.homeRegion, 'unsubscribed', {
    claimId: claim.claimId,
    at: clock.now().toISOString(),
    source: 'unsubscribe link',
  });
}

/** What the status page shows besides the claim: its service centre and technician. */
export async function statusOf(claim: Claim): Promise<{ centre?: MailCentre; technicianName?: string }> {
  const partner = await loadPartner(claim.partnerId);
  return { centre: centreOf(partner, claim), technicianName: await technicianNameOf(claim) };
}

// ── SES events ──────────────────────────────────────────────────────────────────────────────

const recipients = z.array(z.object({ emailAddress: z.string() }).loose());

/**
 * The SES event as EventBridge delivers it from a configuration set's event destination
 * (detail-type "Email Bounced" / "Email Complaint Received"; the local outbox sends the same shape).
 */
export const SesEventSchema = z
  .object({
    'detail-type': z.string().optional(),
    detail: z
      .object({
        eventType: z.string(),
        mail: z
          .object({
            messageId: z.string().optional(),
            destination: z.array(z.string()).optional(),
            tags: z.record(z.string(), z.array(z.string())).optional(),
          })
          .loose(),
        bounce: z.object({ bounceType: z.string(), bouncedRecipients: recipients }).loose().optional(),
        complaint: z.object({ complainedRecipients: recipients }).loose().optional(),
      })
      .loose(),
  })
  .loose();
export type SesEvent = z.infer<typeof SesEventSchema>;

/**
 * A permanent bounce or a complaint suppresses the address for good (nothing more is sent to it);
 * a transient bounce (mailbox full, out of office) suppresses nothing. The record's home is the
 * claim's region, from the email's claimId tag.
 */
export async function recordDeliveryEvent(event: SesEvent): Promise<{ suppressed: number; reason?: string }> {
  const { detail } = event;
  let reason: SuppressionReason | undefined;
  let addresses: string[] = [];
  if (detail.eventType === 'Bounce' && detail.bounce?.bounceType === 'Permanent') {
    reason = 'bounced';
    addresses = detail.bounce.bouncedRecipients.map((r) => r.emailAddress);
  } else if (detail.eventType === 'Complaint' && detail.complaint) {
    reason = 'complained';
    addresses = detail.complaint.complainedRecipients.map((r) => r.emailAddress);
  }
  if (!reason || addresses.length === 0) return { suppressed: 0 };
  const claimId = detail.mail.tags?.claimId?.[0];
  const home = (claimId && homeRegionOfClaimId(claimId)) || settings.region;
  const writer = await writerFor(home);
  const at = clock.now().toISOString();
  for (const address of new Set(addresses))
    await followUp.suppress(writer, address, home, reason, {
      ...(claimId ? { claimId } : {}),
      at,
      source: `SES ${detail.eventType} ${detail.mail.messageId ?? ''}`.trim(),
    });
  return { suppressed: addresses.length, reason };
}

// ── Maintenance reminder ────────────────────────────────────────────────────────────────────

export const maintenanceExecutionName = (claimId: string, epoch: number) =>
  `${claimId}-maintenance-e${epoch}`;

/**
 * Starts the claim's MaintenanceReminder execution (a Wait until the due date, then one email), so
 * the reminder outlives the claim's own workflow, which ends when the claim is CLOSED. Idempotent
 * by execution name.
 */
export async function scheduleMaintenanceReminder(
  claim: Claim,
  epoch: number,
  afterSeconds: number,
): Promise<{ remindAt: string }> {
  const arn = process.env.CLAIMFLOW_MAINTENANCE_STATE_MACHINE_ARN;
  if (!arn) throw new Error('CLAIMFLOW_MAINTENANCE_STATE_MACHINE_ARN is not set');
  const remindAt = maintenanceReminderAt(
    claim.completion?.completedAt ?? clock.now().toISOString(),
    afterSeconds,
  );
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: arn,
        name: maintenanceExecutionName(claim.claimId, epoch),
        input: JSON.stringify({ claimId: claim.claimId, epoch, remindAt }),
      }),
    );
  } catch (err) {
    if (!(err instanceof ExecutionAlreadyExists)) throw err;
  }
  return { remindAt };
}

// ── NPS for the back office ─────────────────────────────────────────────────────────────────

const month = z.string().refine(isMonth, 'must be a month such as 2026-03');
export const NpsReportQuerySchema = z.strictObject({
  from: month.optional(),
  to: month.optional(),
  regions: z.array(z.string()).min(1).optional(),
  partnerId: z.string().min(1).optional(),
});
export type NpsReportQuery = z.infer<typeof NpsReportQuerySchema>;

export interface NpsReport {
  from: string;
  to: string;
  regions: string[];
  overall: NpsSummary;
  byRegion: Record<string, NpsSummary>;
  byPartner: Record<string, NpsSummary & { region: string }>;
}

const MAX_MONTHS = 36;

/**
 * NPS by region and by partner over whole months (default: the last twelve), from this region's
 * replica of the global table: one Query per home region and month (`NPS#<region>#<month>`), never
 * a Scan and no index.
 */
export async function npsReport(query: NpsReportQuery = {}): Promise<NpsReport> {
  const q = NpsReportQuerySchema.parse(query);
  const now = clock.now();
  const to = q.to ?? npsMonth(now);
  const from = q.from ?? npsMonth(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)));
  const months = monthsBetween(from, to);
  if (months.length === 0) throw new RangeError(`from ${from} is after to ${to}`);
  if (months.length > MAX_MONTHS) throw new RangeError(`at most ${MAX_MONTHS} months per report`);
  const regions = q.regions ?? settings.regions;
  const entries: NpsEntry[] = (
    await Promise.all(regions.flatMap((r) => months.map((m) => followUp.npsEntries(r, m, q.partnerId))))
  ).flat();
  const score = (e: NpsEntry) => Number(e.score);
  const sorted = <T>(m: Map<string, T>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
  const regionOf = new Map(entries.map((e) => [e.partnerId, e.region]));
  const byPartner = sorted(netPromoterScoreBy(entries, (e) => e.partnerId, score));
  return {
    from,
    to,
    regions,
    overall: netPromoterScore(entries.map(score)),
    byRegion: sorted(netPromoterScoreBy(entries, (e) => e.region, score)),
    byPartner: Object.fromEntries(
      Object.entries(byPartner).map(([p, s]) => [p, { ...s, region: regionOf.get(p) ?? '' }]),
    ),
  };
}
