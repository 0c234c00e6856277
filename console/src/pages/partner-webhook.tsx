import { Loading, ProblemView, useLoad } from '../components/common.tsx';
import { useConsole } from '../console-context.ts';
import { when } from '../format.ts';
import { href } from '../router.ts';

/** The answer of GET partners/{partnerId}/webhook (the console keeps its own copy of the shape). */
interface PartnerWebhook {
  partnerId: string;
  endpoint: null | {
    url: string;
    events: string[];
    enabled: boolean;
    disabledAt?: string;
    disabledReason?: string;
    secretCreatedAt?: string;
    updatedAt: string;
  };
  deliveries: {
    items: {
      eventId: string;
      type: string;
      /** The claim of a claim.* event; a campaign.opened event names its campaign instead. */
      claimId?: string;
      campaignId?: string;
      createdAt: string;
      state: string;
      attempts: { at: string; httpStatus?: number; error?: string; ms: number }[];
      nextAttemptAt?: string;
      deliveredAt?: string;
      note?: string;
    }[];
  };
}

const outcome = (a: { httpStatus?: number; error?: string }) =>
  a.httpStatus ? `HTTP ${a.httpStatus}` : (a.error ?? '—');

/** A partner's webhook endpoint (never its secret) and its latest deliveries, with attempts and next retry. */
export function PartnerWebhookSection({ partnerId }: { partnerId: string }) {
  const { api, region } = useConsole();
  const webhook = useLoad(
    (signal) => api.get<PartnerWebhook>(region, `partners/${encodeURIComponent(partnerId)}/webhook`, signal),
    [region, partnerId],
  );
  return (
    <section class="card" aria-labelledby="webhook-h">
      <h2 id="webhook-h">Webhook</h2>
      <ProblemView error={webhook.error} context="webhook" />
      {webhook.loading && !webhook.data ? <Loading what="webhook deliveries" /> : null}
      {webhook.data && !webhook.data.endpoint ? <p>No webhook endpoint set: the partner polls.</p> : null}
      {webhook.data?.endpoint ? (
        <dl class="facts">
          <dt>URL</dt>
          <dd>{webhook.data.endpoint.url}</dd>
          <dt>Events</dt>
          <dd>{webhook.data.endpoint.events.join(', ')}</dd>
          <dt>State</dt>
          <dd>
            {webhook.data.endpoint.enabled
              ? 'enabled'
              : `disabled ${when(webhook.data.endpoint.disabledAt)}: ${webhook.data.endpoint.disabledReason ?? ''}`}
          </dd>
        </dl>
      ) : null}
      {webhook.data && webhook.data.deliveries.items.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption>Latest deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Claim</th>
                <th scope="col">State</th>
                <th scope="col">Attempts</th>
                <th scope="col">Next retry</th>
              </tr>
            </thead>
            <tbody>
              {webhook.data.deliveries.items.map((d) => (
                <tr key={d.eventId} data-state={d.state}>
                  <td>
                    {d.type} <span class="muted small">{d.eventId}</span>
                  </td>
                  <td>
                    {d.claimId ? (
                      <a href={href(`claims/${d.claimId}`)}>{d.claimId}</a>
                    ) : (
                      <span class="mono">{d.campaignId}</span>
                    )}
                  </td>
                  <td>
                    {d.state}
                    {d.note ? <span class="muted small"> ({d.note})</span> : null}
                  </td>
                  <td>
                    {d.attempts.length === 0
                      ? '—'
                      : d.attempts.map((a) => `${when(a.at)} ${outcome(a)}`).join('; ')}
                  </td>
                  <td>{d.nextAttemptAt ? when(d.nextAttemptAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
