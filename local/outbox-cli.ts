import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OutboxMessage } from './ses/outbox.ts';

/**
 * `npm run outbox`: the latest emails of the running `npm start` (its outbox URL is in
 * `.claimflow/endpoints.json`, or CLAIMFLOW_DATA_DIR's).
 *
 *   npm run outbox                       the latest 20: time, to, language, template, subject
 *   npm run outbox -- --claim <claimId>  one claim's emails, oldest first
 *   npm run outbox -- --limit 50
 *   npm run outbox -- --show <messageId> the text part of one email (--html for its HTML)
 */

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function outboxUrl(): string {
  const dataDir = resolve(process.env.CLAIMFLOW_DATA_DIR ?? '.claimflow');
  const file = resolve(dataDir, 'endpoints.json');
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { outbox: string }).outbox;
  } catch {
    console.error(`No ${file}: start claimflow first (npm start).`);
    process.exit(1);
  }
}

async function get<T>(url: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    console.error(`The outbox at ${url} does not answer: is npm start running?`);
    process.exit(1);
  }
  if (res.status === 404) {
    console.error(`Not found: ${url}`);
    process.exit(1);
  }
  return (await res.json()) as T;
}

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

const base = outboxUrl();
const show = flag('--show');
if (show) {
  const m = await get<OutboxMessage>(`${base}/${encodeURIComponent(show)}`);
  console.log(`From:     ${m.from}`);
  console.log(`To:       ${m.to.join(', ')}${m.delivery ? `  (${m.delivery})` : ''}`);
  console.log(`Date:     ${m.at} (${m.region})`);
  console.log(`Subject:  ${m.subject}`);
  console.log(
    `Claim:    ${m.tags.claimId ?? ''}  template ${m.tags.template ?? ''}  language ${m.tags.language ?? ''}`,
  );
  console.log('');
  console.log(args.includes('--html') ? (m.html ?? '') : (m.text ?? ''));
} else {
  const claim = flag('--claim');
  const limit = Number(flag('--limit') ?? (claim ? 1000 : 20));
  const query = new URLSearchParams({ limit: String(limit), ...(claim ? { claimId: claim } : {}) });
  const { items } = await get<{ items: OutboxMessage[] }>(`${base}?${query}`);
  const list = claim ? [...items].reverse() : items;
  if (list.length === 0) console.log(claim ? `No email for claim ${claim}.` : 'The outbox is empty.');
  else {
    console.log(
      `${pad('time', 24)} ${pad('to', 30)} ${pad('lang', 4)} ${pad('template', 20)} ${pad('subject', 50)} message id`,
    );
    for (const m of list)
      console.log(
        `${pad(m.at, 24)} ${pad(m.to.join(','), 30)} ${pad(m.tags.language ?? '', 4)} ${pad(
          `${m.tags.template ?? ''}${m.delivery ? ` (${m.delivery})` : ''}`,
          20,
        )} ${pad(m.subject, 50)} ${m.messageId}`,
      );
  }
}
