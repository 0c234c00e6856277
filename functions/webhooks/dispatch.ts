import {
  DEFAULT_WEBHOOK_RETRY,
  nextWebhookAttempt,
  type WebhookRetryPolicy,
  webhookOutcome,
} from '../../domain/partner-events.ts';
import type { GuardedTable } from '../data/guarded-table.ts';
import { liveSecrets, type WebhookEndpoint, WebhookEndpointStore } from './endpoint-store.ts';
import { type PartnerEventRecord, PartnerEventStore } from './partner-event-store.ts';
import { sendWebhook } from './send-webhook.ts';
import { webhookHeaders } from './signing.ts';
import type { WebhookUrlPolicy } from './url-policy.ts';

/**
 * One run of the webhook dispatcher (a scheduled function, apart from every claim's workflow): it
 * takes the due events of the home regions this region writes for, sends each to its partner's
 * endpoint, and records the outcome. A claim never waits for it: its change and the event were
 * written together, and delivery happens here, with its own retries.
 *
 * At least once: an event is leased before it is sent and settled after; a dispatcher that dies in
 * between leaves the lease to expire, and the next run sends again with the same `webhook-id`.
 */
export interface DispatchSettings {
  readonly retry: WebhookRetryPolicy;
  /** Per attempt, connection included. */
  readonly timeoutMs: number;
  /** Attempts in flight at once. */
  readonly concurrency: number;
  /** Due events taken per home region per run. */
  readonly batch: number;
  readonly policy: WebhookUrlPolicy;
}

export interface DispatchDeps {
  readonly table: GuardedTable;
  /** The home regions whose events this region delivers (its own, and any it took over). */
  readonly homeRegions: () => Promise<string[]>;
  readonly now: () => Date;
  readonly onError?: (eventId: string, err: unknown) => void;
}

export interface DispatchReport {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
  skipped: number;
}

export function dispatchSettingsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Omit<DispatchSettings, 'policy'> {
  const retry = env.CLAIMFLOW_WEBHOOK_RETRY
    ? (JSON.parse(env.CLAIMFLOW_WEBHOOK_RETRY) as WebhookRetryPolicy)
    : DEFAULT_WEBHOOK_RETRY;
  return {
    retry,
    timeoutMs: Number(env.CLAIMFLOW_WEBHOOK_TIMEOUT_MS ?? 5000),
    concurrency: Number(env.CLAIMFLOW_WEBHOOK_CONCURRENCY ?? 8),
    batch: Number(env.CLAIMFLOW_WEBHOOK_BATCH ?? 100),
  };
}

export async function dispatchWebhooks(
  deps: DispatchDeps,
  settings: DispatchSettings,
): Promise<DispatchReport> {
  const events = new PartnerEventStore(deps.table);
  const endpoints = new WebhookEndpointStore(deps.table);
  const report: DispatchReport = { attempted: 0, delivered: 0, retrying: 0, failed: 0, skipped: 0 };
  // One read per partner per run: a setting changed meanwhile is seen by the next run.
  const endpointOf = new Map<string, Promise<WebhookEndpoint | undefined>>();
  const endpointFor = (partnerId: string) => {
    let e = endpointOf.get(partnerId);
    if (!e) {
      e = endpoints.get(partnerId);
      endpointOf.set(partnerId, e);
    }
    return e;
  };

  const deliverOne = async (due: { claimId: string; eventId: string }, homeRegion: string) => {
    const now = deps.now();
    const record = await events.lease({ ...due, homeRegion }, now, settings.timeoutMs + 30_000);
    if (!record) return;
    const endpoint = await endpointFor(record.partnerId);
    if (!endpoint?.events.includes(record.eventType)) {
      report.skipped++;
      const note = endpoint ? `not subscribed to ${record.eventType}` : 'no webhook endpoint';
      return events.settle(record, { state: 'skipped', note, listed: false });
    }
    if (endpoint.disabledAt) {
      report.failed++;
      return events.settle(record, {
        state: 'failed',
        note: `endpoint disabled at ${endpoint.disabledAt}: ${endpoint.disabledReason ?? ''}`.trim(),
        listed: true,
      });
    }
    report.attempted++;
    const result = await sendWebhook(
      endpoint.url,
      webhookHeaders(liveSecrets(endpoint, now), record.eventId, now, record.body),
      record.body,
      { timeoutMs: settings.timeoutMs, policy: settings.policy },
    );
    const attempt = { at: now.toISOString(), ...result };
    await settleAttempt(record, endpoint, attempt, now);
  };

  const settleAttempt = async (
    record: PartnerEventRecord,
    endpoint: WebhookEndpoint,
    attempt: { at: string; httpStatus?: number; error?: string; ms: number },
    now: Date,
  ) => {
    const common = { attempt, url: endpoint.url, listed: true };
    const outcome = webhookOutcome(attempt.httpStatus);
    if (outcome === 'delivered') {
      report.delivered++;
      return events.settle(record, { state: 'delivered', ...common });
    }
    if (outcome === 'gone') {
      report.failed++;
      const reason = `${endpoint.url} answered 410 Gone`;
      await endpoints.disable(endpoint, attempt.at, reason);
      endpointOf.delete(record.partnerId);
      return events.settle(record, { state: 'failed', note: `${reason}: endpoint disabled`, ...common });
    }
    const first = new Date(record.firstAttemptAt ?? attempt.at);
    const next = nextWebhookAttempt(first, record.attempts.length + 1, now, settings.retry);
    if (next) {
      report.retrying++;
      return events.settle(record, { state: 'pending', nextAttemptAt: next.toISOString(), ...common });
    }
    report.failed++;
    return events.settle(record, {
      state: 'failed',
      note: 'no successful answer within the retry window',
      ...common,
    });
  };

  for (const homeRegion of await deps.homeRegions()) {
    const due = await events.due(homeRegion, deps.now().toISOString(), settings.batch);
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const one = due[next++]!;
        // A failed write leaves the lease to expire: the next run takes the event again.
        await deliverOne(one, homeRegion).catch((err: unknown) => deps.onError?.(one.eventId, err));
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, due.length) }, worker));
  }
  return report;
}
