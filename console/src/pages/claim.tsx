import { useEffect, useMemo, useState } from 'preact/hooks';
import { query } from '../api.ts';
import { isCancellable, isTerminal } from '../claim-status.ts';
import {
  ConfirmDialog,
  Field,
  Loading,
  notServedYet,
  ProblemView,
  StatusBadge,
  useLoad,
} from '../components/common.tsx';
import { homeRegionOfClaimId } from '../config.ts';
import { useConsole } from '../console-context.ts';
import { clock, minorToMoney, money, when, words } from '../format.ts';
import { href } from '../router.ts';
import { roleAtLeast } from '../session.ts';
import type { Claim, ClaimDetail, ClaimLine, EmailRecord, Workflow } from '../types.ts';
import { executionMarks, layoutWorkflow } from '../workflow/graph.ts';
import { historyItems } from '../workflow/history.ts';
import { GraphLegend, WorkflowGraph } from '../workflow/WorkflowGraph.tsx';

/**
 * One claim: what was asked and decided, parts, technician, emails, the audit trail, and its
 * execution drawn on the state machine beside the history in the claim's words. Reads and actions
 * go to the claim's home region (its id says which), where it is written and freshest; while the
 * claim is open the page refreshes itself so a decision is seen moving through the workflow.
 */

const REFRESH_MS = 2500;
const workflows = new Map<string, Promise<Workflow>>();

type Action = 'approve' | 'reject' | 'adjust' | 'cancel' | 'redrive';

