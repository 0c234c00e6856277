import { useMemo, useState } from 'preact/hooks';
import { Loading, notServedYet, ProblemView } from '../../components/common.tsx';
import { clock, when, words } from '../../format.ts';
import type { ClaimDetail, Workflow } from '../../types.ts';
import { executionMarks, layoutWorkflow } from '../../workflow/graph.ts';
import { historyItems } from '../../workflow/history.ts';
import { GraphLegend, WorkflowGraph } from '../../workflow/WorkflowGraph.tsx';

/** A claim's execution drawn on the state machine, beside its history in the claim's words. */

export function WorkflowSection(props: {
  detail: ClaimDetail;
  workflow?: Workflow;
  workflowError?: unknown;
}) {
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
