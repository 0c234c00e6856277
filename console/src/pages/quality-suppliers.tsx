import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { Loading, ProblemView, useLoad } from '../components/common.tsx';
import { DataTable, numeric } from '../components/data-table.tsx';
import { useConsole } from '../console-context.ts';
import { money } from '../format.ts';
import type { SupplierRecovery } from '../types.ts';

/**
 * Supplier recovery on the Quality page (issue 17): approved claim cost per supplier and per part
 * over the last twelve failure months of the page's scope, how much of it rests on an inspected
 * part, and each supplier's chargeback file (CSV, fetched with the staff token, then saved).
 */
export function SupplierRecoverySection({ scope }: { scope: { market?: string; region?: string } }) {
  const { api, region } = useConsole();
  const [downloadError, setDownloadError] = useState<unknown>();
  const report = useLoad(
    (signal) =>
      api.get<SupplierRecovery>(
        region,
        `metrics?${query({ report: 'supplier-recovery', ...scope })}`,
        signal,
      ),
    [region, scope.market, scope.region],
  );

  const download = async (supplier: string) => {
    setDownloadError(undefined);
    try {
      const csv = await api.getText(
        region,
        `metrics?${query({ report: 'supplier-recovery', supplier, format: 'csv', ...scope })}`,
      );
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `supplier-recovery-${supplier.replace(/[^A-Za-z0-9._-]+/g, '-')}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      // Revoked once the browser has taken the file.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setDownloadError(err);
    }
  };

  const r = report.data;
  return (
    <section aria-labelledby="suppliers-h" class="card">
      <h2 id="suppliers-h">Supplier recovery</h2>
      <ProblemView error={report.error} context="supplier recovery" />
      <ProblemView error={downloadError} context="the chargeback file" />
      {report.loading && !r ? <Loading what="supplier recovery" /> : null}
      {r ? (
        r.suppliers.length === 0 ? (
          <p class="muted">
            No approved claim line with a supplier failed from {r.months.from} to {r.months.to}.
          </p>
        ) : (
          <>
            <p class="muted">
              Approved claim cost of the failures from {r.months.from} to {r.months.to}, per supplier and
              part; inspected: lines whose failed part came back and was inspected.
            </p>
            <DataTable
              class="recovery-suppliers"
              caption="Approved cost per supplier"
              columns={[
                'Supplier',
                numeric('Claims'),
                numeric('Approved'),
                numeric('Inspected'),
                'Chargeback',
              ]}
            >
              {r.suppliers.map((s) => (
                <tr key={`${s.supplier} ${s.currency}`} data-supplier={s.supplier} data-currency={s.currency}>
                  <td>{s.supplier}</td>
                  <td class="num">{s.claims}</td>
                  <td class="num">{money({ amountMinor: s.approvedMinor, currency: s.currency })}</td>
                  <td class="num">{money({ amountMinor: s.inspectedMinor, currency: s.currency })}</td>
                  <td>
                    <button type="button" class="link" onClick={() => download(s.supplier)}>
                      CSV
                    </button>
                  </td>
                </tr>
              ))}
            </DataTable>
            <DataTable
              class="recovery-parts"
              caption="Approved cost per supplier and part, and where the failed parts stand"
              columns={[
                'Supplier',
                'Part',
                numeric('Claims'),
                numeric('Quantity'),
                numeric('Approved'),
                numeric('Requested'),
                numeric('Received'),
                numeric('Inspected'),
              ]}
            >
              {r.parts.map((p) => (
                <tr key={`${p.supplier} ${p.partNumber} ${p.currency}`} data-part={p.partNumber}>
                  <td>{p.supplier}</td>
                  <td class="mono">{p.partNumber}</td>
                  <td class="num">{p.claims}</td>
                  <td class="num">{p.quantity}</td>
                  <td class="num">{money({ amountMinor: p.approvedMinor, currency: p.currency })}</td>
                  <td class="num">{p.returns.REQUESTED}</td>
                  <td class="num">{p.returns.RECEIVED}</td>
                  <td class="num">{p.returns.INSPECTED}</td>
                </tr>
              ))}
            </DataTable>
          </>
        )
      ) : null}
    </section>
  );
}
