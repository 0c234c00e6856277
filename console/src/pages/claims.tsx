import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { query } from '../api.ts';
import { CLAIM_STATUSES } from '../claim-status.ts';
import { Field, Loading, notServedYet, ProblemView, StatusBadge, useLoad } from '../components/common.tsx';
import { DataTable, numeric } from '../components/data-table.tsx';
import { useConsole } from '../console-context.ts';
import { money, when, words } from '../format.ts';
import { href, navigate } from '../router.ts';
import type { Claim, Page, Queues, ReplicaFreshness } from '../types.ts';
import { ReplicaBanner } from './claim/replica-banner.tsx';

/**
 * Queues and search: the counts of the region's work queues (in review with its reasons, awaiting
 * parts, scheduled, overdue), and claims found by status, VIN, partner, claim id or overdue, in a
 * region. The filters live in the address, so a queue can be bookmarked and Back works.
 */

const FILTERS = ['status', 'vin', 'partnerId', 'claimId', 'overdue', 'region'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

function filtersOf(params: URLSearchParams): Filters {
  const f: Filters = {};
  for (const k of FILTERS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  if (!f.status && !f.vin && !f.partnerId && !f.claimId && !f.overdue) f.status = 'IN_REVIEW';
  return f;
}

function QueueCards({ region }: { region: string }) {
  const { api } = useConsole();
  const queues = useLoad(
    (signal) => api.get<Queues>(region, `queues?${query({ region })}`, signal),
    [region],
  );
  const counts = queues.data?.counts;
  const reasons = Object.entries(queues.data?.reviewReasons ?? {}).sort((a, b) => b[1] - a[1]);
  const card = (label: string, n: number | undefined, to: Filters, extra?: ComponentChildren) => (
    <li class="queue-card">
      <a href={href('claims', { ...to, region })} class="queue-link">
        <span class="queue-label">{label}</span>
        <span class="queue-count" data-queue={label}>
          {n ?? (queues.loading ? '…' : '—')}
        </span>
      </a>
      {extra}
    </li>
  );
  return (
    <section aria-labelledby="queues-heading">
      <h2 id="queues-heading">Queues in {region}</h2>
      {queues.error && !notServedYet(queues.error) ? (
        <ProblemView error={queues.error} context="queues" />
      ) : null}
      {notServedYet(queues.error) ? (
        <p class="muted">The queue counts are not served by this API yet; the lists below still work.</p>
      ) : null}
      <ul class="queue-cards">
        {card(
          'In review',
          counts?.IN_REVIEW,
          { status: 'IN_REVIEW' },
          reasons.length > 0 ? (
            <ul class="reasons" aria-label="Why claims are in review">
              {reasons.map(([r, n]) => (
                <li key={r}>
                  {words(r)} <strong>{n}</strong>
                </li>
              ))}
            </ul>
          ) : null,
        )}
        {card('Awaiting parts', counts?.AWAITING_PARTS, { status: 'AWAITING_PARTS' })}
        {card('Scheduled', counts?.SCHEDULED, { status: 'SCHEDULED' })}
        {card('Overdue', counts?.overdue, { overdue: 'true' })}
      </ul>
    </section>
  );
}

export function ClaimsPage({ params }: { params: URLSearchParams }) {
  const { api, region: switcherRegion } = useConsole();
  const filters = filtersOf(params);
  const region = filters.region ?? switcherRegion;
  const key = JSON.stringify(filters) + region;
  const [form, setForm] = useState<Filters>(filters);
  useEffect(() => setForm(filters), [key]);
  const [pages, setPages] = useState<Claim[][]>([]);
  const [cursor, setCursor] = useState<string>();
  const [more, setMore] = useState<{ loading: boolean; error?: unknown }>({ loading: false });

  const first = useLoad(
    async (signal) => {
      const q = query({
        status: filters.status,
        vin: filters.vin,
        partnerId: filters.partnerId,
        claimId: filters.claimId,
        overdue: filters.overdue,
        region: filters.region === 'any' ? undefined : region,
        limit: 50,
      });
      const page = await api.get<Page<Claim> & { replicas?: ReplicaFreshness[] }>(
        filters.region === 'any' ? switcherRegion : region,
        `claims?${q}`,
        signal,
      );
      setPages([page.items]);
      setCursor(page.nextCursor);
      return page;
    },
    [key],
  );
  const loadMore = async () => {
    if (!cursor) return;
    setMore({ loading: true });
    try {
      const q = query({
        ...filters,
        region: filters.region === 'any' ? undefined : region,
        limit: 50,
        cursor,
      });
      const page = await api.get<Page<Claim>>(region, `claims?${q}`);
      setPages((p) => [...p, page.items]);
      setCursor(page.nextCursor);
      setMore({ loading: false });
    } catch (error) {
      setMore({ loading: false, error });
    }
  };
  const claims = pages.flat();
  const submit = (e: Event) => {
    e.preventDefault();
    const next: Record<string, string | undefined> = {};
    for (const k of FILTERS) next[k] = form[k]?.trim() || undefined;
    // A full claim id opens the claim itself.
    if (next.claimId && /^CLM-/.test(next.claimId) && !next.vin && !next.partnerId && !next.status) {
      navigate(href(`claims/${next.claimId}`));
      return;
    }
    navigate(href('claims', next));
  };
  const set = (k: keyof Filters) => (e: Event) =>
    setForm((f) => ({ ...f, [k]: (e.currentTarget as HTMLInputElement).value }));
  const describe = [
    filters.overdue ? 'overdue' : filters.status ? words(filters.status) : 'any status',
    filters.vin ? `VIN ${filters.vin}` : '',
    filters.partnerId ? `partner ${filters.partnerId}` : '',
    filters.claimId ? `claim ${filters.claimId}` : '',
    filters.region === 'any' ? 'any region' : region,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <>
      <h1 tabIndex={-1}>Claims</h1>
      <QueueCards region={region} />
      <section aria-labelledby="search-heading">
        <h2 id="search-heading">Find claims</h2>
        <form class="filters" onSubmit={submit} aria-labelledby="search-heading">
          <Field label="Status" id="f-status">
            <select id="f-status" value={form.status ?? ''} onChange={set('status')}>
              <option value="">Any status</option>
              {CLAIM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {words(s)}
                </option>
              ))}
            </select>
          </Field>
          <Field label="VIN" id="f-vin">
            <input id="f-vin" value={form.vin ?? ''} onInput={set('vin')} spellcheck={false} maxLength={17} />
          </Field>
          <Field label="Partner id" id="f-partner">
            <input
              id="f-partner"
              value={form.partnerId ?? ''}
              onInput={set('partnerId')}
              spellcheck={false}
            />
          </Field>
          <Field label="Claim id" id="f-claim">
            <input id="f-claim" value={form.claimId ?? ''} onInput={set('claimId')} spellcheck={false} />
          </Field>
          <Field label="Region" id="f-region">
            <select id="f-region" value={form.region ?? ''} onChange={set('region')}>
              <option value="">Switcher's ({switcherRegion})</option>
              {api.regions().map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
              <option value="any">Any region</option>
            </select>
          </Field>
          <div class="field checkbox">
            <input
              id="f-overdue"
              type="checkbox"
              checked={form.overdue === 'true'}
              onChange={(e) => setForm((f) => ({ ...f, overdue: e.currentTarget.checked ? 'true' : '' }))}
            />
            <label for="f-overdue">Overdue only</label>
          </div>
          <div class="filter-actions">
            <button type="submit" class="primary">
              Search
            </button>
            <a class="button" href={href('claims')}>
              Reset
            </a>
          </div>
        </form>
      </section>
      <section aria-labelledby="results-heading" aria-busy={first.loading}>
        <h2 id="results-heading">
          Results <span class="muted small">({describe})</span>
        </h2>
        <ProblemView error={first.error} context="the claim list" />
        {first.data?.replicas?.map((r) => (
          <ReplicaBanner key={r.homeRegion} replica={r} subject={`Claims of ${r.homeRegion} were`} />
        ))}
        {first.loading && claims.length === 0 ? <Loading what="claims" /> : null}
        {!first.loading && !first.error && claims.length === 0 ? <p role="status">No claims match.</p> : null}
        {claims.length > 0 ? (
          <DataTable
            columns={['Claim', 'Status', 'Partner', 'VIN', 'Reasons', numeric('Claimed'), 'Updated']}
            class="claims"
            caption={`Claims: ${describe}`}
          >
            {claims.map((c) => (
              <tr key={c.claimId} data-claim={c.claimId}>
                <td>
                  <a href={href(`claims/${c.claimId}`)} class="mono">
                    {c.claimId}
                  </a>
                </td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td>{c.partnerId}</td>
                <td class="mono">{c.vin}</td>
                <td>{c.reasons.map(words).join(', ') || '—'}</td>
                <td class="num">{money(c.amounts?.claimed)}</td>
                <td>{when(c.updatedAt)}</td>
              </tr>
            ))}
          </DataTable>
        ) : null}
        <ProblemView error={more.error} context="more claims" />
        {cursor ? (
          <button type="button" onClick={loadMore} disabled={more.loading}>
            {more.loading ? 'Loading…' : 'Load more'}
          </button>
        ) : null}
      </section>
    </>
  );
}
