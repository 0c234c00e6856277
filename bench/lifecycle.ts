import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '../domain/calendar.ts';
import type { Claim } from '../domain/claim.ts';
import { makeVin } from '../domain/vin.ts';
import { startRuntime } from '../local/runtime.ts';
import { registerVehicles } from '../test/support/vehicles.ts';
import { directClient, dynamoDbWork, rawWritesPerSecond } from './dynamodb-work.ts';

/**
 * The lifecycle benchmark (issue 3): claims per second through the whole ClaimLifecycle on the
 * embedded runtime (DynamoDB Local on disk, as `npm start` runs it; waits scaled), DynamoDB work
 * per claim counted by the replicating proxy (replication included: it is work DynamoDB Local
 * does), and the ratio of that throughput to the storage bound measured in the same run: raw
 * DynamoDB Local writes per second ÷ writes per claim.
 */

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 120);
const RAW_WRITES = 3000;
// A week of workflow time lasts 12 s: long enough for the bench's partner to answer AwaitRepair,
// short enough that the survey waits (10 days) add ~17 s of latency, not of throughput.
const TIME_SCALE = 2e-5;
const PARTS = [
  ['BRK-CALIPER-10', 'BRK-R10', 1.2],
  ['SUS-STRUT-09', 'SUS-R09', 1.6],
  ['ELE-ALTERNATOR-07', 'ELE-R07', 1.5],
  ['CLM-COMPRESSOR-11', 'CLM-R11', 3],
] as const;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export async function run(): Promise<Record<string, number | string>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'claimflow-bench-'));
  const rt = await startRuntime({ dataDir, timeScale: TIME_SCALE, replicationLagMs: 100 });
  try {
    // Reads of the bench itself go straight to DynamoDB Local, so the proxy counts only the system's work.
    const direct = (region: string) => directClient(rt.dynamodbLocal.url, region);

    // 1. The storage bound: raw PutItems of a claim-sized item against DynamoDB Local.
    const rawWrites = await rawWritesPerSecond(rt.dynamodbLocal.url, {
      table: rt.config.tables.regional,
      count: RAW_WRITES,
      itemBytes: 3000,
    });

    // 2. One vehicle per claim (no claim looks like a duplicate), from every demo partner.
    const partners = rt.endpoints.partners;
    const senders = Array.from({ length: CLAIMS }, (_, i) => ({
      partner: partners[i % partners.length]!,
      vin: makeVin('JCFBN15A', 300_000 + i),
      part: PARTS[i % PARTS.length]!,
    }));
    await registerVehicles(
      rt,
      senders.map(({ partner, vin }) => ({ vin, market: partner.market, region: partner.region })),
    );
    await rt.network.settled();
    const before = rt.network.state();

    // 3. File every claim at once; answer each repair when scheduled; wait for CLOSED.
    const started = performance.now();
    const filed = await Promise.all(
      senders.map(({ partner, vin, part }, i) =>
        rt.lambda.operation<{ claim: Claim }>(partner.region, 'fileClaim', {
          partnerId: partner.partnerId,
          idempotencyKey: `bench-${i}`,
          submission: {
            vin,
            odometerKm: 21_000,
            failureDate: addDays(new Date().toISOString().slice(0, 10), -2),
            repairOrderNumber: `RO-B${i}`,
            customer: { name: 'Bench Customer', email: `bench${i}@example.com`, language: 'en' },
            complaint: 'Benchmark claim',
            faultCodes: [],
            lines: [{ partNumber: part[0], quantity: 1, laborOperation: part[1], laborHours: part[2] }],
          },
        }),
      ),
    );
    const latencies: number[] = [];
    await Promise.all(
      filed.map(async ({ claim }) => {
        const db = direct(claim.homeRegion);
        let completed = false;
        for (;;) {
          await new Promise((r) => setTimeout(r, 250));
          const res = await db.send(
            new GetCommand({
              TableName: rt.config.tables.global,
              Key: { pk: `CLAIM#${claim.claimId}`, sk: 'CLAIM' },
            }),
          );
          const status = res.Item?.status as string;
          if (status === 'SCHEDULED' && !completed) {
            completed = true;
            await rt.lambda.operation(claim.homeRegion, 'completeRepair', {
              claimId: claim.claimId,
              completion: {
                completedAt: new Date().toISOString(),
                partsUsed: [{ partNumber: claim.lines[0]!.partNumber, quantity: 1 }],
                laborHours: claim.lines[0]!.laborHours,
                notes: 'bench',
              },
            });
          }
          if (status === 'CLOSED') break;
          if (status === 'REJECTED' || status === 'IN_REVIEW' || res.Item?.failure)
            throw new Error(
              `bench claim ${claim.claimId} went ${status}: ${JSON.stringify(res.Item?.failure ?? res.Item?.reasons)}`,
            );
        }
        latencies.push(performance.now() - started);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await rt.network.settled();
    const after = rt.network.state();

    const work = dynamoDbWork(before, after);
    const claimsPerSecond = CLAIMS / seconds;
    const writesPerClaim = work.writes / CLAIMS;
    const storageBound = rawWrites / writesPerClaim;
    latencies.sort((a, b) => a - b);
    return {
      claims: CLAIMS,
      'claims per second (whole workflow)': +claimsPerSecond.toFixed(2),
      'claim latency p50 s (incl. ~17 s of scaled waits)': +(pct(latencies, 50) / 1000).toFixed(1),
      'claim latency p99 s': +(pct(latencies, 99) / 1000).toFixed(1),
      'DynamoDB writes per claim (incl. replication)': +writesPerClaim.toFixed(1),
      '  of which replication writes': +(work.replicationWrites / CLAIMS).toFixed(1),
      'DynamoDB reads per claim (incl. replication)': +(work.reads / CLAIMS).toFixed(1),
      'Scan requests': work.scans,
      'raw DynamoDB Local writes per second': Math.round(rawWrites),
      'storage bound, claims per second': +storageBound.toFixed(2),
      'ratio to storage bound (target >= 0.4)': +(claimsPerSecond / storageBound).toFixed(2),
    };
  } finally {
    await rt.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
