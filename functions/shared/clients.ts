import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * AWS clients, created once per Lambda container (module scope). The region comes from the Lambda
 * environment (`AWS_REGION`); endpoints from `AWS_ENDPOINT_URL_*`, which the SDK reads itself, so
 * the same code talks to AWS or to the local runtime.
 */
export const thisRegion = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'ap-northeast-1';

/**
 * Keep-alive connections, more than the SDK's default 50: a container that serves many concurrent
 * invocations (the local runtime's region worker does) must not queue a lease holder's requests
 * behind other invocations' polling. In Lambda (one invocation per container) this changes nothing.
 */
const requestHandler = new NodeHttpHandler({
  httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
  httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
});

const documentOptions = { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } };

export const dynamo = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: thisRegion, requestHandler }),
  documentOptions,
);

const remoteDynamo = new Map<string, DynamoDBDocumentClient>();
/**
 * The table's replica in another region, for the writes that must happen in an item's home region
 * (a reservation of another region's stock). One client per region, kept for the container's life.
 */
export function dynamoIn(region: string): DynamoDBDocumentClient {
  if (region === thisRegion) return dynamo;
  let client = remoteDynamo.get(region);
  if (!client) {
    client = DynamoDBDocumentClient.from(new DynamoDBClient({ region, requestHandler }), documentOptions);
    remoteDynamo.set(region, client);
  }
  return client;
}

export const sfn = new SFNClient({ region: thisRegion, requestHandler });

const remoteSfn = new Map<string, SFNClient>();
/** Step Functions of another region: a claim's task tokens are answered in its home region. */
export function sfnIn(region: string): SFNClient {
  if (region === thisRegion) return sfn;
  let client = remoteSfn.get(region);
  if (!client) {
    client = new SFNClient({ region, requestHandler });
    remoteSfn.set(region, client);
  }
  return client;
}

export const sesv2 = new SESv2Client({ region: thisRegion, requestHandler });
