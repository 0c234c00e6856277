import { query } from '../../api.ts';
import { notServedYet, ProblemView, useLoad } from '../../components/common.tsx';
import { DataTable, numeric } from '../../components/data-table.tsx';
import { useConsole } from '../../console-context.ts';
import { clock, when, words } from '../../format.ts';
import { href } from '../../router.ts';
import type { ClaimDetail, EmailRecord } from '../../types.ts';

/**
 * What the workflow arranged for a claim: the parts reserved or backordered, the technician and
 * the appointment, the emails sent.
 */

export function Parts({ detail }: { detail: ClaimDetail }) {
  const c = detail.claim;
  const reservations = detail.reservations ?? c.reservations ?? [];
  return (
    <section aria-labelledby="parts-heading" class="card">
      <h2 id="parts-heading">Parts and reservations</h2>
      {reservations.length === 0 && !(c.backorders?.length ?? 0) ? (
        <p class="muted">No parts reserved{c.status === 'IN_REVIEW' ? ' yet (after approval)' : ''}.</p>
      ) : null}
      {reservations.length > 0 ? (
        <DataTable columns={['Part', numeric('Qty'), 'Warehouse', 'Region']}>
          {reservations.map((r) => (
            <tr key={`${r.warehouseId}-${r.partNumber}`}>
              <td class="mono">{r.partNumber}</td>
              <td class="num">{r.quantity}</td>
              <td>{r.warehouseId}</td>
              <td>{r.region}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {c.backorders?.length ? (
        <>
          <h3>Backordered</h3>
          <ul>
            {c.backorders.map((b) => (
              <li key={b.partNumber}>
                <span class="mono">{b.partNumber}</span> × {b.quantity} —{' '}
                <a href={href('inventory', { part: b.partNumber })}>restock</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function Repair({ detail }: { detail: ClaimDetail }) {
  const c = detail.claim;
  const appt = detail.appointment ?? c.appointment;
  return (
    <section aria-labelledby="repair-heading" class="card">
      <h2 id="repair-heading">Technician and appointment</h2>
      {appt ? (
        <dl class="facts">
          <dt>Technician</dt>
          <dd>
            {detail.technician?.name ?? appt.technicianName ?? appt.technicianId}
            {detail.technician?.skills?.length ? (
              <span class="muted small"> ({detail.technician.skills.join(', ')})</span>
            ) : null}
          </dd>
          <dt>Centre</dt>
          <dd>{appt.centreId}</dd>
          <dt>Appointment</dt>
          <dd>
            {when(appt.start)} – {clock(appt.end)}
          </dd>
          {c.repairReminders ? (
            <>
              <dt>Reminders</dt>
              <dd>{c.repairReminders} sent to the partner</dd>
            </>
          ) : null}
          {c.completion ? (
            <>
              <dt>Repaired</dt>
              <dd>
                {when(c.completion.completedAt)}, {c.completion.laborHours} h
                {c.completion.notes ? ` — ${c.completion.notes}` : ''}
              </dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p class="muted">No technician booked yet.</p>
      )}
    </section>
  );
}

export function Emails({ detail, region }: { detail: ClaimDetail; region: string }) {
  const { api } = useConsole();
  const fromDetail = detail.emails;
  const claimId = detail.claim.claimId;
  const outbox = useLoad(
    (signal) =>
      fromDetail
        ? Promise.resolve({ items: fromDetail })
        : api.get<{ items: EmailRecord[] }>(region, `outbox?${query({ claimId, limit: 50 })}`, signal),
    [claimId, fromDetail?.length ?? -1, detail.claim.updatedAt],
  );
  const emails = outbox.data?.items ?? [];
  return (
    <section aria-labelledby="emails-heading" class="card">
      <h2 id="emails-heading">Emails sent</h2>
      {outbox.error && notServedYet(outbox.error) ? (
        <p class="muted">The outbox is not served by this API yet.</p>
      ) : (
        <ProblemView error={outbox.error} context="emails" />
      )}
      {!outbox.error && emails.length === 0 && !outbox.loading ? <p class="muted">None yet.</p> : null}
      {emails.length > 0 ? (
        <DataTable columns={['Email', 'To', 'Language', 'Sent']}>
          {emails.map((e) => (
            <tr key={`${e.template}-${e.sentAt}`}>
              <td>
                {words(e.template)}
                {e.subject ? <span class="muted small"> — {e.subject}</span> : null}
              </td>
              <td>{e.to ?? '—'}</td>
              <td>{e.language ?? '—'}</td>
              <td>{when(e.sentAt)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}
