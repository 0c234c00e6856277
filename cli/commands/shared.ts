import { readFileSync } from 'node:fs';
import type { ApiAnswer, BackofficeClient } from '../backoffice-client.ts';
import { CliError } from '../backoffice-client.ts';

/**
 * The admin CLI's commands, `<noun> <verb> [ids] [--options]`, each one back-office request. Values
 * are sent as given: the API checks them and its refusal is printed field by field. Money is in
 * minor units (as the API takes it); lists are comma-separated; `--file x.json` gives a whole body
 * (flags given as well override its fields).
 */

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  readonly usage: string;
  readonly summary: string;
  readonly options?: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  /** How many positional arguments (ids) it takes. */
  readonly ids: number;
  readonly run: (api: BackofficeClient, ids: string[], values: Values) => Promise<ApiAnswer>;
  /** One line per result for a person (`--json` prints the answer instead). */
  readonly show?: (body: ApiAnswer['body']) => string;
}

export const str = (values: Values, name: string) => values[name] as string | undefined;
export const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
export const many = (values: Values, name: string) => (values[name] as string[] | undefined) ?? [];
export const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
export const enc = encodeURIComponent;

/** The fields given, without the ones left out. */
export const defined = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

/** `--file` (a JSON body), with the flags' fields over it. */
export function body(values: Values, fields: Record<string, unknown>): Record<string, unknown> {
  const file = str(values, 'file');
  const base = file ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  return { ...base, ...defined(fields) };
}

export const WEEK = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** `mon-fri 09:00-17:00; sat 09:00-13:00` → workingHours (days not named are closed). */
export function workingHours(text: string | undefined) {
  if (text === undefined) return undefined;
  const hours: Record<string, unknown> = Object.fromEntries(WEEK.map((d) => [d, 'closed']));
  for (const part of text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d\d:\d\d)-(\d\d:\d\d)$/.exec(part);
    if (!m) throw new CliError(`--hours: "${part}" is not like "mon-fri 09:00-17:00"`, 2);
    const [from, to] = [WEEK.indexOf(m[1]!), WEEK.indexOf(m[2] ?? m[1]!)];
    if (from < 0 || to < 0) throw new CliError(`--hours: "${part}" names a day that is not sun … sat`, 2);
    for (let d = from; ; d = (d + 1) % 7) {
      hours[WEEK[d]!] = { open: m[3], close: m[4] };
      if (d === to) break;
    }
  }
  return hours;
}

export const moneyOf = (amount: string | undefined, currency: string | undefined) =>
  amount === undefined ? undefined : { amountMinor: Number(amount), currency };

export const line = (...cells: (string | number | undefined)[]) =>
  cells.filter((c) => c !== undefined && c !== '').join('  ');

export const keyLine = (k: {
  keyId: string;
  status: string;
  label: string;
  createdAt: string;
  expiresAt?: string;
}) =>
  line(
    k.keyId,
    k.status,
    k.label,
    `created ${k.createdAt}`,
    k.expiresAt ? `expires ${k.expiresAt}` : undefined,
  );

export const counts = (b: {
  kind?: string;
  imported: number;
  created: number;
  changed?: number;
  unchanged: number;
}) =>
  line(
    b.kind ? `${b.kind}:` : 'imported:',
    `${b.imported} rows`,
    `${b.created} created`,
    b.changed === undefined ? undefined : `${b.changed} changed`,
    `${b.unchanged} unchanged`,
  );

export const readText = (file: string) => readFileSync(file, 'utf8');

export const fileOption = { file: { type: 'string' as const } };
