import { useState } from 'preact/hooks';
import { ConfirmDialog, Field, Loading, ProblemView, useLoad } from '../components/common.tsx';
import { useConsole } from '../console-context.ts';
import { CATEGORIES, items, type LaborOperationRecord, type PartRecord, SKILLS } from '../master-data.ts';

/** The parts catalogue with its prices, and the labour operations (managers). */
export function PartsPage() {
  const { api, region } = useConsole();
  const [pages, setPages] = useState<string[]>(['']);
  const [editing, setEditing] = useState<{ part?: PartRecord } | { op?: LaborOperationRecord; isOp: true }>();
  const parts = useLoad(
    async (signal) => {
      const out: PartRecord[] = [];
      let next: string | undefined;
      for (const cursor of pages) {
        const page = await api.get<{ items: PartRecord[]; nextCursor?: string }>(
          region,
          `parts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          signal,
        );
        out.push(...page.items);
        next = page.nextCursor;
      }
      return { items: out, nextCursor: next };
    },
    [region, pages.join(',')],
  );
  const ops = useLoad(
    (signal) => api.get<{ items: LaborOperationRecord[] }>(region, 'labour-operations?limit=200', signal),
    [region],
  );
  const reload = () => {
    parts.reload();
    ops.reload();
  };

  return (
    <>
      <h1 tabIndex={-1}>Parts and prices</h1>
      <div class="actions">
        <button type="button" class="primary" onClick={() => setEditing({})}>
          Add a part
        </button>
        <button type="button" onClick={() => setEditing({ isOp: true })}>
          Add a labour operation
        </button>
      </div>
      <ProblemView error={parts.error} context="parts" />
      {parts.loading && !parts.data ? <Loading what="parts" /> : null}
      <div class="table-wrap">
        <table aria-label="Parts">
          <thead>
            <tr>
              <th scope="col">Part</th>
              <th scope="col">Category</th>
              <th scope="col">Supplier</th>
              <th scope="col">Prices (minor units)</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {parts.data?.items.map((p) => (
              <tr key={p.partNumber} data-part={p.partNumber}>
                <td>
                  {p.name} <span class="muted small">{p.partNumber}</span>
                </td>
                <td>{p.category}</td>
                <td>{p.supplier ?? '—'}</td>
                <td class="small">
                  {Object.entries(p.prices)
                    .map(([c, a]) => `${c} ${a}`)
                    .join(' · ')}
                </td>
                <td>
                  <button type="button" onClick={() => setEditing({ part: p })}>
                    Edit {p.partNumber}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {parts.data?.nextCursor ? (
        <button type="button" onClick={() => setPages([...pages, parts.data!.nextCursor!])}>
          More parts
        </button>
      ) : null}
      <h2>Labour operations</h2>
      <ProblemView error={ops.error} context="labour operations" />
      <div class="table-wrap">
        <table aria-label="Labour operations">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Description</th>
              <th scope="col">Flat rate</th>
              <th scope="col">Skill</th>
            </tr>
          </thead>
          <tbody>
            {ops.data?.items.map((o) => (
              <tr key={o.code}>
                <td>
                  <button type="button" class="link" onClick={() => setEditing({ op: o, isOp: true })}>
                    {o.code}
                  </button>
                </td>
                <td>{o.description}</td>
                <td>{o.hours} h</td>
                <td>{o.skill}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && 'isOp' in editing ? (
        <LabourOpDialog
          {...(editing.op ? { op: editing.op } : {})}
          onClose={() => setEditing(undefined)}
          onDone={reload}
        />
      ) : editing ? (
        <PartDialog
          {...(editing.part ? { part: editing.part } : {})}
          onClose={() => setEditing(undefined)}
          onDone={reload}
        />
      ) : null}
    </>
  );
}

/** `JPY 14000` per line or comma ⇄ prices. */
const pricesText = (p?: PartRecord) =>
  Object.entries(p?.prices ?? {})
    .map(([c, a]) => `${c} ${a}`)
    .join(', ');

function PartDialog(props: { part?: PartRecord; onClose: () => void; onDone: () => void }) {
  const { api, region } = useConsole();
  const p = props.part;
  const [f, setF] = useState({
    partNumber: p?.partNumber ?? '',
    name: p?.name ?? '',
    category: p?.category ?? 'brakes',
    supplier: p?.supplier ?? '',
    prices: pricesText(p),
    ops: (p?.laborOperations ?? []).join(', '),
  });
  const set = (k: keyof typeof f) => (e: Event) =>
    setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const prices = Object.fromEntries(
    items(f.prices).map((entry) => {
      const [currency, amount] = entry.split(/[\s=]+/);
      return [currency ?? '', Number(amount)];
    }),
  );
  return (
    <ConfirmDialog
      title={p ? `Change ${p.partNumber}` : 'Add a part'}
      confirmLabel={p ? 'Save part' : 'Add part'}
      wide
      onClose={props.onClose}
      blocked={!f.partNumber ? 'Give the part its number.' : undefined}
      onConfirm={async () => {
        await api.put(region, `parts/${encodeURIComponent(f.partNumber)}`, {
          name: f.name,
          category: f.category,
          supplier: f.supplier,
          prices,
          laborOperations: items(f.ops),
        });
        props.onDone();
      }}
    >
      <div class="grid-2">
        <Field label="Part number" id="pt-number">
          <input id="pt-number" value={f.partNumber} onInput={set('partNumber')} disabled={!!p} />
        </Field>
        <Field label="Name" id="pt-name">
          <input id="pt-name" value={f.name} onInput={set('name')} />
        </Field>
        <Field label="Category" id="pt-category">
          <select id="pt-category" value={f.category} onChange={set('category')}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Supplier" id="pt-supplier">
          <input id="pt-supplier" value={f.supplier} onInput={set('supplier')} />
        </Field>
        <Field
          label="Prices"
          id="pt-prices"
          hint="currency and minor units, comma-separated: JPY 14000, NPR 1260000"
        >
          <input id="pt-prices" value={f.prices} onInput={set('prices')} />
        </Field>
        <Field label="Labour operations" id="pt-ops" hint="codes, comma-separated">
          <input id="pt-ops" value={f.ops} onInput={set('ops')} />
        </Field>
      </div>
      <p>Prices apply to claims priced from now on; claims already priced keep theirs.</p>
    </ConfirmDialog>
  );
}

function LabourOpDialog(props: { op?: LaborOperationRecord; onClose: () => void; onDone: () => void }) {
  const { api, region } = useConsole();
  const o = props.op;
  const [f, setF] = useState({
    code: o?.code ?? '',
    description: o?.description ?? '',
    hours: String(o?.hours ?? ''),
    skill: o?.skill ?? 'general',
  });
  const set = (k: keyof typeof f) => (e: Event) =>
    setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <ConfirmDialog
      title={o ? `Change ${o.code}` : 'Add a labour operation'}
      confirmLabel={o ? 'Save operation' : 'Add operation'}
      onClose={props.onClose}
      blocked={!f.code ? 'Give the operation its code.' : undefined}
      onConfirm={async () => {
        await api.put(region, `labour-operations/${encodeURIComponent(f.code)}`, {
          description: f.description,
          hours: Number(f.hours),
          skill: f.skill,
        });
        props.onDone();
      }}
    >
      <Field label="Code" id="lo-code">
        <input id="lo-code" value={f.code} onInput={set('code')} disabled={!!o} />
      </Field>
      <Field label="Description" id="lo-description">
        <input id="lo-description" value={f.description} onInput={set('description')} />
      </Field>
      <Field label="Flat-rate hours" id="lo-hours">
        <input id="lo-hours" inputMode="decimal" value={f.hours} onInput={set('hours')} />
      </Field>
      <Field label="Skill" id="lo-skill">
        <select id="lo-skill" value={f.skill} onChange={set('skill')}>
          {SKILLS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
    </ConfirmDialog>
  );
}
