import { useState } from 'preact/hooks';
import { ApiProblem } from '../api.ts';
import { Field, ProblemView } from '../components/common.tsx';
import { DataTable, numeric } from '../components/data-table.tsx';
import { useConsole } from '../console-context.ts';
import { roleAtLeast } from '../session.ts';
import type { ImportError } from '../types.ts';

/**
 * The vehicle registry import (managers): a CSV file, all or nothing. A refused file comes back
 * with one line per bad cell, and nothing was written.
 */
const MAX_BYTES = 1024 * 1024;

const COLUMNS = 'vin,market,model,modelYear,powertrain,warrantyPlan,deliveryDate';
const EXAMPLE = 'JTDBT4K3600838970,JP,Corolla Cross,2026,HYBRID,standard,2026-05-01';

interface ImportResult {
  imported: number;
  /** New vehicles, and rows identical to what the registry already had. */
  created?: number;
  unchanged?: number;
}

export function VehiclesPage() {
  const { api, region, session } = useConsole();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | undefined>();
  const [error, setError] = useState<unknown>();
  const allowed = roleAtLeast(session, 'manager');

  const readFile = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setResult(undefined);
    setError(undefined);
    try {
      const res = await api.call<ImportResult>(region, 'vehicles/import', {
        method: 'POST',
        raw: { body: csv, contentType: 'text/csv' },
      });
      setResult(res);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const rows = csv ? csv.split(/\r?\n/).filter((l) => l.trim()).length - 1 : 0;
  const rowErrors: ImportError[] =
    error instanceof ApiProblem && Array.isArray(error.problem.errors)
      ? (error.problem.errors.filter((x) => typeof x.row === 'number') as ImportError[])
      : [];
  const tooBig = new Blob([csv]).size > MAX_BYTES;

  return (
    <>
      <h1 tabIndex={-1}>Vehicle import</h1>
      <p>
        Registers shipped vehicles in the warranty registry of <strong>{region}</strong>. The file is imported
        whole or not at all: one bad row and nothing is written. At most 5,000 rows and 1 MiB.
      </p>
      {!allowed ? (
        <p class="notice">The import needs the manager role; you are signed in as {session.role}.</p>
      ) : null}
      <form onSubmit={submit} class="card import" aria-labelledby="import-heading">
        <h2 id="import-heading">CSV file</h2>
        <Field
          label="Choose a CSV file"
          id="csv-file"
          hint="Header row first: vin,market,model,… (see below)."
        >
          <input
            id="csv-file"
            type="file"
            accept=".csv,text/csv"
            onChange={readFile}
            aria-describedby="csv-file-hint"
          />
        </Field>
        <Field label="…or paste the CSV" id="csv-text">
          <textarea
            id="csv-text"
            rows={8}
            spellcheck={false}
            class="mono"
            value={csv}
            onInput={(e) => {
              setCsv(e.currentTarget.value);
              setFileName(undefined);
            }}
          />
        </Field>
        <p class="muted small" role="status">
          {fileName ? `${fileName}: ` : ''}
          {rows > 0 ? `${rows} data row(s)` : 'nothing to import yet'}
          {tooBig ? ' — over 1 MiB: the API will refuse it' : ''}
        </p>
        <button type="submit" class="primary" disabled={busy || !csv.trim() || !allowed}>
          {busy ? 'Importing…' : 'Import vehicles'}
        </button>
      </form>
      <section aria-live="polite" aria-labelledby="import-report-heading">
        <h2 id="import-report-heading">Report</h2>
        {!result && !error ? <p class="muted">No import yet.</p> : null}
        {result ? (
          <p class="notice ok" data-imported={result.imported} data-created={result.created}>
            Imported {result.imported} vehicle{result.imported === 1 ? '' : 's'}
            {result.created !== undefined
              ? ` (${result.created} new, ${result.unchanged ?? 0} already registered as they are)`
              : ''}
            .
          </p>
        ) : null}
        {error ? (
          <>
            <ProblemView
              error={
                rowErrors.length > 0
                  ? new ApiProblem(
                      (error as ApiProblem).status,
                      { ...(error as ApiProblem).problem, errors: [] },
                      region,
                    )
                  : error
              }
            />
            {rowErrors.length > 0 ? (
              <>
                <p class="bad" data-imported="0">
                  Nothing was imported. Fix{' '}
                  {rowErrors.length === 1 ? 'this problem' : `these ${rowErrors.length} problems`} and import
                  the whole file again:
                </p>
                <DataTable columns={[numeric('Row'), 'Column', 'Problem']} class="import-errors">
                  {rowErrors.map((r) => (
                    <tr key={`${r.row}-${r.column}-${r.detail}`} data-row={r.row}>
                      <td class="num">{r.row}</td>
                      <td class="mono">{r.column ?? '—'}</td>
                      <td>{r.detail}</td>
                    </tr>
                  ))}
                </DataTable>
              </>
            ) : null}
          </>
        ) : null}
      </section>
      <details>
        <summary>The columns</summary>
        <p>
          The first line names the columns, in any order: <code>{COLUMNS}</code>. One vehicle per line after
          it, for example:
        </p>
        <pre class="mono">{`${COLUMNS}\n${EXAMPLE}`}</pre>
        <p>
          <code>market</code> is the market the vehicle ships to (its region follows from it),{' '}
          <code>powertrain</code> ICE, HYBRID or EV, <code>warrantyPlan</code> a plan id such as{' '}
          <code>standard</code>, <code>deliveryDate</code> the day the customer took it (YYYY-MM-DD). A
          refusal names each bad cell by its line in the file (the header is line 1) and its column.
        </p>
      </details>
    </>
  );
}