export function ClaimPage({ claimId }: { claimId: string }) {
  const { api, region, session } = useConsole();
  const home = homeRegionOfClaimId(claimId);
  const readRegion = home && api.config.regions[home] ? home : region;
  const detail = useLoad(
    (signal) => api.get<ClaimDetail>(readRegion, `claims/${encodeURIComponent(claimId)}`, signal),
    [claimId, readRegion],
  );
  const workflow = useLoad(
    (signal) => {
      let p = workflows.get(readRegion);
      if (!p) {
        p = api.get<Workflow>(readRegion, 'workflow', signal);
        workflows.set(readRegion, p);
        p.catch(() => workflows.delete(readRegion));
      }
      return p;
    },
    [readRegion],
  );
  const [action, setAction] = useState<Action>();
  const [done, setDone] = useState<string>();
  const claim = detail.data?.claim;
  const open = claim && !isTerminal(claim.status);
  const running = detail.data?.execution?.status ? detail.data.execution.status === 'RUNNING' : open;

  // Follow the claim while it is open and the tab is visible.
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => {
      if (document.visibilityState === 'visible' && !action) detail.reload();
    }, REFRESH_MS);
    return () => clearInterval(t);
  }, [running, action, detail.reload]);

  if (!detail.data) {
    return (
      <>
        <h1 tabIndex={-1}>
          Claim <span class="mono">{claimId}</span>
        </h1>
        {detail.loading ? <Loading what="the claim" /> : null}
        <ProblemView error={detail.error} context="the claim" />
        <p>
          <a href={href('claims')}>Back to the claims</a>
        </p>
      </>
    );
  }
  const c = detail.data.claim;
  const currency = c.amounts?.claimed?.currency;
  const limit =
    session.role === 'adjuster' && currency
      ? minorToMoney(session.approvalLimits?.[currency] ?? 0, currency)
      : undefined;
  const overLimit = !!limit && !!c.amounts?.claimed && c.amounts.claimed.amountMinor > limit.amountMinor;
  const failedExecution =
    detail.data.execution?.status === 'FAILED' ||
    (!!c.failure && detail.data.execution?.status !== 'RUNNING');
  const canReview = c.status === 'IN_REVIEW';
  const actionRegion = api.claimRegion(c.claimId, region);
  const after = (message: string) => {
    setDone(message);
    detail.reload();
  };

  return (
    <>
      <p class="crumbs">
        <a href={href('claims', { status: c.status })}>← {words(c.status)} claims</a>
      </p>
      <h1 tabIndex={-1} class="claim-title">
        Claim <span class="mono">{c.claimId}</span> <StatusBadge status={c.status} />
      </h1>
      <p class="subtitle">
        Partner <strong>{c.partnerId}</strong> · market {c.market} · home region {c.homeRegion} · filed{' '}
        {when(c.filedAt)} · updated {when(c.updatedAt)}
      </p>
      {done ? (
        <p class="notice" role="status">
          {done}
        </p>
      ) : null}
      <ProblemView error={detail.error} context="refreshing the claim" />

      <section class="actions" aria-labelledby="actions-heading">
        <h2 id="actions-heading" class="sr-only">
          Actions
        </h2>
        {canReview ? (
          <>
            <ActionButton label="Approve" needs="adjuster" primary onClick={() => setAction('approve')} />
            <ActionButton label="Adjust lines" needs="adjuster" onClick={() => setAction('adjust')} />
            <ActionButton label="Reject" needs="adjuster" onClick={() => setAction('reject')} />
          </>
        ) : null}
        {isCancellable(c.status) ? (
          <ActionButton label="Cancel claim" needs="adjuster" onClick={() => setAction('cancel')} />
        ) : null}
        {failedExecution ? (
          <ActionButton label="Redrive workflow" needs="manager" onClick={() => setAction('redrive')} />
        ) : null}
        {(c.backorders?.length ?? 0) > 0 ? (
          <a class="button" href={href('inventory', { part: c.backorders![0]!.partNumber })}>
            Restock {c.backorders![0]!.partNumber}
          </a>
        ) : null}
        {limit ? (
          <p class={overLimit ? 'limit over' : 'limit'} id="limit-note">
            Your approval limit: {money(limit)}
            {overLimit ? ' — this claim is over it: adjust the lines down or ask a manager.' : ''}
          </p>
        ) : null}
      </section>

      <div class="claim-grid">
        <Summary claim={c} />
        <Lines claim={c} />
      </div>

      <WorkflowSection detail={detail.data} workflow={workflow.data} workflowError={workflow.error} />

      <div class="claim-grid">
        <Parts detail={detail.data} />
        <Repair detail={detail.data} />
        <Emails detail={detail.data} region={readRegion} />
        <Audit claim={c} />
      </div>

      {action === 'approve' || action === 'reject' ? (
        <ReviewDialog
          claim={c}
          outcome={action === 'approve' ? 'APPROVED' : 'REJECTED'}
          region={actionRegion}
          onClose={() => setAction(undefined)}
          onDone={() =>
            after(
              action === 'approve'
                ? 'Approved. The workflow goes on: parts and a technician come next.'
                : 'Rejected. The customer will be told.',
            )
          }
        />
      ) : null}
      {action === 'adjust' ? (
        <AdjustDialog
          claim={c}
          onClose={() => setAction(undefined)}
          onDone={() => after('Adjusted and approved. The workflow goes on.')}
          region={actionRegion}
        />
      ) : null}
      {action === 'cancel' ? (
        <CancelDialog
          claim={c}
          region={actionRegion}
          onClose={() => setAction(undefined)}
          onDone={() => after('Cancelled. Reserved parts and the technician slot are released.')}
        />
      ) : null}
      {action === 'redrive' ? (
        <ConfirmDialog
          title={`Redrive the workflow of ${c.claimId}?`}
          confirmLabel="Redrive"
          onClose={() => setAction(undefined)}
          onConfirm={async () => {
            await api.post(actionRegion, `claims/${c.claimId}/redrive`, {});
            after('Redriven: a new execution started.');
          }}
        >
          <p>
            The workflow failed{c.failure ? ` (${c.failure.error}: ${c.failure.cause})` : ''}. A new execution
            starts from the beginning; every step that already did its work skips it.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function ActionButton(props: {
  label: string;
  needs: 'adjuster' | 'manager';
  onClick: () => void;
  primary?: boolean;
}) {
  const { session } = useConsole();
  const allowed = roleAtLeast(session, props.needs);
  return (
    <button
      type="button"
      class={props.primary ? 'primary' : ''}
      onClick={props.onClick}
      disabled={!allowed}
      title={allowed ? undefined : `needs the ${props.needs} role`}
    >
      {props.label}
      {allowed ? null : <span class="sr-only"> (needs the {props.needs} role)</span>}
    </button>
  );
}

function Summary({ claim: c }: { claim: Claim }) {
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

function Lines({ claim: c }: { claim: Claim }) {
  return (
    <section aria-labelledby="lines-heading" class="card">
      <h2 id="lines-heading">Lines and decisions</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Part</th>
              <th scope="col" class="num">
                Qty
              </th>
              <th scope="col">Labour</th>
              <th scope="col" class="num">
                Hours
              </th>
              <th scope="col">Decision</th>
              <th scope="col">Reasons</th>
            </tr>
          </thead>
          <tbody>
            {c.lines.map((l) => (
              <tr key={l.lineNo}>
                <td>{l.lineNo}</td>
                <td class="mono">
                  {l.partNumber}
                  {l.category ? <span class="muted small"> {l.category}</span> : null}
                </td>
                <td class="num">
                  {l.adjusted && l.adjusted.quantity !== l.quantity ? (
                    <>
                      <s>{l.quantity}</s> {l.adjusted.quantity}
                    </>
                  ) : (
                    l.quantity
                  )}
                </td>
                <td class="mono">{l.laborOperation}</td>
                <td class="num">
                  {l.adjusted && l.adjusted.laborHours !== l.laborHours ? (
                    <>
                      <s>{l.laborHours}</s> {l.adjusted.laborHours}
                    </>
                  ) : (
                    l.laborHours
                  )}
                </td>
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
          </tbody>
        </table>
      </div>
    </section>
  );
}

function WorkflowSection(props: { detail: ClaimDetail; workflow?: Workflow; workflowError?: unknown }) {
  const execution = props.detail.execution;
  const [allErrorPaths, setAllErrorPaths] = useState(false);
  const reached = [
    ...new Set(
      (execution?.events ?? [])
        .filter((e) => e.type.endsWith('StateEntered') && e.state)
        .map((e) => e.state!),
    ),
  ]
    .sort()
    .join(',');
  const layout = useMemo(
    () =>
      props.workflow
        ? layoutWorkflow(props.workflow.definition, {
            hideErrorPaths: !allErrorPaths,
            keepInto: new Set(reached.split(',')),
          })
        : undefined,
    [props.workflow, allErrorPaths, reached],
  );
  const marks = useMemo(
    () =>
      layout
        ? executionMarks(layout, execution?.events ?? [], {
            ...(execution?.status ? { status: execution.status } : {}),
            ...(execution?.currentStates ? { currentStates: execution.currentStates } : {}),
            ...(execution?.failedStates ? { failedStates: execution.failedStates } : {}),
          })
        : undefined,
    [layout, execution],
  );
  const items = useMemo(() => historyItems(execution?.events ?? [], execution?.status), [execution]);
  const name = execution?.executionArn.split(':').pop();
  return (
    <section aria-labelledby="workflow-heading" class="card workflow">
      <h2 id="workflow-heading">
        Workflow{' '}
        <span class="muted small">
          {name ? `execution ${name}` : 'no execution found'}
          {execution?.status ? ` · ${words(execution.status)}` : ''}
        </span>
      </h2>
      <div class="workflow-grid">
        <div>
          {props.workflowError ? (
            notServedYet(props.workflowError) ? (
              <p class="muted">The state machine definition is not served by this API yet (GET workflow).</p>
            ) : (
              <ProblemView error={props.workflowError} context="the state machine" />
            )
          ) : null}
          {layout && marks ? (
            <>
              <WorkflowGraph
                layout={layout}
                marks={marks}
                title={`ClaimLifecycle state machine, the execution of ${props.detail.claim.claimId}`}
              />
              <GraphLegend />
              {layout.hiddenErrorPaths > 0 || allErrorPaths ? (
                <div class="field checkbox">
                  <input
                    id="all-error-paths"
                    type="checkbox"
                    checked={allErrorPaths}
                    onChange={(e) => setAllErrorPaths(e.currentTarget.checked)}
                  />
                  <label for="all-error-paths">
                    Show every error path
                    {allErrorPaths ? '' : ` (${layout.hiddenErrorPaths} "any error" edges hidden)`}
                  </label>
                </div>
              ) : null}
            </>
          ) : props.workflowError ? null : (
            <Loading what="the state machine" />
          )}
        </div>
        <div>
          <h3 id="history-heading">What happened</h3>
          {items.length === 0 ? (
            <p class="muted">No execution history.</p>
          ) : (
            <ol class="history" aria-labelledby="history-heading">
              {items.map((i) => (
                <li key={i.id} class={`history-item ${i.outcome}`} data-state={i.state}>
                  <time dateTime={i.at} title={when(i.at)}>
                    {clock(i.at)}
                  </time>
                  <span class="history-text">
                    {i.text}
                    {i.detail ? <span class="muted small"> ({i.detail})</span> : null}
                  </span>
                  <span class={`outcome ${i.outcome}`}>
                    {i.outcome === 'done'
                      ? '✓'
                      : i.outcome === 'failed'
                        ? '✕ failed'
                        : i.outcome === 'running'
                          ? 'in progress'
                          : 'stopped'}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}

function Parts({ detail }: { detail: ClaimDetail }) {
  const c = detail.claim;
  const reservations = detail.reservations ?? c.reservations ?? [];
  return (
    <section aria-labelledby="parts-heading" class="card">
      <h2 id="parts-heading">Parts and reservations</h2>
      {reservations.length === 0 && !(c.backorders?.length ?? 0) ? (
        <p class="muted">No parts reserved{c.status === 'IN_REVIEW' ? ' yet (after approval)' : ''}.</p>
      ) : null}
      {reservations.length > 0 ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Part</th>
                <th scope="col" class="num">
                  Qty
                </th>
                <th scope="col">Warehouse</th>
                <th scope="col">Region</th>
              </tr>
            </thead>
            <tbody>
              {reservations.map((r) => (
                <tr key={`${r.warehouseId}-${r.partNumber}`}>
                  <td class="mono">{r.partNumber}</td>
                  <td class="num">{r.quantity}</td>
                  <td>{r.warehouseId}</td>
                  <td>{r.region}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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

function Repair({ detail }: { detail: ClaimDetail }) {
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

function Emails({ detail, region }: { detail: ClaimDetail; region: string }) {
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
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">To</th>
                <th scope="col">Language</th>
                <th scope="col">Sent</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function Audit({ claim: c }: { claim: Claim }) {
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

function AdjustDialog(props: { claim: Claim; region: string; onClose: () => void; onDone: () => void }) {
  const { api } = useConsole();
  const [lines, setLines] = useState(() =>
    props.claim.lines.map((l: ClaimLine) => ({
      lineNo: l.lineNo,
      partNumber: l.partNumber,
      decision: (l.decision === 'REJECTED' ? 'REJECTED' : 'COVERED') as 'COVERED' | 'ADJUSTED' | 'REJECTED',
      quantity: l.adjusted?.quantity ?? l.quantity,
      laborHours: l.adjusted?.laborHours ?? l.laborHours,
      filed: l,
    })),
  );
  const [note, setNote] = useState('');
  const update = (i: number, patch: Partial<(typeof lines)[number]>) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const allRejected = lines.every((l) => l.decision === 'REJECTED');
  return (
    <ConfirmDialog
      title={`Adjust the lines of ${props.claim.claimId}`}
      confirmLabel="Approve as adjusted"
      wide
      onClose={props.onClose}
      {...(allRejected ? { blocked: 'Every line is rejected: reject the claim instead.' } : {})}
      onConfirm={async () => {
        await api.post(props.region, `claims/${props.claim.claimId}/review`, {
          outcome: 'APPROVED',
          decisions: lines.map((l) => {
            const changed = l.quantity !== l.filed.quantity || l.laborHours !== l.filed.laborHours;
            const decision = l.decision === 'COVERED' && changed ? 'ADJUSTED' : l.decision;
            return decision === 'ADJUSTED'
              ? { lineNo: l.lineNo, decision, quantity: l.quantity, laborHours: l.laborHours }
              : { lineNo: l.lineNo, decision };
          }),
          ...(note.trim() ? { note: note.trim() } : {}),
        });
        props.onDone();
      }}
    >
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Decision</th>
              <th scope="col">Quantity</th>
              <th scope="col">Labour hours</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={l.lineNo}>
                <th scope="row">
                  {l.lineNo}. <span class="mono">{l.partNumber}</span>
                  <div class="muted small">
                    filed {l.filed.quantity} × {l.filed.laborHours} h
                  </div>
                </th>
                <td>
                  <label class="sr-only" for={`adj-decision-${l.lineNo}`}>
                    Decision for line {l.lineNo}
                  </label>
                  <select
                    id={`adj-decision-${l.lineNo}`}
                    value={l.decision}
                    onChange={(e) => update(i, { decision: e.currentTarget.value as 'COVERED' })}
                  >
                    <option value="COVERED">Covered</option>
                    <option value="ADJUSTED">Adjusted</option>
                    <option value="REJECTED">Rejected</option>
                  </select>
                </td>
                <td>
                  <label class="sr-only" for={`adj-qty-${l.lineNo}`}>
                    Quantity for line {l.lineNo}
                  </label>
                  <input
                    id={`adj-qty-${l.lineNo}`}
                    type="number"
                    min={0}
                    max={l.filed.quantity}
                    step={1}
                    value={l.quantity}
                    disabled={l.decision === 'REJECTED'}
                    onInput={(e) => update(i, { quantity: Number(e.currentTarget.value) })}
                  />
                </td>
                <td>
                  <label class="sr-only" for={`adj-hours-${l.lineNo}`}>
                    Labour hours for line {l.lineNo}
                  </label>
                  <input
                    id={`adj-hours-${l.lineNo}`}
                    type="number"
                    min={0}
                    step={0.25}
                    value={l.laborHours}
                    disabled={l.decision === 'REJECTED'}
                    onInput={(e) => update(i, { laborHours: Number(e.currentTarget.value) })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Field label="Note for the audit trail (optional)" id="adjust-note">
        <textarea id="adjust-note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
    </ConfirmDialog>
  );
}

function CancelDialog(props: { claim: Claim; region: string; onClose: () => void; onDone: () => void }) {
  const { api } = useConsole();
  const [reason, setReason] = useState('');
  return (
    <ConfirmDialog
      title={`Cancel ${props.claim.claimId}?`}
      confirmLabel="Cancel the claim"
      danger
      onClose={props.onClose}
      {...(reason.trim() ? {} : { blocked: 'Say why the claim is cancelled.' })}
      onConfirm={async () => {
        await api.post(props.region, `claims/${props.claim.claimId}/cancel`, { reason: reason.trim() });
        props.onDone();
      }}
    >
      <p>
        The workflow stops; parts reserved for it and the technician slot are released. This cannot be undone.
      </p>
      <Field label="Reason" id="cancel-reason">
        <textarea
          id="cancel-reason"
          rows={3}
          required
          maxLength={2000}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </Field>
    </ConfirmDialog>
  );
}

function ReviewDialog(props: {
  claim: Claim;
  outcome: 'APPROVED' | 'REJECTED';
  region: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { api } = useConsole();
  const [note, setNote] = useState('');
  const approve = props.outcome === 'APPROVED';
  return (
    <ConfirmDialog
      title={approve ? `Approve ${props.claim.claimId}?` : `Reject ${props.claim.claimId}?`}
      confirmLabel={approve ? 'Approve' : 'Reject'}
      danger={!approve}
      onClose={props.onClose}
      onConfirm={async () => {
        await api.post(props.region, `claims/${props.claim.claimId}/review`, {
          outcome: props.outcome,
          ...(note.trim() ? { note: note.trim() } : {}),
        });
        props.onDone();
      }}
    >
      <p>
        {approve
          ? `Every covered line is approved as filed (${money(props.claim.amounts?.claimed)}).`
          : 'The whole claim is rejected; the partner and the customer are told.'}
      </p>
      <Field label="Note for the audit trail (optional)" id="review-note">
        <textarea
          id="review-note"
          rows={3}
          maxLength={2000}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </Field>
    </ConfirmDialog>
  );
}
