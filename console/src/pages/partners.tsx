import { query } from '../api.ts';
import { useConsole } from '../app.tsx';
import { Loading, ProblemView, useLoad } from '../components/common.tsx';
import { when } from '../format.ts';
import { href } from '../router.ts';
import type { Partner } from '../types.ts';

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
      claimId: string;
      createdAt: string;
      state: string;
      attempts: { at: string; httpStatus?: number; error?: string; ms: number }[];
      nextAttemptAt?: string;
      deliveredAt?: string;
      note?: string;
    }[];
  };
}

interface Nps {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps?: number;
}

/** The answer of GET feedback. */
interface Feedback {
  from: string;
  to: string;
  partners: (Nps & {
    partnerId: string;
    name: string;
    centres: (Nps & { centreId: string; name: string })[];
  })[];
  comments: {
    claimId: string;
    partnerId: string;
    centreId?: string;
    score: number;
    comment: string;
    at: string;
  }[];
}

const npsText = (s: Nps) =>
  s.nps === undefined
    ? 'no answers'
    : `NPS ${s.nps} (${s.responses} answers: ${s.promoters} promoters, ${s.passives} passives, ${s.detractors} detractors)`;

const outcome = (a: { httpStatus?: number; error?: string }) =>
  a.httpStatus ? `HTTP ${a.httpStatus}` : (a.error ?? '—');

/** A region's partners: for the one chosen, what its customers said, its webhook and the latest deliveries. */
export function PartnersPage({ params }: { params: URLSearchParams }) {
  const { api, region } = useConsole();
  const partners = useLoad(
    (signal) => api.get<{ items: Partner[] }>(region, `partners?${query({ region })}`, signal),
    [region],
  );
  const chosen = params.get('partner') ?? partners.data?.items[0]?.partnerId;
  const feedback = useLoad(
    (signal) => api.get<Feedback>(region, `feedback?${query({ region, months: '3' })}`, signal),
    [region],
  );
  const mine = feedback.data?.partners.find((p) => p.partnerId === chosen);
  const comments = feedback.data?.comments.filter((c) => c.partnerId === chosen) ?? [];
  const webhook = useLoad(
    (signal) =>
      chosen
        ? api.get<PartnerWebhook>(region, `partners/${encodeURIComponent(chosen)}/webhook`, signal)
        : Promise.resolve(undefined),
    [region, chosen],
  );
  return (
    <>
      <h1 tabIndex={-1}>Partners in {region}</h1>
      <ProblemView error={partners.error} context="partners" />
      {partners.loading && !partners.data ? <Loading what="partners" /> : null}
      <nav aria-label="Partners" class="tabs">
        {partners.data?.items.map((p) => (
          <a
            key={p.partnerId}
            href={href('partners', { partner: p.partnerId })}
            aria-current={p.partnerId === chosen ? 'page' : undefined}
          >
            {p.name}
          </a>
        ))}
      </nav>
      {chosen ? (
        <section class="card" aria-labelledby="feedback-h">
          <h2 id="feedback-h">What customers said</h2>
          <ProblemView error={feedback.error} context="feedback" />
          {feedback.loading && !feedback.data ? <Loading what="feedback" /> : null}
          {feedback.data ? (
            <>
              <p>
                {feedback.data.from} to {feedback.data.to}: {mine ? npsText(mine) : 'no answers'}
              </p>
              {mine && mine.centres.length > 0 ? (
                <ul>
                  {mine.centres.map((c) => (
                    <li key={c.centreId}>
                      {c.name}: {npsText(c)}
                    </li>
                  ))}
                </ul>
              ) : null}
              {comments.length === 0 ? (
                <p class="muted">No comments.</p>
              ) : (
                <ul class="comments">
                  {comments.map((c) => (
                    <li key={c.claimId}>
                      <q>{c.comment}</q>{' '}
                      <span class="muted small">
                        score {c.score} · {when(c.at)} · <a href={href(`claims/${c.claimId}`)}>{c.claimId}</a>
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : null}
        </section>
      ) : null}
      {chosen ? (
        <section class="card" aria-labelledby="webhook-h">
          <h2 id="webhook-h">Webhook of {chosen}</h2>
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
                        <a href={href(`claims/${d.claimId}`)}>{d.claimId}</a>
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
      ) : null}
    </>
  );
}
