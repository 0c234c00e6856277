import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { Endpoints } from '../../local/endpoints.ts';
import { startRuntime } from '../../local/runtime.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: Endpoints;
    dataDir: string;
  }
}

/** One embedded runtime for every integration test file of the run (DESIGN §6), on a fresh folder. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'claimflow-test-'));
  const runtime = await startRuntime({ dataDir, replicationLagMs: 50 });
  project.provide('endpoints', runtime.endpoints);
  project.provide('dataDir', dataDir);
  return async () => {
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
