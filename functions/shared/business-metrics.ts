import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BusinessEvent, BusinessMetrics } from '../../domain/ports.ts';
import { thisRegion } from './clients.ts';
import { publishAfterEachInvocation } from './publish-metrics.ts';

/**
 * Business metrics as CloudWatch embedded metric format (EMF): counts written to the function's log,
 * which CloudWatch turns into metrics with no API call on the request path. Namespace from
 * `POWERTOOLS_METRICS_NAMESPACE` (CDK sets the app's name), one dimension besides the service: the
 * export region. The local runtime turns them off (`POWERTOOLS_METRICS_DISABLED`) unless asked, as
 * their JSON lines would fill its console.
 */
export class PowertoolsBusinessMetrics implements BusinessMetrics {
  constructor(private readonly metrics: Metrics) {}

  count(event: BusinessEvent): void {
    this.metrics.addMetric(event, MetricUnit.Count, 1);
  }

  /** Writes what was counted since the last call; nothing (not even a warning) when nothing was. */
  publish(): void {
    if (this.metrics.hasStoredMetrics()) this.metrics.publishStoredMetrics();
  }
}

export const metricsIn = (region: string, options: ConstructorParameters<typeof Metrics>[0] = {}) =>
  new PowertoolsBusinessMetrics(
    new Metrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || 'claimflow',
      serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'claimflow',
      defaultDimensions: { region },
      ...options,
    }),
  );

/**
 * The container's one instance (Powertools keeps the counts until they are published), published at
 * the end of every invocation by the chains' `publishMetrics` (publish-metrics.ts). Built only in a
 * function that imports it, which is one whose handler counts.
 */
export const businessMetrics = /* @__PURE__ */ (() => {
  const metrics = metricsIn(thisRegion);
  publishAfterEachInvocation(() => metrics.publish());
  return metrics;
})();
