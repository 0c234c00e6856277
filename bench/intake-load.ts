import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { addDays } from '../domain/calendar.ts';
import { parseServerTiming } from '../functions/shared/server-timing.ts';
import type { Endpoints } from '../local/endpoints.ts';

/**
 * The loads of the intake benchmark (bench/intake.ts): claims filed through `POST /v1/claims` at a
 * fixed rate, open loop, or as fast as 10 connections can (autocannon), with where the handler's
 * time went from the `Server-Timing` header every answer carries.
 */

export const SPANS = ['validate', 'db-write', 'sfn-start', 'db-read'] as const;

export interface Measured {
  requests: number;
  rps: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  /** Which statuses the non-2xx answers had, e.g. `3×503`. */
  non2xxStatuses?: string;
  errors: number;
  spans: Record<string, number>;
  handlerMs: number;
  /** The handler's own p99 (Server-Timing `total`), where measured: what the gateway and queues add is the rest. */
  handlerP99?: number;
  /** What the runtime used meanwhile: CPU ms per answered request, the main thread's loop delay. */
  usage?: { nodeCpuMs: number; dynamodbLocalCpuMs?: number; loopDelayP99: number; loopDelayMax: number };
}

/** Claims as a demo partner files them: a fresh Idempotency-Key and repair order each. */
function claimRequests(rt: { endpoints: Endpoints }) {
  const partner = rt.endpoints.partners.find((p) => p.partnerId === 'np-himalayan-motors')!;
  const vins = rt.endpoints.demo.vehicles.filter((v) => v.market === partner.market).map((v) => v.vin);
  const failureDate = addDays(new Date().toISOString().slice(0, 10), -2);
  let n = 0;
  return {
    url: `${rt.endpoints.regions[partner.region]!.partnerApi}v1/claims`,
    headers: () => ({
      'content-type': 'application/json',
      'x-api-key': partner.apiKey,
      'idempotency-key': randomUUID(),
    }),
    body: () =>
      JSON.stringify({
        vin: vins[n++ % vins.length],
        odometerKm: 21_000,
        failureDate,
        repairOrderNumber: `RO-B${n}`,
        customer: { name: 'Bench Customer', email: 'bench@example.com', language: 'en' },
        complaint: 'Grinding noise when braking',
        faultCodes: ['C0040'],
        lines: [{ partNumber: 'BRK-CALIPER-10', quantity: 1, laborOperation: 'BRK-R10', laborHours: 1.2 }],
      }),
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * A fixed rate, open loop: request i is due at start + i / rate and is sent then, whatever the
 * earlier ones are doing (no connection limit), and its latency counts from when it was due, so a
 * stall is charged to every request it delayed (no coordinated omission). autocannon's fixed-rate
 * mode was dropped for this: it waits for one of its connections and then corrects by adding
 * synthetic samples, which put its p50 below the handler's own time in the same run.
 */
export async function openLoad(
  rt: { endpoints: Endpoints },
  opts: { rate: number; seconds: number },
): Promise<Measured> {
  const claims = claimRequests(rt);
  const latencies: number[] = [];
  const handler: number[] = [];
  const sums: Record<string, number> = { total: 0 };
  let non2xx = 0;
  let errors = 0;
  const statuses = new Map<number, number>();
  const start = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < opts.rate * opts.seconds; i++) {
    const due = start + (i * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sent.push(
      fetch(claims.url, { method: 'POST', headers: claims.headers(), body: claims.body() }).then(
        async (res) => {
          await res.arrayBuffer();
          latencies.push(performance.now() - due);
          if (res.status < 200 || res.status > 299) {
            non2xx++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          }
          const spans = parseServerTiming(res.headers.get('server-timing') ?? undefined);
          if (!spans.has('total')) return;
          handler.push(spans.get('total')!);
          for (const [name, ms] of spans) sums[name] = (sums[name] ?? 0) + ms;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(sent);
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  handler.sort((a, b) => a - b);
  const total = sums.total ?? 0;
  return {
    requests: latencies.length,
    rps: latencies.length / seconds,
    mean: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    non2xx,
    non2xxStatuses: [...statuses].map(([status, count]) => `${count}×${status}`).join(' '),
    errors,
    spans: shares(sums, total),
    handlerMs: handler.length ? total / handler.length : 0,
    handlerP99: percentile(handler, 99),
  };
}

function shares(sums: Record<string, number>, total: number): Record<string, number> {
  return Object.fromEntries(
    [...SPANS, 'other'].map((name) => [
      name,
      name === 'other'
        ? (total - SPANS.reduce((s, k) => s + (sums[k] ?? 0), 0)) / total
        : (sums[name] ?? 0) / total,
    ]),
  );
}

/** As many claims as 10 connections can file (autocannon): the throughput figure, and the warm-up. */
export function intakeLoad(
  rt: { endpoints: Endpoints },
  opts: { seconds?: number; amount?: number; connections: number },
): Promise<Measured> {
  const claims = claimRequests(rt);
  const sums: Record<string, number> = { total: 0 };
  let timed = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: claims.url,
        connections: opts.connections,
        ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds }),
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => ({ ...req, headers: claims.headers(), body: claims.body() }),
            onResponse: (_status, _body, _context, headers) => {
              const spans = parseServerTiming((headers as Record<string, string>)['server-timing']);
              if (!spans.has('total')) return;
              timed++;
              for (const [name, ms] of spans) sums[name] = (sums[name] ?? 0) + ms;
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        const total = sums.total ?? 0;
        resolve({
          requests: result.requests.total,
          rps: result.requests.average,
          mean: result.latency.average,
          p50: result.latency.p50,
          p90: result.latency.p90,
          p99: result.latency.p99,
          max: result.latency.max,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          spans: shares(sums, total),
          handlerMs: timed ? total / timed : 0,
        });
      },
    );
  });
}
