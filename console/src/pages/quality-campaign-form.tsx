import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, type BackOfficeApi, query } from '../api.ts';
import { Dialog, ProblemView } from '../components/common.tsx';
import { useConsole } from '../console-context.ts';
import { CATEGORIES, type LaborOperationRecord, type PartRecord } from '../master-data.ts';
import type { CampaignAffected, CampaignOpened, EarlyWarningFlag, FailureRates } from '../types.ts';

/**
 * Opening a service campaign from an early-warning flag: the form starts from what the flag says
 * (market, component, period) and what the page can guess (the model with the highest rate there,
 * the part that failed most, its labour operation and flat-rate hours); the manager corrects it and
 * `POST campaigns` opens it and tells the customers. A refusal is shown beside each field its
 * problem+json names (`errors[].pointer`), and in full under the form.
 */

interface Form {
  title: string;
  component: string;
  markets: string;
  kind: 'fleet' | 'vinList';
  model: string;
  yearFrom: string;
  yearTo: string;
  vinFrom: string;
  vinTo: string;
  csv: string;
  laborOperation: string;
  laborHours: string;
  parts: string;
}

/** Each form field and the JSON pointers of the body it writes. */
const POINTERS: [keyof Form, string][] = [
  ['title', '/title'],
  ['component', '/component'],
  ['markets', '/markets'],
  ['model', '/affected/model'],
  ['yearFrom', '/affected/modelYears'],
  ['vinFrom', '/affected/vinRange'],
  ['csv', '/affected/csv'],
  ['laborOperation', '/remedy/laborOperation'],
  ['laborHours', '/remedy/laborHours'],
  ['parts', '/remedy/parts'],
];

/** The field an error names: the longest pointer prefix; `/affected` alone falls on the first field of its kind. */
function fieldOf(pointer: string, kind: Form['kind']): keyof Form | undefined {
  const hit = POINTERS.filter(([, p]) => pointer === p || pointer.startsWith(`${p}/`)).sort(
    (a, b) => b[1].length - a[1].length,
  )[0];
  if (hit) return hit[0];
  if (pointer === '/affected' || pointer.startsWith('/affected/')) return kind === 'fleet' ? 'model' : 'csv';
  if (pointer.startsWith('/remedy')) return 'laborOperation';
  return undefined;
}

/** `BRK-CALIPER-10 × 1` or `BRK-CALIPER-10,1`, one a line. */
function parseParts(text: string): { partNumber: string; quantity: number }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [partNumber = '', quantity = '1'] = l.split(/\s*[,×x*]\s*|\s+/).filter(Boolean);
      return { partNumber, quantity: Number(quantity) };
    });
}

function bodyOf(f: Form, flag: EarlyWarningFlag) {
  const affected: CampaignAffected =
    f.kind === 'vinList'
      ? { kind: 'vinList', csv: f.csv }
      : {
          kind: 'fleet',
          model: f.model.trim(),
          ...(f.yearFrom || f.yearTo
            ? { modelYears: { from: Number(f.yearFrom || f.yearTo), to: Number(f.yearTo || f.yearFrom) } }
            : {}),
          ...(f.vinFrom || f.vinTo
            ? { vinRange: { from: f.vinFrom.trim().toUpperCase(), to: f.vinTo.trim().toUpperCase() } }
            : {}),
        };
  return {
    title: f.title.trim(),
    component: f.component,
    markets: f.markets
      .split(/[\s,]+/)
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean),
    affected,
    remedy: {
      laborOperation: f.laborOperation.trim(),
      laborHours: Number(f.laborHours),
      parts: parseParts(f.parts),
    },
    fromFlag: { market: flag.market, component: flag.component, period: flag.period },
  };
}

/**
 * What the form can guess from a flag: the model with the highest rate in the flag's market, and
 * for the component the part that failed most there (a `part:` flag names it), with the first
 * labour operation that fits it and its flat-rate hours. The manager checks and corrects all of it.
 */
