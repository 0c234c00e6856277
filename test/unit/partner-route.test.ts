import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { keyRefused } from '../../functions/shared/api-key-check.ts';
import { partnerRoute } from '../../functions/shared/partner-route.ts';
import { PROBLEM_CONTENT_TYPE, problemTypeUri } from '../../functions/shared/problem.ts';

const contract = {
  summary: 'a route that never finishes',
  responses: { 200: { description: 'never' } },
  problems: [],
};
const event = {
  httpMethod: 'GET',
  resource: '/v1/slow',
  path: '/v1/slow',
  headers: {},
  queryStringParameters: null,
  pathParameters: null,
  body: null,
  isBase64Encoded: false,
  requestContext: { authorizer: { partnerId: 'np-himalayan-motors' }, stage: 'v1' },
};
// These tests are about the chain, not the key: the key check (api-key-check.ts) admits.
const admitted = async () => {};
const contextWithMs = (remaining: number) =>
  ({
    functionName: 'claimflow-slow',
    awsRequestId: 'req-slow-1',
    getRemainingTimeInMillis: () => remaining,
  }) as unknown as Context;

describe('the partner route chain', () => {
  it('answers 504 problem+json, naming the request id, when the handler runs out of its Lambda time', async () => {
    // Prepare: a handler that would outlive its 60 ms of remaining time.
    const handler = partnerRoute(contract, () => new Promise(() => {}), admitted);
    // Act
    const res = await handler(event as never, contextWithMs(60));
    // Assess
    expect(res.statusCode).toBe(504);
    expect(res.headers?.['content-type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(JSON.parse(res.body)).toMatchObject({
      type: problemTypeUri('gatewayTimeout'),
      status: 504,
      requestId: 'req-slow-1',
    });
  });

  it('still answers 500 for any other failure', async () => {
    const handler = partnerRoute(
      contract,
      async () => {
        throw new Error('boom');
      },
      admitted,
    );
    const res = await handler(event as never, contextWithMs(5_000));
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toMatchObject({ type: problemTypeUri('internal'), status: 500 });
  });

  it('answers 403 problem+json, and never calls the handler, when the key no longer admits the request', async () => {
    // Prepare: a key revoked after API Gateway cached the authorizer's Allow
    let called = false;
    const handler = partnerRoute(
      contract,
      async () => {
        called = true;
        return { status: 200, body: {} };
      },
      async () => Promise.reject(keyRefused()),
    );
    // Act
    const res = await handler(event as never, contextWithMs(5_000));
    // Assess
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ type: problemTypeUri('forbidden'), status: 403 });
    expect(called).toBe(false);
  });
});
