import { Logger } from '@aws-lambda-powertools/logger';

/** The one logger of a container (Powertools: JSON lines, the Lambda context and claim id on each). */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'claimflow' });
