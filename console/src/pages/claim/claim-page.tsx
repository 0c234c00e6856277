import { useEffect, useState } from 'preact/hooks';
import { isCancellable, isTerminal } from '../../claim-status.ts';
import { ConfirmDialog, Loading, ProblemView, StatusBadge, useLoad } from '../../components/common.tsx';
import { homeRegionOfClaimId } from '../../config.ts';
import { useConsole } from '../../console-context.ts';
import { minorToMoney, money, when, words } from '../../format.ts';
import { href } from '../../router.ts';
import { roleAtLeast } from '../../session.ts';
import type { ClaimDetail, Workflow } from '../../types.ts';
import { AdjustDialog, CancelDialog, ReviewDialog } from './claim-dialogs.tsx';
import { Audit, Lines, Summary } from './claim-facts.tsx';
import { Emails, Parts, Repair } from './claim-fulfilment.tsx';
import { Signals, SurveyComment } from './claim-quality.tsx';
import { PartReturns } from './claim-returns.tsx';
import { WorkflowSection } from './claim-workflow.tsx';
import { ReplicaBanner } from './replica-banner.tsx';

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
      <ReplicaBanner replica={detail.data.replica} />
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
        <Signals signals={detail.data.signals} />
        <SurveyComment claim={c} region={readRegion} />
        <PartReturns claim={c} region={actionRegion} onMoved={detail.reload} />
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
