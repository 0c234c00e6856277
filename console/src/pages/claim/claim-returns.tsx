import { useState } from 'preact/hooks';
import { ProblemView } from '../../components/common.tsx';
import { DataTable, numeric } from '../../components/data-table.tsx';
import { useConsole } from '../../console-context.ts';
import { money, when, words } from '../../format.ts';
import { roleAtLeast } from '../../session.ts';
import { type Claim, PART_RETURN_STATUSES, type PartReturnStatus } from '../../types.ts';

/**
 * Supplier recovery on one claim (issue 17): each approved line's supplier and amount, and its
 * failed part's way back for inspection, moved one step at a time by an adjuster or a manager
 * (requested, received, inspected; the API refuses a step back or skipped).
 */

const NEXT_LABEL: Record<PartReturnStatus, string> = {
  REQUESTED: 'Request return',
  RECEIVED: 'Mark received',
  INSPECTED: 'Mark inspected',
};

export function PartReturns(props: { claim: Claim; region: string; onMoved: () => void }) {
  const { api, session } = useConsole();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<number>();
  const approved = props.claim.lines.filter((l) => l.approvedAmount);
  if (approved.length === 0) return null;
  const canMove = roleAtLeast(session, 'adjuster');

  const move = async (lineNo: number, status: PartReturnStatus) => {
    setError(undefined);
    setBusy(lineNo);
    try {
      await api.post(props.region, `claims/${props.claim.claimId}/part-returns`, { lineNo, status });
      props.onMoved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section class="card" aria-labelledby="returns-h">
      <h2 id="returns-h">Supplier recovery</h2>
      <ProblemView error={error} context="the part return" />
      <DataTable
        class="part-returns"
        caption="Approved lines, their suppliers and their failed parts' returns"
        columns={['Line', 'Supplier', numeric('Approved'), 'Return', canMove && 'Next step']}
      >
        {approved.map((line) => {
          const returned = props.claim.partReturns?.find((r) => r.lineNo === line.lineNo);
          const next = PART_RETURN_STATUSES[returned ? PART_RETURN_STATUSES.indexOf(returned.status) + 1 : 0];
          const last = returned?.steps.at(-1);
          return (
            <tr key={line.lineNo} data-line={line.lineNo} data-return={returned?.status ?? 'NONE'}>
              <td>
                {line.lineNo} · <span class="mono">{line.partNumber}</span>
              </td>
              <td>{line.supplier ?? '—'}</td>
              <td class="num">{money(line.approvedAmount)}</td>
              <td>
                {returned ? words(returned.status) : 'not requested'}
                {last ? (
                  <span class="muted small">
                    {' '}
                    ({when(last.at)}, {last.by})
                  </span>
                ) : null}
              </td>
              {canMove ? (
                <td>
                  {next ? (
                    <button
                      type="button"
                      disabled={busy !== undefined}
                      onClick={() => move(line.lineNo, next)}
                      aria-label={`${NEXT_LABEL[next]} of line ${line.lineNo}`}
                    >
                      {NEXT_LABEL[next]}
                    </button>
                  ) : (
                    <span class="muted">done</span>
                  )}
                </td>
              ) : null}
            </tr>
          );
        })}
      </DataTable>
    </section>
  );
}
