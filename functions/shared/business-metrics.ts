import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { BusinessEvent, BusinessMetrics } from '../../domain/ports.ts';
import { thisRegion } from './clients.ts';

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

/** The container's one instance (Powertools keeps the counts until they are published). */
export const businessMetrics = metricsIn(thisRegion);

/** The middy middleware that publishes what an invocation counted, whether it succeeded or not. */
export function publishMetrics(): MiddlewareObj {
  const publish = async () => businessMetrics.publish();
  return { after: publish, onError: publish };
}
