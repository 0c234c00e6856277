import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { BarChart, ChartFigure, LineChart, StackedBars } from '../components/charts.tsx';
import { Field, Loading, notServedYet, ProblemView, useLoad } from '../components/common.tsx';
import { useConsole } from '../console-context.ts';
import { hours, percent } from '../format.ts';
import type { Metrics } from '../types.ts';

/**
 * The dashboard: every region's metrics side by side (each region's own API answers for its
 * claims): claims per day, auto-approval rate, cycle time percentiles, parts fill rate, NPS, and
 * the modelled cost per 1,000 claims.
 */
export function DashboardPage() {
  const { api } = useConsole();
  const [days, setDays] = useState(30);
  const regions = api.regions();
  const metrics = useLoad(
    async (signal) => {
      const settled = await Promise.allSettled(
        regions.map((r) => api.get<Metrics>(r, `metrics?${query({ region: r, days })}`, signal)),
      );
      return settled.map((s, i) => ({ region: regions[i]!, result: s }));
    },
    [days, regions.join(',')],
  );
  const ok = (metrics.data ?? [])
    .filter((m) => m.result.status === 'fulfilled')
    .map((m) => ({ region: m.region, m: (m.result as PromiseFulfilledResult<Metrics>).value }));
  const failed = (metrics.data ?? []).filter((m) => m.result.status === 'rejected');
  const dates = [...new Set(ok.flatMap(({ m }) => m.claimsPerDay.map((d) => d.date)))].sort();
  const perDay = ok.map(({ region, m }) => {
    const byDate = new Map(m.claimsPerDay.map((d) => [d.date, d.count]));
    return { name: region, values: dates.map((d) => byDate.get(d) ?? 0) };
  });
  const names = ok.map((o) => o.region);

  return (
    <>
      <h1 tabIndex={-1}>Dashboard</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Period" id="dash-days">
          <select
            id="dash-days"
            value={String(days)}
            onChange={(e) => setDays(Number(e.currentTarget.value))}
          >
            <option value="7">Last 7 days</option>
            <option value="30">Last 30 days</option>
            <option value="90">Last 90 days</option>
          </select>
        </Field>
      </form>
      {metrics.loading && !metrics.data ? <Loading what="the metrics" /> : null}
      {failed.map((f) => {
        const reason = (f.result as PromiseRejectedResult).reason;
        return notServedYet(reason) ? (
          <p class="muted" key={f.region}>
            {f.region}: metrics are not served by this API yet (GET metrics).
          </p>
        ) : (
          <ProblemView key={f.region} error={reason} context={`metrics of ${f.region}`} />
        );
      })}
      {ok.length > 0 ? (
        <div class="charts">
          <ChartFigure
            class="wide"
            title={`Claims per region per day (${days} days)`}
            summary={perDay.map((s) => `${s.name}: ${s.values.reduce((a, b) => a + b, 0)} claims`).join('; ')}
            table={{
              head: ['Date', ...names],
              rows: dates.map((d, i) => [d, ...perDay.map((s) => s.values[i] ?? 0)]),
            }}
          >
            <LineChart label="Claims filed per day, one line per region" dates={dates} series={perDay} />
          </ChartFigure>
          <RateFigure
            title="Auto-approval rate"
            column="Auto-approved"
            label="Share of decided claims approved without review, per region"
            measure="rate"
            rates={ok.map(({ region, m }) => ({ region, rate: m.autoApprovalRate }))}
          />
          <RateFigure
            title="Parts fill rate"
            column="Filled at once"
            label="Share of parts reserved at once rather than backordered, per region"
            measure="fill rate"
            rates={ok.map(({ region, m }) => ({ region, rate: m.partsFillRate }))}
          />
          <ChartFigure
            title="Cycle time (filed → settled), percentiles"
            summary={ok
              .map(
                ({ region, m }) =>
                  `${region} p50 ${hours(m.cycleTimeHours?.p50)}, p90 ${hours(m.cycleTimeHours?.p90)}, p99 ${hours(m.cycleTimeHours?.p99)}`,
              )
              .join('; ')}
            table={{
              head: ['Region', 'p50', 'p90', 'p99'],
              rows: ok.map(({ region, m }) => [
                region,
                hours(m.cycleTimeHours?.p50),
                hours(m.cycleTimeHours?.p90),
                hours(m.cycleTimeHours?.p99),
              ]),
            }}
          >
            <BarChart
              label="Cycle time percentiles per region"
              categories={names}
              measures={(['p50', 'p90', 'p99'] as const).map((p) => ({
                name: p,
                values: ok.map(({ m }) => m.cycleTimeHours?.[p]),
              }))}
              format={hours}
            />
          </ChartFigure>
          <ChartFigure
            title="Net promoter score"
            summary={ok
              .map(
                ({ region, m }) =>
                  `${region} NPS ${m.nps?.score ?? 'none'} from ${m.nps?.responses ?? 0} answers`,
              )
              .join('; ')}
            table={{
              head: ['Region', 'NPS', 'Answers', 'Promoters', 'Passives', 'Detractors'],
              rows: ok.map(({ region, m }) => [
                region,
                m.nps?.score ?? '—',
                m.nps?.responses ?? 0,
                m.nps?.promoters ?? 0,
                m.nps?.passives ?? 0,
                m.nps?.detractors ?? 0,
              ]),
            }}
          >
            <StackedBars
              label="Survey answers per region: promoters, passives, detractors, and the NPS"
              parts={[
                { name: 'Promoters (9–10)', colour: '#15803d' },
                { name: 'Passives (7–8)', colour: '#a3a3a3' },
                { name: 'Detractors (0–6)', colour: '#b3261e' },
              ]}
              rows={ok.map(({ region, m }) => ({
                name: region,
                parts: [m.nps?.promoters ?? 0, m.nps?.passives ?? 0, m.nps?.detractors ?? 0],
                note:
                  m.nps && m.nps.responses > 0 && typeof m.nps.score === 'number'
                    ? `NPS ${m.nps.score > 0 ? '+' : ''}${Math.round(m.nps.score)}`
                    : 'NPS —',
              }))}
            />
          </ChartFigure>
          <ModelledCostFigure regions={ok} />
        </div>
      ) : null}
    </>
  );
}

