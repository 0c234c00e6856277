import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { perRegion } from './per-region.ts';

/**
 * The DynamoDB clients, created once per Lambda container (module scope); the Step Functions and
 * SES ones are in workflow-clients.ts, loaded on first use. The region comes from the Lambda
 * environment (`AWS_REGION`); endpoints from `AWS_ENDPOINT_URL_*`, which the SDK reads itself, so
 * the same code talks to AWS or to the local runtime.
 */
export const thisRegion = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'ap-northeast-1';

/**
 * Keep-alive connections, more than the SDK's default 50: a container that serves many concurrent
 * invocations (the local runtime's region worker does) must not queue a lease holder's requests
 * behind other invocations' polling. In Lambda (one invocation per container) this changes nothing.
 */
export const requestHandler = new NodeHttpHandler({
  httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
  httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
});

const documentOptions = { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } };

/**
 * Without the SDK's logger middleware: with no logger configured it still builds a redacted copy of
 * every input and output for the no-op logger to discard, 15–20 % of the SDK's CPU per call
 * (measured locally on PutItem and StartExecution).
 */
export function quiet<C extends { middlewareStack: { remove(name: string): boolean } }>(client: C): C {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

export const dynamo = DynamoDBDocumentClient.from(
  quiet(new DynamoDBClient({ region: thisRegion, requestHandler })),
  documentOptions,
);

/**
 * The table's replica in another region, for the writes that must happen in an item's home region
 * (a reservation of another region's stock). One client per region, kept for the container's life.
 */
export const dynamoIn = perRegion(thisRegion, dynamo, (region) =>
  DynamoDBDocumentClient.from(quiet(new DynamoDBClient({ region, requestHandler })), documentOptions),
);
