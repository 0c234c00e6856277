import { DataTable, numeric } from '../../components/data-table.tsx';
import { money, when, words } from '../../format.ts';
import { href } from '../../router.ts';
import type { Claim } from '../../types.ts';

/** What was asked and decided on a claim: its summary, its lines with their decisions, its audit trail. */

export function Summary({ claim: c }: { claim: Claim }) {
  return (
    <section aria-labelledby="summary-heading" class="card">
      <h2 id="summary-heading">Summary</h2>
      <dl class="facts">
        <dt>VIN</dt>
        <dd class="mono">
          <a href={href('claims', { vin: c.vin, region: 'any' })}>{c.vin}</a>
        </dd>
        <dt>Odometer</dt>
        <dd>{c.odometerKm.toLocaleString('en')} km</dd>
        <dt>Failure date</dt>
        <dd>{c.failureDate}</dd>
        <dt>Repair order</dt>
        <dd>{c.repairOrderNumber}</dd>
        <dt>Customer</dt>
        <dd>
          {c.customer.name}
          {c.customer.language ? ` (${c.customer.language})` : ''}
        </dd>
        <dt>Complaint</dt>
        <dd>{c.complaint}</dd>
        <dt>Fault codes</dt>
        <dd class="mono">{c.faultCodes.join(', ') || '—'}</dd>
        {c.batteryStateOfHealthPct !== undefined ? (
          <>
            <dt>Battery health</dt>
            <dd>{c.batteryStateOfHealthPct} %</dd>
          </>
        ) : null}
        <dt>Reasons</dt>
        <dd>{c.reasons.length ? c.reasons.map(words).join(', ') : '—'}</dd>
        <dt>Claimed</dt>
        <dd>{money(c.amounts?.claimed)}</dd>
        <dt>Approved</dt>
        <dd>{money(c.amounts?.approved)}</dd>
        <dt>Settled</dt>
        <dd>{money(c.amounts?.settled)}</dd>
        {c.escalatedAt ? (
          <>
            <dt>Escalated</dt>
            <dd>{when(c.escalatedAt)}</dd>
          </>
        ) : null}
        {c.failure ? (
          <>
            <dt>Failure</dt>
            <dd class="bad">
              {c.failure.error}: {c.failure.cause} ({when(c.failure.at)})
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

export function Lines({ claim: c }: { claim: Claim }) {
  return (
    <section aria-labelledby="lines-heading" class="card">
      <h2 id="lines-heading">Lines and decisions</h2>
      <DataTable columns={['#', 'Part', numeric('Qty'), 'Labour', numeric('Hours'), 'Decision', 'Reasons']}>
        {c.lines.map((l) => (
          <tr key={l.lineNo}>
            <td>{l.lineNo}</td>
            <td class="mono">
              {l.partNumber}
              {l.category ? <span class="muted small"> {l.category}</span> : null}
            </td>
            <AdjustedFigure filed={l.quantity} adjusted={l.adjusted?.quantity} />
            <td class="mono">{l.laborOperation}</td>
            <AdjustedFigure filed={l.laborHours} adjusted={l.adjusted?.laborHours} />
            <td>
              {l.decision ? (
                <span class={`decision ${l.decision.toLowerCase()}`}>{words(l.decision)}</span>
              ) : (
                '—'
              )}
            </td>
            <td>{l.reasons.map(words).join(', ') || '—'}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** A figure of a filed line, struck through and followed by the adjuster's figure where it changed. */
function AdjustedFigure({ filed, adjusted }: { filed: number; adjusted: number | undefined }) {
  return (
    <td class="num">
      {adjusted !== undefined && adjusted !== filed ? (
        <>
          <s>{filed}</s> {adjusted}
        </>
      ) : (
        filed
      )}
    </td>
  );
}

export function Audit({ claim: c }: { claim: Claim }) {
  return (
    <section aria-labelledby="audit-heading" class="card">
      <h2 id="audit-heading">Audit trail</h2>
      <ol class="audit">
        {c.events.map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{when(e.at)}</time>{' '}
            <span>
              {e.from ? `${words(e.from)} → ` : ''}
              <strong>{words(e.to)}</strong>
            </span>{' '}
            <span class="muted small">
              by {e.actor.kind} {e.actor.id} in {e.region}
            </span>
            {e.reason ? <div class="reason">{e.reason}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
