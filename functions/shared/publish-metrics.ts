import type { MiddlewareObj } from '@middy/core';

/**
 * What every invocation publishes when it ends: the container's business metrics, once a module
 * that counts has made them (business-metrics.ts). A chain publishes through this list, not through
 * the metrics themselves, so that a function that never counts (most back-office and partner routes)
 * neither bundles nor builds Powertools Metrics (cold start, issue 18).
 */
const publishers = new Set<() => void>();

/** Registers what to publish after each invocation (business-metrics.ts, when it is built). */
export function publishAfterEachInvocation(publish: () => void): void {
  publishers.add(publish);
}

/** The middy middleware that publishes what an invocation counted, whether it succeeded or not. */
export function publishMetrics(): MiddlewareObj {
  const publish = async () => {
    for (const p of publishers) p();
  };
  return { after: publish, onError: publish };
}
