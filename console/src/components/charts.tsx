import type { ComponentChildren } from 'preact';
import { DataTable } from './data-table.tsx';

/**
 * Small charts drawn as SVG (no chart library: a few dozen points per chart). Each is a figure with
 * a caption, an accessible summary on the SVG, and its numbers in a table under "Data", so nothing
 * is shown only as a picture. Series differ by colour and by line pattern.
 */

export const SERIES_COLOURS = ['#0b5cad', '#c2410c', '#15803d', '#7c3aed', '#be185d', '#0e7490'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4'];

export function ChartFigure(props: {
  title: string;
  summary: string;
  children: ComponentChildren;
  table: { head: string[]; rows: (string | number)[][] };
  class?: string;
  legend?: ComponentChildren;
}) {
  return (
    <figure class={`chart card ${props.class ?? ''}`}>
      <figcaption>{props.title}</figcaption>
      {props.children}
      {props.legend}
      <details class="data">
        <summary>Data: {props.title}</summary>
        <DataTable columns={props.table.head}>
          {props.table.rows.map((r) => (
            <tr key={String(r[0])}>
              {r.map((c, i) => (
                <td key={i} class={typeof c === 'number' ? 'num' : ''}>
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </DataTable>
      </details>
      <p class="sr-only">{props.summary}</p>
    </figure>
  );
}

const niceMax = (v: number) => {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const f = v / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
};

/** Lines over days, one per series (claims per region per day). */
export function LineChart(props: {
  label: string;
  dates: string[];
  series: { name: string; values: number[] }[];
}) {
  const W = 1100;
  const H = 280;
  const L = 40;
  const R = 12;
  const T = 12;
  const B = 28;
  const max = niceMax(Math.max(1, ...props.series.flatMap((s) => s.values)));
  const n = Math.max(1, props.dates.length - 1);
  const x = (i: number) => L + ((W - L - R) * i) / n;
  const y = (v: number) => T + (H - T - B) * (1 - v / max);
  const ticks = [...new Set([0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f)))];
  const every = Math.max(1, Math.ceil(props.dates.length / 10));
  const last = props.dates.length - 1;
  // Every `every`-th date, and the last one unless it would sit on the one before.
  const labelled = (i: number) => (i % every === 0 && last - i >= every / 2) || i === last;
  return (
    <>
      <svg class="plot" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label}>
        <g class="grid">
          {ticks.map((t) => (
            <line key={t} x1={L} x2={W - R} y1={y(t)} y2={y(t)} />
          ))}
        </g>
        <g class="axis">
          {ticks.map((t) => (
            <text key={t} x={L - 6} y={y(t) + 4} text-anchor="end">
              {t}
            </text>
          ))}
          {props.dates.map((d, i) =>
            labelled(i) ? (
              <text key={d} x={x(i)} y={H - 8} text-anchor="middle">
                {d.slice(5)}
              </text>
            ) : null,
          )}
        </g>
        {props.series.map((s, k) => (
          <polyline
            key={s.name}
            class="series"
            points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
            stroke={SERIES_COLOURS[k % SERIES_COLOURS.length]}
            stroke-dasharray={DASHES[k % DASHES.length]}
          />
        ))}
      </svg>
      <ul class="chart-legend" aria-label="Series">
        {props.series.map((s, k) => (
          <li key={s.name}>
            <svg width="26" height="8" aria-hidden="true">
              <line
                x1="0"
                x2="26"
                y1="4"
                y2="4"
                stroke={SERIES_COLOURS[k % SERIES_COLOURS.length]}
                stroke-width="2.5"
                stroke-dasharray={DASHES[k % DASHES.length]}
              />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Horizontal bars, one group per category, one bar per measure (p50/p90/p99; a rate). */
export function BarChart(props: {
  label: string;
  categories: string[];
  measures: { name: string; values: (number | null | undefined)[] }[];
  format: (v: number) => string;
  max?: number;
}) {
  const W = 520;
  const labelW = 120;
  const barH = 14;
  const gap = 10;
  const groupH = props.measures.length * (barH + 3) + gap;
  const H = props.categories.length * groupH + 8;
  const max =
    props.max ??
    niceMax(
      Math.max(0, ...props.measures.flatMap((m) => m.values.map((v) => (typeof v === 'number' ? v : 0)))),
    );
  const w = (v: number) => ((W - labelW - 70) * Math.max(0, v)) / (max || 1);
  return (
    <>
      <svg class="plot" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label}>
        {props.categories.map((c, i) => (
          <g key={c} transform={`translate(0, ${i * groupH + 4})`}>
            <text x={0} y={((barH + 3) * props.measures.length) / 2 + 3} class="axis">
              {c}
            </text>
            {props.measures.map((m, k) => {
              const v = m.values[i];
              return (
                <g key={m.name} transform={`translate(${labelW}, ${k * (barH + 3)})`}>
                  <rect
                    width={typeof v === 'number' ? Math.max(1, w(v)) : 0}
                    height={barH}
                    fill={SERIES_COLOURS[k % SERIES_COLOURS.length]}
                    rx={2}
                  />
                  <text class="value" x={(typeof v === 'number' ? w(v) : 0) + 6} y={barH - 3}>
                    {props.measures.length > 1 ? `${m.name} ` : ''}
                    {typeof v === 'number' ? props.format(v) : 'no data'}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      {props.measures.length > 1 ? (
        <ul class="chart-legend" aria-label="Measures">
          {props.measures.map((m, k) => (
            <li key={m.name}>
              <svg width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" fill={SERIES_COLOURS[k % SERIES_COLOURS.length]} />
              </svg>
              {m.name}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** One stacked bar per category (NPS: promoters, passives, detractors), with the score beside it. */
export function StackedBars(props: {
  label: string;
  rows: { name: string; parts: number[]; note: string }[];
  parts: { name: string; colour: string }[];
}) {
  const W = 520;
  const labelW = 120;
  const noteW = 90;
  const barH = 18;
  const H = props.rows.length * (barH + 12) + 4;
  return (
    <>
      <svg class="plot" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label}>
        {props.rows.map((r, i) => {
          const total = r.parts.reduce((a, b) => a + b, 0);
          let at = labelW;
          return (
            <g key={r.name} transform={`translate(0, ${i * (barH + 12) + 4})`}>
              <text class="axis" x={0} y={barH - 4}>
                {r.name}
              </text>
              {total === 0 ? (
                <text class="value" x={labelW} y={barH - 4}>
                  no answers yet
                </text>
              ) : (
                r.parts.map((p, k) => {
                  const width = ((W - labelW - noteW) * p) / total;
                  const rect = (
                    <rect
                      key={props.parts[k]!.name}
                      x={at}
                      width={width}
                      height={barH}
                      fill={props.parts[k]!.colour}
                    />
                  );
                  at += width;
                  return rect;
                })
              )}
              <text class="value" x={W - noteW + 8} y={barH - 4}>
                {r.note}
              </text>
            </g>
          );
        })}
      </svg>
      <ul class="chart-legend" aria-label="Parts">
        {props.parts.map((p) => (
          <li key={p.name}>
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" fill={p.colour} />
            </svg>
            {p.name}
          </li>
        ))}
      </ul>
    </>
  );
}
