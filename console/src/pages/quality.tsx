import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { BarChart, ChartFigure } from '../components/charts.tsx';
import { Field, Loading, ProblemView, useLoad } from '../components/common.tsx';
import { DataTable, numeric } from '../components/data-table.tsx';
import { useConsole } from '../console-context.ts';
import { money, percent } from '../format.ts';
import { roleAtLeast } from '../session.ts';
import {
  type Campaign,
  type CampaignOpened,
  type EarlyWarningFlag,
  type EarlyWarnings,
  FAILURE_DIMENSIONS,
  type FailureDimension,
  type FailureRates,
} from '../types.ts';
import { OpenCampaignDialog } from './quality-campaign-form.tsx';
import { CampaignsView } from './quality-campaigns.tsx';
import { SupplierRecoverySection } from './quality-suppliers.tsx';

/**
 * The quality loop (issue 17): failure rates of the registered fleet, the early-warning flags with
 * their evidence, and the service campaigns with their completion. Any region's API answers for
 * every market (the quality ledger is a global table), so the page reads the region shown; the
 * scope is one market, one region's markets, or all of them.
 */

const DIMENSION_LABEL: Record<FailureDimension, string> = {
  model: 'Model',
  modelYear: 'Model year',
  market: 'Market',
  category: 'Component category',
  part: 'Part',
  mileageBand: 'Mileage band',
};

/** `all`, `region:ap-south-1` or `market:NP` ⇄ the query parameters of a report. */
const scopeParams = (scope: string) =>
  scope.startsWith('region:')
    ? { region: scope.slice(7) }
    : scope.startsWith('market:')
      ? { market: scope.slice(7) }
      : {};

const per1000 = (v: number | null | undefined) => (typeof v === 'number' ? v.toFixed(2) : '—');
const pValue = (p: number) => (p < 0.0001 ? p.toExponential(1) : p.toFixed(4));
const thisMonth = () => new Date().toISOString().slice(0, 7);

