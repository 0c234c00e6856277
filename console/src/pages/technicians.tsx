import { query } from '../api.ts';
import { Loading, notServedYet, ProblemView, useLoad } from '../components/common.tsx';
import { DataTable } from '../components/data-table.tsx';
import { useConsole } from '../console-context.ts';
import { when } from '../format.ts';
import type { Partner } from '../types.ts';

/** The region's partners, their service centres and technicians, with each technician's load. */
export function TechniciansPage() {
  const { api, region } = useConsole();
  const partners = useLoad(
    (signal) => api.get<{ items: Partner[] }>(region, `partners?${query({ region })}`, signal),
    [region],
  );
  return (
    <>
      <h1 tabIndex={-1}>Technicians in {region}</h1>
      {notServedYet(partners.error) ? (
        <p class="muted">Partners and technicians are not served by this API yet (GET partners).</p>
      ) : (
        <ProblemView error={partners.error} context="partners" />
      )}
      {partners.loading && !partners.data ? <Loading what="partners" /> : null}
      {partners.data?.items.length === 0 ? <p>No partners in {region}.</p> : null}
      {partners.data?.items.map((p) => (
        <section key={p.partnerId} class="card" aria-labelledby={`p-${p.partnerId}`}>
          <h2 id={`p-${p.partnerId}`}>
            {p.name}{' '}
            <span class="muted small">
              {p.partnerId} · {p.market}
              {p.currency ? ` · ${p.currency}` : ''}
            </span>
          </h2>
          {p.centres.map((c) => {
            const max = Math.max(1, ...c.technicians.map((t) => t.load?.bookedSlots ?? 0));
            return (
              <div key={c.centreId} class="centre">
                <h3>
                  {c.name} <span class="muted small">{c.timeZone ?? ''}</span>
                </h3>
                <DataTable columns={['Technician', 'Skills', 'Booked slots', 'Next free slot']}>
                  {c.technicians.map((t) => (
                    <tr key={t.technicianId}>
                      <td>
                        {t.name} <span class="muted small">{t.technicianId}</span>
                      </td>
                      <td>{t.skills.join(', ')}</td>
                      <td>
                        <span class="load">
                          <span
                            class="load-bar"
                            style={{ width: `${((t.load?.bookedSlots ?? 0) / max) * 100}%` }}
                            aria-hidden="true"
                          />
                          <span class="load-n">{t.load?.bookedSlots ?? '—'}</span>
                        </span>
                      </td>
                      <td>{t.load?.nextFreeSlot ? when(t.load.nextFreeSlot) : '—'}</td>
                    </tr>
                  ))}
                </DataTable>
              </div>
            );
          })}
        </section>
      ))}
    </>
  );
}
