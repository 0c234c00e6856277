import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { clock, globalTable, logger, settings } from '../shared/context.ts';
import { dispatchSettingsFromEnv, dispatchWebhooks } from '../webhooks/dispatch.ts';
import { urlPolicyFromEnv } from '../webhooks/url-policy.ts';

const dispatchSettings = { ...dispatchSettingsFromEnv(), policy: urlPolicyFromEnv() };

/** The home regions this region writes for now: its own, and any it took over in a failover. */
async function homeRegions(): Promise<string[]> {
  const owners = await Promise.all(
    settings.regions.map(async (r) => [r, await globalTable.ownerOf(r)] as const),
  );
  return owners.filter(([, owner]) => owner.writerRegion === settings.region).map(([r]) => r);
}

/** Scheduled: one dispatcher run (see functions/webhooks/dispatch.ts). */
export const handler = middy(async () => {
  const report = await dispatchWebhooks(
    {
      table: globalTable,
      homeRegions,
      now: () => clock.now(),
      onError: (eventId, err) => logger.error('webhook delivery not recorded', { eventId, err: String(err) }),
    },
    dispatchSettings,
  );
  if (report.attempted + report.skipped + report.failed > 0)
    logger.info('webhooks dispatched', { ...report });
  return report;
}).use(injectLambdaContext(logger, { clearState: true }));