export function QualityPage() {
  const { api, region, session } = useConsole();
  const [scope, setScope] = useState('all');
  const [by, setBy] = useState<FailureDimension>('model');
  const [months, setMonths] = useState(12);
  const [month, setMonth] = useState(thisMonth);
  const [flag, setFlag] = useState<EarlyWarningFlag>();
  const [opened, setOpened] = useState<CampaignOpened>();
  // The markets of every answer so far: the scope selector offers them (the market list itself is
  // master data, for managers only).
  const [knownMarkets, setKnownMarkets] = useState<string[]>([]);
  const learn = (markets: string[]) =>
    setKnownMarkets((known) =>
      markets.every((m) => known.includes(m)) ? known : [...new Set([...known, ...markets])].sort(),
    );

  const rates = useLoad(
    async (signal) => {
      const r = await api.get<FailureRates>(
        region,
        `metrics?${query({ report: 'failure-rates', by, monthsInService: months, ...scopeParams(scope) })}`,
        signal,
      );
      learn(r.markets);
      return r;
    },
    [region, scope, by, months],
  );
  const warnings = useLoad(
    async (signal) => {
      const w = await api.get<EarlyWarnings>(
        region,
        `metrics?${query({ report: 'early-warnings', month, ...scopeParams(scope) })}`,
        signal,
      );
      learn(w.markets);
      return w;
    },
    [region, scope, month],
  );
  const market = scope.startsWith('market:') ? scope.slice(7) : undefined;
  const campaigns = useLoad(
    (signal) => api.get<{ items: Campaign[] }>(region, `campaigns?${query({ market })}`, signal),
    [region, market, opened?.campaign.campaignId],
  );
  const manager = roleAtLeast(session, 'manager');

  return (
    <>
      <h1 tabIndex={-1}>Quality</h1>
      <p class="subtitle">
        Failure rates of the registered fleet, early warnings, and the service campaigns that answer them.
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Scope" id="quality-scope">
          <select id="quality-scope" value={scope} onChange={(e) => setScope(e.currentTarget.value)}>
            <option value="all">Every market</option>
            <optgroup label="Regions">
              {api.regions().map((r) => (
                <option key={r} value={`region:${r}`}>
                  Markets of {r}
                </option>
              ))}
            </optgroup>
            <optgroup label="Markets">
              {[...new Set([...knownMarkets, ...(market ? [market] : [])])].map((m) => (
                <option key={m} value={`market:${m}`}>
                  {m}
                </option>
              ))}
            </optgroup>
          </select>
        </Field>
        <Field label="Rates by" id="quality-by">
          <select
            id="quality-by"
            value={by}
            onChange={(e) => setBy(e.currentTarget.value as FailureDimension)}
          >
            {FAILURE_DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {DIMENSION_LABEL[d]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Months in service" id="quality-months">
          <input
            id="quality-months"
            type="number"
            min={1}
            max={120}
            value={months}
            onInput={(e) => {
              const v = Number(e.currentTarget.value);
              if (Number.isInteger(v) && v >= 1 && v <= 120) setMonths(v);
            }}
          />
        </Field>
        <Field label="Warning month" id="quality-month">
          <input
            id="quality-month"
            type="month"
            value={month}
            onChange={(e) => e.currentTarget.value && setMonth(e.currentTarget.value)}
          />
        </Field>
      </form>

      <section aria-labelledby="rates-h" class="quality-rates">
        <h2 id="rates-h">Failure rates</h2>
        <ProblemView error={rates.error} context="failure rates" />
        {rates.loading && !rates.data ? <Loading what="the failure rates" /> : null}
        {rates.data ? <RatesView rates={rates.data} /> : null}
      </section>

      <section aria-labelledby="flags-h" class="card">
        <h2 id="flags-h">Early warnings</h2>
        <ProblemView error={warnings.error} context="early warnings" />
        {warnings.loading && !warnings.data ? <Loading what="the early warnings" /> : null}
        {warnings.data ? (
          <FlagsView
            warnings={warnings.data}
            {...(manager ? { onOpenCampaign: (f: EarlyWarningFlag) => setFlag(f) } : {})}
          />
        ) : null}
      </section>

      <section aria-labelledby="campaigns-h" class="card">
        <h2 id="campaigns-h">Service campaigns</h2>
        {opened ? (
          <p class="notice" role="status">
            Campaign {opened.campaign.campaignId} opened: {opened.vehicles} vehicles, {opened.noticesSent}{' '}
            customers told.
            {opened.notRegistered?.length ? ` Not registered: ${opened.notRegistered.join(', ')}.` : ''}
            {opened.outsideMarkets?.length
              ? ` Registered outside the campaign's markets: ${opened.outsideMarkets.join(', ')}.`
              : ''}
          </p>
        ) : null}
        <ProblemView error={campaigns.error} context="campaigns" />
        {campaigns.loading && !campaigns.data ? <Loading what="the campaigns" /> : null}
        {campaigns.data ? <CampaignsView campaigns={campaigns.data.items} /> : null}
      </section>

      <SupplierRecoverySection scope={scopeParams(scope)} />

      {flag ? (
        <OpenCampaignDialog
          flag={flag}
          onClose={() => setFlag(undefined)}
          onOpened={(o) => {
            setOpened(o);
            setFlag(undefined);
          }}
        />
      ) : null}
    </>
  );
}

function RatesView({ rates }: { rates: FailureRates }) {
  const label = DIMENSION_LABEL[rates.by];
  const rows = [...rates.rows].sort((a, b) => (b.per1000 ?? -1) - (a.per1000 ?? -1));
  const shown = rows.slice(0, 20);
  const currencies = Object.entries(rates.costPerVehicle.byCurrency);
  return (
    <>
      <p class="muted">
        {rates.markets.length > 0 ? `Markets ${rates.markets.join(', ')}` : 'No markets'} · as of {rates.asOf}{' '}
        · vehicles at {rates.monthsInService} months in service · ledger months {rates.monthsRead.from} to{' '}
        {rates.monthsRead.to}
      </p>
      <dl class="figures">
        <div>
          <dt>Vehicles registered</dt>
          <dd data-figure="vehicles">{rates.vehiclesRegistered}</dd>
        </div>
        <div>
          <dt>Claims read</dt>
          <dd data-figure="claims">{rates.claimsRead}</dd>
        </div>
        <div>
          <dt>Repeat repairs (same VIN and component within 90 days)</dt>
          <dd data-figure="repeat-repairs">{rates.repeatRepairs}</dd>
        </div>
        <div>
          <dt>First-time fix</dt>
          <dd data-figure="first-time-fix">
            {percent(rates.firstTimeFix.rate)}{' '}
            <span class="muted small">
              ({rates.firstTimeFix.fixedFirstTime} of {rates.firstTimeFix.repairs} repairs watched 90 days)
            </span>
          </dd>
        </div>
        <div>
          <dt>Cost per vehicle</dt>
          <dd data-figure="cost-per-vehicle">
            {currencies.length === 0
              ? '—'
              : currencies
                  .map(([currency, minor]) => money({ amountMinor: Math.round(minor), currency }))
                  .join(' · ')}
          </dd>
        </div>
      </dl>
      {rows.length === 0 ? (
        <p class="muted">No claims in this scope.</p>
      ) : (
        <div class="charts">
          <ChartFigure
            title={`Claims per 1,000 vehicles by ${label.toLowerCase()}`}
            summary={shown.map((r) => `${r.key}: ${per1000(r.per1000)} per 1,000`).join('; ')}
            table={{
              head: [label, 'Claims', 'Vehicles', 'Per 1,000'],
              rows: rows.map((r) => [r.key, r.claims, r.vehicles, per1000(r.per1000)]),
            }}
          >
            <BarChart
              label={`Claims per 1,000 vehicles in service, by ${label.toLowerCase()}${rows.length > shown.length ? ` (the ${shown.length} highest)` : ''}`}
              categories={shown.map((r) => r.key)}
              measures={[{ name: 'per 1,000 vehicles', values: shown.map((r) => r.per1000) }]}
              format={(v) => v.toFixed(1)}
            />
          </ChartFigure>
        </div>
      )}
    </>
  );
}

function FlagsView(props: { warnings: EarlyWarnings; onOpenCampaign?: (f: EarlyWarningFlag) => void }) {
  const { warnings } = props;
  const d = warnings.detector;
  return (
    <>
      <p class="muted">
        {warnings.month}: each component's claims in a market against its own {d.baselinePeriods} months
        before; flagged when the test's p-value is at most {d.alpha} and at least {d.minClaims} claims.
      </p>
      {warnings.flags.length === 0 ? (
        <p data-flags="0">No component is above its baseline in {warnings.month}.</p>
      ) : (
        <DataTable
          class="flags"
          caption={`Early-warning flags of ${warnings.month}`}
          columns={[
            'Market',
            'Component',
            'Period',
            numeric('Claims'),
            numeric('Expected'),
            numeric('Rate per 1,000 vehicle-months'),
            numeric('Baseline per 1,000'),
            numeric('Baseline claims'),
            numeric('p-value'),
            'Test',
            !!props.onOpenCampaign && 'Action',
          ]}
        >
          {warnings.flags.map((f) => (
            <tr key={`${f.market}-${f.component}-${f.period}`} data-flag={`${f.market}:${f.component}`}>
              <td>{f.market}</td>
              <td>{f.component}</td>
              <td>{f.period}</td>
              <td class="num">{f.claims}</td>
              <td class="num">{f.expected.toFixed(1)}</td>
              <td class="num">{per1000(f.ratePer1000)}</td>
              <td class="num">{per1000(f.baselinePer1000)}</td>
              <td class="num">{f.baselineClaims}</td>
              <td class="num">
                {pValue(f.pValue)} <span class="muted small">(α {f.alpha})</span>
              </td>
              <td>{f.test}</td>
              {props.onOpenCampaign ? (
                <td>
                  <button
                    type="button"
                    onClick={() => props.onOpenCampaign?.(f)}
                    aria-label={`Open campaign for ${f.component} in ${f.market} (${f.period})`}
                  >
                    Open campaign
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
