import './node20-support.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `npm run demo`: files a handful of realistic claims through the partner API of a running
 * `npm start` (endpoints and demo keys from .claimflow/endpoints.json), answers each repair as the
 * dealer would once it is scheduled, and prints every claim's path, status by status.
 */
interface Endpoints {
  regions: Record<string, { partnerApi?: string }>;
  partners: { partnerId: string; name: string; market: string; region: string; apiKey: string }[];
  demo: {
    vehicles: {
      vin: string;
      market: string;
      powertrain: string;
      warranty: string;
      suggestedOdometerKm: number;
    }[];
  };
}

const dataDir = resolve(process.env.CLAIMFLOW_DATA_DIR ?? '.claimflow');
let endpoints: Endpoints;
try {
  endpoints = JSON.parse(readFileSync(resolve(dataDir, 'endpoints.json'), 'utf8')) as Endpoints;
} catch {
  console.error(
    `No ${dataDir}/endpoints.json: start claimflow first with \`npm start\` (in another terminal).`,
  );
  process.exit(1);
}

const today = new Date();
const daysAgo = (n: number) => new Date(today.getTime() - n * 86_400_000).toISOString().slice(0, 10);
const vehicle = (market: string, powertrain: string, warranty = 'in-force') => {
  const v = endpoints.demo.vehicles.find(
    (x) => x.market === market && x.powertrain === powertrain && x.warranty === warranty,
  );
  if (!v) throw new Error(`no demo vehicle ${market} ${powertrain} ${warranty}`);
  return v;
};
const partner = (id: string) => endpoints.partners.find((p) => p.partnerId === id)!;

const scenarios = [
  {
    title: 'Kathmandu: brake caliper on a Corsa, in warranty (auto-approved, follow-up in Nepali)',
    partner: 'np-himalayan-motors',
    vehicle: vehicle('NP', 'ICE'),
    customer: { name: 'सीता शर्मा', email: 'sita.sharma@example.com', language: 'ne' },
    lines: [{ partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 }],
  },
  {
    title: 'Yokohama: alternator on a hybrid (auto-approved, Japanese customer)',
    partner: 'jp-yokohama-export',
    vehicle: vehicle('JP', 'HYBRID'),
    customer: { name: '山田 愛子', email: 'aiko.yamada@example.com', language: 'ja' },
    lines: [{ partNumber: 'ELE-ALTERNATOR-07', quantity: 1, laborOperation: 'ELE-R07', laborHours: 1.5 }],
  },
  {
    title: 'Yerevan: a Corsa delivered 100 months ago (out of warranty by time: rejected)',
    partner: 'am-ararat-auto',
    vehicle: vehicle('AM', 'ICE', 'expired-time'),
    customer: { name: 'Անի Պետրոսյան', email: 'ani.petrosyan@example.com', language: 'hy' },
    lines: [{ partNumber: 'SUS-STRUT-09', quantity: 1, laborOperation: 'SUS-R09', laborHours: 1.6 }],
  },
  {
    title: 'Dhaka: battery module on an EV whose battery is still healthy (rejected: state of health 82 %)',
    partner: 'bd-dhaka-auto-care',
    vehicle: vehicle('BD', 'EV'),
    customer: { name: 'Rahim Ahmed', email: 'rahim.ahmed@example.com', language: 'bn' },
    lines: [{ partNumber: 'EVB-MODULE-48', quantity: 1, laborOperation: 'EVB-R04', laborHours: 5 }],
    batteryStateOfHealthPct: 82,
  },
  {
    title:
      'Almaty: two valve bodies with 6 h of labour for a 4 h job (over the flat-rate time: waits for review)',
    partner: 'kz-almaty-auto',
    vehicle: vehicle('KZ', 'HYBRID'),
    customer: { name: 'Aigerim Bekova', email: 'aigerim.bekova@example.com', language: 'ru' },
    lines: [{ partNumber: 'TRN-VALVEBODY-02', quantity: 2, laborOperation: 'TRN-R02', laborHours: 6 }],
  },
];

async function call(
  base: string,
  apiKey: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(new URL(path.replace(/^\//, ''), base), {
    method,
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const TERMINAL = new Set(['CLOSED', 'REJECTED', 'CANCELLED']);
const FOLLOW_MS = Number(process.env.DEMO_FOLLOW_SECONDS ?? 90) * 1000;

async function follow(s: (typeof scenarios)[number], index: number) {
  const p = partner(s.partner);
  const base = endpoints.regions[p.region]?.partnerApi;
  if (!base)
    throw new Error(
      `endpoints.json has no partnerApi for ${p.region}: is this claimflow's npm start running?`,
    );
  const filed = await call(
    base,
    p.apiKey,
    'POST',
    '/v1/claims',
    {
      vin: s.vehicle.vin,
      odometerKm: s.vehicle.suggestedOdometerKm,
      failureDate: daysAgo(2),
      repairOrderNumber: `RO-DEMO-${Date.now().toString(36)}-${index}`,
      customer: s.customer,
      complaint: 'Customer reports the fault described by the lines',
      faultCodes: [],
      lines: s.lines,
      ...('batteryStateOfHealthPct' in s ? { batteryStateOfHealthPct: s.batteryStateOfHealthPct } : {}),
    },
    { 'idempotency-key': `demo-${Date.now()}-${index}` },
  );
  if (filed.status !== 201)
    throw new Error(`filing failed with ${filed.status}: ${JSON.stringify(filed.body)}`);
  const claimId = filed.body.claimId as string;
  const path: string[] = [filed.body.status];
  const started = Date.now();
  let completed = false;
  let last: Record<string, unknown> = filed.body;
  while (Date.now() - started < FOLLOW_MS) {
    await new Promise((r) => setTimeout(r, 300));
    const got = await call(base, p.apiKey, 'GET', `/v1/claims/${claimId}`);
    last = got.body;
    const status = got.body.status as string;
    if (path.at(-1) !== status) path.push(status);
    if (status === 'SCHEDULED' && !completed) {
      completed = true;
      await call(base, p.apiKey, 'POST', `/v1/claims/${claimId}/completion`, {
        completedAt: new Date().toISOString(),
        partsUsed: s.lines.map((l) => ({ partNumber: l.partNumber, quantity: l.quantity })),
        laborHours: s.lines.reduce((n, l) => n + l.laborHours, 0),
        notes: 'Repaired and road-tested.',
      });
      path.push('(dealer reports the repair done)');
    }
    if (TERMINAL.has(status) || status === 'IN_REVIEW') break;
  }
  return { s, p, claimId, path, last };
}

console.log(`Filing ${scenarios.length} demo claims through the partner API…\n`);
const results = await Promise.allSettled(scenarios.map(follow));
for (const r of results) {
  if (r.status === 'rejected') {
    console.log(`✗ ${String(r.reason)}\n`);
    continue;
  }
  const { s, p, claimId, path, last } = r.value;
  console.log(`${s.title}\n  ${p.name} (${p.region})  ${claimId}\n  ${path.join(' → ')}`);
  const reasons = [
    ...((last.reasons as string[]) ?? []),
    ...((last.lines as { reasons?: string[] }[]) ?? []).flatMap((l) => l.reasons ?? []),
  ];
  if (reasons.length) console.log(`  reasons: ${[...new Set(reasons)].join(', ')}`);
  if (last.status === 'IN_REVIEW')
    console.log(
      '  (waits for an adjuster in the back office; escalates to a manager after 48 h of workflow time)',
    );
  console.log('');
}