const dollars = (usd: number | null | undefined) => (typeof usd === 'number' ? `$${usd.toFixed(2)}` : '—');

/**
 * The modelled cost per 1,000 claims per region: a model, said so on the page. The period's claims
 * per path (approved at once, reviewed, rejected, backordered, parts from another region) × what a
 * claim of each path cost when `npm run bench cost` ran it on the local runtime, at AWS list prices.
 */
function ModelledCostFigure(props: { regions: { region: string; m: Metrics }[] }) {
  const rows = props.regions.filter(({ m }) => m.modelledCost);
  if (rows.length === 0) return null;
  const first = rows[0]!.m.modelledCost!;
  const paths = Object.keys(first.usdPer1000ByPath);
  return (
    <ChartFigure
      title="Modelled cost per 1,000 claims (AWS list prices; target $1.00)"
      summary={rows
        .map(({ region, m }) => `${region} ${dollars(m.modelledCost?.usdPer1000Claims)}`)
        .join('; ')}
      table={{
        head: ['Region', 'Modelled $ per 1,000 claims', ...paths.map((p) => `${p} claims`)],
        rows: rows.map(({ region, m }) => [
          region,
          dollars(m.modelledCost?.usdPer1000Claims),
          ...paths.map((p) => m.modelledCost?.pathMix[p] ?? 0),
        ]),
      }}
    >
      <p class="muted">
        A model, not the AWS bill: this period's claims of each path, each at the cost per claim that{' '}
        <code>npm run bench cost</code> measured on the local runtime (Step Functions transitions, Lambda,
        DynamoDB units in three regions, API requests, emails at list prices; measured {first.measuredOn},
        commit {first.commit}). Per path, per 1,000 claims:{' '}
        {paths.map((p) => `${p} ${dollars(first.usdPer1000ByPath[p])}`).join(', ')}.
      </p>
      <BarChart
        label="Modelled dollars per 1,000 claims, per region"
        categories={rows.map(({ region }) => region)}
        measures={[
          {
            name: 'modelled $ per 1,000 claims',
            values: rows.map(({ m }) => m.modelledCost?.usdPer1000Claims),
          },
        ]}
        format={dollars}
      />
    </ChartFigure>
  );
}

/** A share per region (0 to 1): a bar per region, its figures in the data table. */
function RateFigure(props: {
  title: string;
  column: string;
  label: string;
  measure: string;
  rates: { region: string; rate: number | null | undefined }[];
}) {
  const { rates } = props;
  return (
    <ChartFigure
      title={props.title}
      summary={rates.map(({ region, rate }) => `${region} ${percent(rate)}`).join('; ')}
      table={{
        head: ['Region', props.column],
        rows: rates.map(({ region, rate }) => [region, percent(rate)]),
      }}
    >
      <BarChart
        label={props.label}
        categories={rates.map(({ region }) => region)}
        measures={[{ name: props.measure, values: rates.map(({ rate }) => rate) }]}
        format={percent}
        max={1}
      />
    </ChartFigure>
  );
}