async function guessFromFlag(
  api: BackOfficeApi,
  region: string,
  flag: EarlyWarningFlag,
  signal: AbortSignal,
) {
  const read = <T,>(path: string) => api.get<T>(region, path, signal).catch(() => undefined);
  // Vehicles at least a month in service, claims of their first month: the widest fleet the rates
  // offer. A suggestion only: the manager checks it against the flag.
  const rates = (by: string) =>
    read<FailureRates>(
      `metrics?${query({ report: 'failure-rates', by, market: flag.market, monthsInService: 1 })}`,
    );
  const partFlag = flag.component.startsWith('part:');
  const [byModel, byPart] = await Promise.all([rates('model'), partFlag ? undefined : rates('part')]);
  const model = [...(byModel?.rows ?? [])].sort((a, b) => (b.per1000 ?? -1) - (a.per1000 ?? -1))[0]?.key;
  const candidates = partFlag
    ? [flag.component.slice(5)]
    : [...(byPart?.rows ?? [])]
        .sort((a, b) => b.claims - a.claims)
        .slice(0, 5)
        .map((r) => r.key);
  const parts = await Promise.all(
    candidates.map((pn) => read<PartRecord>(`parts/${encodeURIComponent(pn)}`)),
  );
  const part = partFlag ? parts[0] : parts.find((p) => p?.category === flag.component);
  const laborCode = part?.laborOperations?.[0];
  const labor = laborCode
    ? await read<LaborOperationRecord>(`labour-operations/${encodeURIComponent(laborCode)}`)
    : undefined;
  return {
    ...(model ? { model } : {}),
    ...(part ? { partNumber: part.partNumber, category: part.category } : {}),
    ...(laborCode ? { laborOperation: laborCode } : {}),
    ...(labor ? { laborHours: labor.hours } : {}),
  };
}

