import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { addDays } from '../../domain/calendar.ts';
import type { Claim, ClaimStatus, ClaimSubmission } from '../../domain/claim.ts';
import type { Config } from '../../infra/config.ts';
import { startRuntime } from '../../local/runtime.ts';

/**
 * A runtime of the test file's own (in this process, so the test can run claim operations in a
 * region as the back office would), with workflow time sped up: a day lasts about 90 ms.
 */
export async function startLifecycleRuntime(timeScale = 1 / 1_000_000, options: { config?: Config } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'claimflow-lifecycle-'));
  const runtime = await startRuntime({
    dataDir,
    inMemory: true,
    replicationLagMs: 20,
    timeScale,
    ...(options.config ? { config: options.config } : {}),
  });
  const sfnIn = (region: string) =>
    new SFNClient({
      region,
      endpoint: runtime.endpoints.regions[region]!.sfn,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
  const op = <T>(region: string, name: string, args: unknown) =>
    runtime.lambda.operation<T>(region, name, args);
  const claimIn = (claimId: string) =>
    op<Claim>(claimId.split('-').slice(1, 4).join('-'), 'getClaim', { claimId });
  return {
    runtime,
    sfnIn,
    op,
    claimIn,
    /** Polls until the claim reaches `status` (or a terminal status that is not it). */
    async until(claimId: string, status: ClaimStatus | ClaimStatus[], timeoutMs = 30_000): Promise<Claim> {
      const want = Array.isArray(status) ? status : [status];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const claim = await claimIn(claimId);
        if (want.includes(claim.status)) return claim;
        if (Date.now() > deadline)
          throw new Error(`claim ${claimId} is ${claim.status}, waited for ${want.join('|')}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop(runtimeToo = true) {
      if (runtimeToo) await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const daysAgo = (n: number) => addDays(new Date().toISOString().slice(0, 10), -n);

export function submission(
  vin: string,
  lines: ClaimSubmission['lines'],
  extra: Partial<ClaimSubmission> = {},
): ClaimSubmission {
  return {
    vin,
    odometerKm: 28_400,
    failureDate: daysAgo(3),
    repairOrderNumber: `RO-${Math.floor(Math.random() * 1e8)}`,
    customer: { name: 'Aiko Yamada', email: 'aiko.yamada@example.com', language: 'ja' },
    complaint: 'Grinding noise from the front left wheel when braking',
    faultCodes: ['C1234'],
    lines,
    ...extra,
  };
}
