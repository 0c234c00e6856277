import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { recordDeliveryEvent, SesEventSchema } from '../follow-up/delivery-events.ts';
import { clock, followUp, logger, region } from '../shared/adapters.ts';

/**
 * SES bounce and complaint events (configuration set → EventBridge → here; locally the outbox
 * calls it for the simulator's bounce address): suppresses the address so nothing more is sent.
 */
const record = recordDeliveryEvent({ region, clock, followUp });

export const handler = middy(async (event: unknown) => {
  const result = await record(SesEventSchema.parse(event));
  logger.info('SES event recorded', result);
  return result;
}).use(injectLambdaContext(logger, { clearState: true }));