export function OpenCampaignDialog(props: {
  flag: EarlyWarningFlag;
  onClose: () => void;
  onOpened: (opened: CampaignOpened) => void;
}) {
  const { api, region } = useConsole();
  const { flag } = props;
  const partFlag = flag.component.startsWith('part:');
  const [form, setForm] = useState<Form>({
    title: `${partFlag ? flag.component.slice(5) : flag.component} in ${flag.market}: rise of ${flag.period}`,
    component: partFlag ? '' : flag.component,
    markets: flag.market,
    kind: 'fleet',
    model: '',
    yearFrom: '',
    yearTo: '',
    vinFrom: '',
    vinTo: '',
    csv: 'vin\n',
    laborOperation: '',
    laborHours: '',
    parts: partFlag ? `${flag.component.slice(5)} × 1` : '',
  });
  const [guessing, setGuessing] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  // Fill what the page can guess, without overwriting what the manager typed meanwhile.
  useEffect(() => {
    const ctrl = new AbortController();
    guessFromFlag(api, region, flag, ctrl.signal)
      .then((g) => {
        if (ctrl.signal.aborted) return;
        setForm((f) => ({
          ...f,
          model: f.model || g.model || '',
          laborOperation: f.laborOperation || g.laborOperation || '',
          laborHours: f.laborHours || (g.laborHours !== undefined ? String(g.laborHours) : ''),
          parts: f.parts || (g.partNumber ? `${g.partNumber} × 1` : ''),
          component: f.component || g.category || '',
        }));
      })
      .finally(() => !ctrl.signal.aborted && setGuessing(false));
    return () => ctrl.abort();
  }, []);

  const fieldErrors = new Map<keyof Form, string[]>();
  if (error instanceof ApiProblem)
    for (const e of error.problem.errors ?? []) {
      const field = e.pointer ? fieldOf(e.pointer, form.kind) : undefined;
      if (field) fieldErrors.set(field, [...(fieldErrors.get(field) ?? []), e.detail]);
    }

  const set = (k: keyof Form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: value }));
  };
  const input = (k: keyof Form, label: string, attrs: Record<string, unknown> = {}, hint?: string) => {
    const id = `cmp-${k}`;
    const errs = fieldErrors.get(k);
    const described = [hint ? `${id}-hint` : '', errs ? `${id}-error` : ''].filter(Boolean).join(' ');
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <input
          id={id}
          value={form[k]}
          onInput={set(k)}
          aria-invalid={errs ? true : undefined}
          aria-describedby={described || undefined}
          {...attrs}
        />
        {hint ? (
          <span class="hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
        {errs ? (
          <span class="field-error" id={`${id}-error`} data-field-error={k}>
            {errs.join('; ')}
          </span>
        ) : null}
      </div>
    );
  };
  const errorOf = (k: keyof Form) => {
    const errs = fieldErrors.get(k);
    return errs ? (
      <span class="field-error" id={`cmp-${k}-error`} data-field-error={k}>
        {errs.join('; ')}
      </span>
    ) : null;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      props.onOpened(await api.post<CampaignOpened>(region, 'campaigns', bodyOf(form, flag)));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Open a campaign for ${flag.component} in ${flag.market}`} onClose={props.onClose} wide>
      <form class="dialog-body campaign-form" onSubmit={submit} noValidate>
        <p class="muted">
          From the flag of {flag.period}: {flag.claims} claims where {flag.expected.toFixed(1)} were expected
          ({flag.test}, p = {flag.pValue.toPrecision(2)}). Every registered vehicle it names is affected and
          each customer we know is told in their language.
          {guessing ? <span role="status"> Filling in what the rates suggest…</span> : null}
        </p>
        {input('title', 'Title')}
        <div class="field">
          <label for="cmp-component">Component</label>
          <select
            id="cmp-component"
            value={form.component}
            onChange={set('component')}
            aria-invalid={fieldErrors.has('component') ? true : undefined}
            aria-describedby={fieldErrors.has('component') ? 'cmp-component-error' : undefined}
          >
            <option value="">Choose…</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {errorOf('component')}
        </div>
        {input('markets', 'Markets', {}, 'market codes, separated by commas')}
        <fieldset>
          <legend>Affected vehicles</legend>
          <label class="check">
            <input
              type="radio"
              name="cmp-kind"
              checked={form.kind === 'fleet'}
              onChange={() => setForm((f) => ({ ...f, kind: 'fleet' }))}
            />
            By model (and years, VIN range)
          </label>
          <label class="check">
            <input
              type="radio"
              name="cmp-kind"
              checked={form.kind === 'vinList'}
              onChange={() => setForm((f) => ({ ...f, kind: 'vinList' }))}
            />
            A list of VINs (CSV)
          </label>
          {form.kind === 'fleet' ? (
            <div class="grid-2">
              {input('model', 'Model')}
              {input('yearFrom', 'Model years from', { inputMode: 'numeric' }, 'optional')}
              {input('yearTo', 'Model years to', { inputMode: 'numeric' }, 'optional')}
              {input('vinFrom', 'VIN range from', { class: 'mono' }, 'optional')}
              {input('vinTo', 'VIN range to', { class: 'mono' }, 'optional')}
            </div>
          ) : (
            <div class="field">
              <label for="cmp-csv">VINs (CSV)</label>
              <textarea
                id="cmp-csv"
                rows={5}
                class="mono"
                value={form.csv}
                onInput={set('csv')}
                aria-invalid={fieldErrors.has('csv') ? true : undefined}
                aria-describedby={`cmp-csv-hint${fieldErrors.has('csv') ? ' cmp-csv-error' : ''}`}
              />
              <span class="hint" id="cmp-csv-hint">
                a header line <code>vin</code>, then one VIN a line
              </span>
              {errorOf('csv')}
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>Remedy</legend>
          <div class="grid-2">
            {input('laborOperation', 'Labour operation', { class: 'mono' })}
            {input('laborHours', 'Labour hours', { inputMode: 'decimal' })}
          </div>
          <div class="field">
            <label for="cmp-parts">Parts</label>
            <textarea
              id="cmp-parts"
              rows={3}
              class="mono"
              value={form.parts}
              onInput={set('parts')}
              aria-invalid={fieldErrors.has('parts') ? true : undefined}
              aria-describedby={`cmp-parts-hint${fieldErrors.has('parts') ? ' cmp-parts-error' : ''}`}
            />
            <span class="hint" id="cmp-parts-hint">
              one a line: part number × quantity
            </span>
            {errorOf('parts')}
          </div>
        </fieldset>
        <ProblemView error={error} context="the campaign was not opened" />
        <div class="dialog-actions">
          <button type="button" onClick={props.onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
            {busy ? 'Opening…' : 'Open campaign'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
