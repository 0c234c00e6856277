import type { RegionOwners } from '../../domain/ports.ts';
import { apiChain, ok, toResult, withTiming } from '../shared/partner-route.ts';
import { problemJson } from '../shared/problem-json.ts';

/**
 * GET /v1/health: whether this region answers and its database does, for Route 53's health checks
 * (infra/failure-detection-stack.ts), which send no key. One fresh read of the region's owner
 * record: an outage of the region's DynamoDB is a 503 (problem+json, Retry-After), as on every
 * partner route, so the check fails exactly when partners would be turned away. An evacuated region
 * is still healthy (it answers, with 421 for the claims it no longer writes): `writerRegion` says so.
 */
export function regionHealth(deps: { owners: RegionOwners; region: string }) {
  return async () => {
    const owner = await deps.owners.ownerOf(deps.region, { fresh: true });
    return {
      status: 'ok' as const,
      region: deps.region,
      writerRegion: owner.writerRegion,
      epoch: owner.epoch,
    };
  };
}

/** The route's chain: the partner API's, without the partner (no authorizer, no key check, no input). */
export function healthRoute(health: () => Promise<unknown>) {
  return withTiming(
    apiChain()
      .use(problemJson())
      .handler(async () => toResult(ok(await health()))),
  );
}
