import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll } from 'vitest';
import { type BuildAppOptions, buildApp, type ClaimflowApp } from '../../infra/app.ts';
import { type Config, defaultConfig } from '../../infra/config.ts';

/** One violation as CDK writes it into validation-report.json. */
export interface ReportedViolation {
  ruleName: string;
  severity: string;
  description: string;
  violatingConstructs: { constructPath: string }[];
  acknowledgedId?: string;
  reason?: string;
}

export interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: ReportedViolation[];
    suppressedViolations?: ReportedViolation[];
  }[];
}

/** Builds the app into a throwaway directory, removed after the test file. */
export function buildTestApp(config: Config = defaultConfig, opts: BuildAppOptions = {}): ClaimflowApp {
  const outdir = mkdtempSync(join(tmpdir(), 'claimflow-cdk-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  // Templates only: skip esbuild bundling (each real bundle takes ~1 s, per app); `npm run synth` bundles.
  return buildApp(config, { ...opts, context: { 'aws:cdk:bundling-stacks': [], ...opts.context }, outdir });
}

export function readValidationReport(assembly: CloudAssembly): ValidationReport {
  return JSON.parse(
    readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
}

export const describeViolation = (v: ReportedViolation) =>
  `${v.severity} ${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}: ${v.description}`;
