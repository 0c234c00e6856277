import { useState } from 'preact/hooks';
import { ConfirmDialog, Field, Loading, ProblemView, useLoad } from '../components/common.tsx';
import { useConsole } from '../console-context.ts';
import { items, type PlanVersion } from '../master-data.ts';

/**
 * Warranty plans and their versions (managers). A new version governs vehicles delivered from its
 * effective date on; the versions before stay as they were, for the vehicles delivered under them.
 */
export function PlansPage() {
  const { api, region } = useConsole();
  const plans = useLoad(
    async (signal) => {
      const { items: latest } = await api.get<{ items: PlanVersion[] }>(region, 'warranty-plans', signal);
      return Promise.all(
        latest.map((p) =>
          api.get<{ planId: string; versions: PlanVersion[] }>(
            region,
            `warranty-plans/${encodeURIComponent(p.planId)}`,
            signal,
          ),
        ),
      );
    },
    [region],
  );
  const [adding, setAdding] = useState<{ planId?: string; from?: PlanVersion }>();

  return (
    <>
      <h1 tabIndex={-1}>Warranty plans</h1>
      <div class="actions">
        <button type="button" onClick={() => setAdding({})}>
          New plan
        </button>
      </div>
      <ProblemView error={plans.error} context="warranty plans" />
      {plans.loading && !plans.data ? <Loading what="warranty plans" /> : null}
      {plans.data?.map((plan) => (
        <section
          key={plan.planId}
          class="card"
          aria-labelledby={`plan-${plan.planId}`}
          data-plan={plan.planId}
        >
          <h2 id={`plan-${plan.planId}`}>{plan.planId}</h2>
          <div class="table-wrap">
            <table aria-label={`Versions of ${plan.planId}`}>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">For vehicles delivered from</th>
                  <th scope="col">Terms</th>
                  <th scope="col">Battery below</th>
                  <th scope="col">Filing / duplicate window</th>
                  <th scope="col">Labour tolerance</th>
                </tr>
              </thead>
              <tbody>
                {[...plan.versions].reverse().map((v) => (
                  <tr key={v.version} data-version={v.version}>
                    <td>
                      {v.version} <span class="muted small">{v.name}</span>
                    </td>
                    <td>{v.effectiveFrom}</td>
                    <td class="small">
                      {Object.entries(v.terms)
                        .map(
                          ([name, t]) =>
                            `${name}: ${t.months} months / ${t.km.toLocaleString()} km (${t.categories.join(', ')})`,
                        )
                        .join('; ')}
                    </td>
                    <td>{v.batterySohThresholdPct} %</td>
                    <td>
                      {v.filingWindowDays} / {v.duplicateWindowDays} days
                    </td>
                    <td>{v.labourTolerancePct} %</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            <button
              type="button"
              class="primary"
              onClick={() =>
                setAdding({ planId: plan.planId, from: plan.versions[plan.versions.length - 1] })
              }
            >
              New version of {plan.planId}
            </button>
          </div>
        </section>
      ))}
      {adding ? (
        <VersionDialog {...adding} onClose={() => setAdding(undefined)} onDone={() => plans.reload()} />
      ) : null}
    </>
  );
}

/** `basic: 36 months, 100000 km: brakes, body` per line ⇄ terms. */
const termsText = (v?: PlanVersion) =>
  Object.entries(v?.terms ?? {})
    .map(([name, t]) => `${name}: ${t.months} months, ${t.km} km: ${t.categories.join(', ')}`)
    .join('\n');

function parseTerms(text: string): PlanVersion['terms'] | string {
  const terms: PlanVersion['terms'] = {};
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = /^([a-z][a-z0-9-]*):\s*(\d+)\s*months?,\s*(\d+)\s*km:\s*(.+)$/.exec(line);
    if (!m) return `"${line}" is not like "basic: 36 months, 100000 km: brakes, body"`;
    terms[m[1]!] = { months: Number(m[2]), km: Number(m[3]), categories: items(m[4]!) };
  }
  return terms;
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

function VersionDialog(props: {
  planId?: string;
  from?: PlanVersion;
  onClose: () => void;
  onDone: () => void;
}) {
  const { api, region } = useConsole();
  const v = props.from;
  const [f, setF] = useState({
    planId: props.planId ?? '',
    name: v?.name ?? '',
    effectiveFrom: tomorrow(),
    terms: termsText(v),
    battery: String(v?.batterySohThresholdPct ?? 70),
    filing: String(v?.filingWindowDays ?? 30),
    duplicate: String(v?.duplicateWindowDays ?? 90),
    tolerance: String(v?.labourTolerancePct ?? 120),
  });
  const set = (k: keyof typeof f) => (e: Event) =>
    setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const terms = parseTerms(f.terms);
  return (
    <ConfirmDialog
      title={props.planId ? `New version of ${props.planId}` : 'New warranty plan'}
      confirmLabel="Add version"
      wide
      onClose={props.onClose}
      blocked={!f.planId ? 'Give the plan an id.' : typeof terms === 'string' ? `Terms: ${terms}` : undefined}
      onConfirm={async () => {
        await api.put(region, `warranty-plans/${encodeURIComponent(f.planId)}`, {
          name: f.name,
          effectiveFrom: f.effectiveFrom,
          terms,
          batterySohThresholdPct: Number(f.battery),
          filingWindowDays: Number(f.filing),
          duplicateWindowDays: Number(f.duplicate),
          labourTolerancePct: Number(f.tolerance),
        });
        props.onDone();
      }}
    >
      <div class="grid-2">
        <Field label="Plan id" id="pv-plan">
          <input id="pv-plan" value={f.planId} onInput={set('planId')} disabled={!!props.planId} />
        </Field>
        <Field label="Name" id="pv-name">
          <input id="pv-name" value={f.name} onInput={set('name')} />
        </Field>
        <Field
          label="For vehicles delivered from"
          id="pv-from"
          hint="today or later (a first version: any day)"
        >
          <input id="pv-from" type="date" value={f.effectiveFrom} onInput={set('effectiveFrom')} />
        </Field>
        <Field label="Battery covered below (% state of health)" id="pv-battery">
          <input id="pv-battery" inputMode="numeric" value={f.battery} onInput={set('battery')} />
        </Field>
        <Field label="Filing window (days)" id="pv-filing">
          <input id="pv-filing" inputMode="numeric" value={f.filing} onInput={set('filing')} />
        </Field>
        <Field label="Duplicate window (days)" id="pv-duplicate">
          <input id="pv-duplicate" inputMode="numeric" value={f.duplicate} onInput={set('duplicate')} />
        </Field>
        <Field label="Labour tolerance (% of flat rate)" id="pv-tolerance">
          <input id="pv-tolerance" inputMode="numeric" value={f.tolerance} onInput={set('tolerance')} />
        </Field>
      </div>
      <Field
        label="Terms"
        id="pv-terms"
        hint="one per line: name: months, km: categories (a category in no term is not covered)"
      >
        <textarea id="pv-terms" rows={4} value={f.terms} onInput={set('terms')} />
      </Field>
      <p>
        Vehicles delivered from {f.effectiveFrom} on are judged by this version; vehicles delivered before
        keep the version they were delivered under.
      </p>
    </ConfirmDialog>
  );
}
