import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger, webhookDispatch, writerClocks } from '../shared/adapters.ts';
import { dispatchSettingsFromEnv, dispatchWebhooks } from '../webhooks/dispatch.ts';
import { urlPolicyFromEnv } from '../webhooks/url-policy.ts';

const dispatchSettings = { ...dispatchSettingsFromEnv(), policy: urlPolicyFromEnv() };

/**
 * Scheduled: one dispatcher run (see functions/webhooks/dispatch.ts), which also stamps the clocks
 * of the home regions this region writes for (functions/data/writer-clocks.ts): the one function
 * that already runs on a schedule in every region, so the clocks cost no function of their own.
 */
export const handler = middy(async () => {
  const report = await dispatchWebhooks(webhookDispatch, dispatchSettings);
  if (report.attempted + report.skipped + report.failed > 0)
    logger.info('webhooks dispatched', { ...report });
  // A refused stamp (this region was fenced meanwhile) must not fail the run: the next one asks again.
  await writerClocks
    .stamp(await webhookDispatch.homeRegions(), webhookDispatch.now())
    .catch((err: unknown) => logger.warn('writer clock not stamped', { err: String(err) }));
  return report;
}).use(injectLambdaContext(logger, { clearState: true }));
