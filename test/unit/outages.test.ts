import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { EmailNotSentError, MailRefusedError } from '../../domain/ports.ts';
import { ForeignRegionWriteError, StaleEpochError } from '../../domain/region.ts';
import { WrongRegionError } from '../../functions/errors.ts';
import { fileClaimAction } from '../../functions/lifecycle/file-claim.ts';
import { notifyStep } from '../../functions/lifecycle/notify-step.ts';
import { partnerClaims } from '../../functions/lifecycle/partner-claims.ts';
import { partnerRoute } from '../../functions/shared/partner-route.ts';
import { PROBLEM_CONTENT_TYPE, problemTypeUri } from '../../functions/shared/problem.ts';
import { RETRY_AFTER_SECONDS } from '../../functions/shared/region-unavailable.ts';
import { asWorkflowError } from '../../functions/shared/workflow-task.ts';
import { fakeLifecycle } from '../support/fakes.ts';
import { aClaim, aPartner, aSubmission } from './support/fixtures.ts';

const REGION = 'ap-south-1';
const event = {
  httpMethod: 'GET',
  resource: '/v1/claims',
  path: '/v1/claims',
  headers: {},
  queryStringParameters: null,
  pathParameters: null,
  body: null,
  isBase64Encoded: false,
  requestContext: { authorizer: { partnerId: 'np-himalayan-motors' }, stage: 'v1' },
};
const context = {
  functionName: 'claimflow-list',
  awsRequestId: 'req-outage-1',
  getRemainingTimeInMillis: () => 5_000,
} as unknown as Context;
const contract = { summary: 'a route', responses: { 200: { description: 'ok' } }, problems: [] };

/** An error as the AWS SDK reports a region's DynamoDB that does not answer. */
const dynamoDown = () =>
  Object.assign(new Error('region ap-south-1 is down'), {
    name: 'ServiceUnavailable',
    $metadata: { httpStatusCode: 503 },
  });

describe('a region whose database is down', () => {
  it('answers partners 503 problem+json with Retry-After, not 500', async () => {
    // Prepare
    const handler = partnerRoute(
      contract,
      async () => {
        throw dynamoDown();
      },
      async () => {},
    );
    // Act
    const res = await handler(event as never, context);
    // Assess
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['content-type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(res.headers?.['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(JSON.parse(res.body)).toMatchObject({
      type: problemTypeUri('serviceUnavailable'),
      status: 503,
      requestId: 'req-outage-1',
    });
  });

  it('fails a workflow task with RegionUnavailable, the name the state machine retries for hours', () => {
    expect((asWorkflowError(dynamoDown()) as Error).name).toBe('RegionUnavailable');
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect((asWorkflowError(refused) as Error).name).toBe('RegionUnavailable');
    const bug = new TypeError('x is undefined');
    expect(asWorkflowError(bug)).toBe(bug);
  });
});

describe('a task of a claim that moved to another region', () => {
  it('fails with ClaimFenced when its epoch is stale or the claim is written elsewhere now', () => {
    expect((asWorkflowError(new StaleEpochError(REGION, 1, 2)) as Error).name).toBe('ClaimFenced');
    const moved = new ForeignRegionWriteError('eu-central-1', REGION, 'CLAIM#CLM-ap-south-1-X/CLAIM');
    expect((asWorkflowError(moved) as Error).name).toBe('ClaimFenced');
  });

  it('keeps a refused write of another region’s item (stock) an ordinary, retried failure', () => {
    const stock = new ForeignRegionWriteError('eu-central-1', REGION, 'WAREHOUSE#W1/STOCK#P1');
    expect(asWorkflowError(stock)).toBe(stock);
  });
});

describe('an email the mail service refused', () => {
  async function prepare() {
    const partner = aPartner();
    const deps = fakeLifecycle({ region: REGION, now: '2025-01-15T06:00:00Z', partners: [partner] });
    const claim = aClaim({ partnerId: partner.partnerId, centreId: partner.serviceCentres[0]?.centreId });
    await deps.claims.create(claim);
    return { deps, claim, notify: notifyStep(deps) };
  }

  it('is recorded failed (parked for the back office) and fails the task with EmailNotSent', async () => {
    // Prepare
    const { deps, claim, notify } = await prepare();
    deps.mailer.failNext = new MailRefusedError(new Error('sending paused'));
    // Act
    const attempt = notify({ claimId: claim.claimId, epoch: 1, template: 'survey' });
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(EmailNotSentError);
    await expect(attempt).rejects.toMatchObject({ name: 'EmailNotSent' });
    expect(await deps.emails.emailsOf(claim.claimId)).toEqual([
      expect.objectContaining({ template: 'survey', state: 'failed', reason: 'sending paused' }),
    ]);
    expect(deps.mailer.sent).toHaveLength(0);
    expect(deps.metrics.counts.get('EmailFailed')).toBe(1);
  });

  it('is sent by the retry, once, and a third run sends nothing more', async () => {
    // Prepare
    const { deps, claim, notify } = await prepare();
    deps.mailer.failNext = new MailRefusedError(new Error('throttled'));
    const input = { claimId: claim.claimId, epoch: 1, template: 'survey' as const };
    await notify(input).catch(() => undefined);
    // Act
    const retried = await notify(input);
    const again = await notify(input);
    // Assess
    expect(retried.sent).toBe(true);
    expect(again).toEqual({ sent: false, why: 'already sent' });
    expect(deps.mailer.sent).toHaveLength(1);
    expect((await deps.emails.emailsOf(claim.claimId))[0]).toMatchObject({ state: 'sent' });
  });
});

describe('a partner whose region was evacuated', () => {
  const EUROPE = 'eu-central-1';
  function prepare(region: string) {
    const partner = aPartner();
    const deps = fakeLifecycle({ region, now: '2025-01-15T06:00:00Z', partners: [partner] });
    deps.owners.records.set(REGION, { homeRegion: REGION, writerRegion: EUROPE, epoch: 2 });
    return { deps, partner };
  }

  it('is refused in its old region with 421 naming the region that serves it now', async () => {
    const { deps, partner } = prepare(REGION);
    await expect(fileClaimAction(deps)(partner.partnerId, aSubmission(), 'k-1')).rejects.toEqual(
      new WrongRegionError(EUROPE),
    );
    expect(deps.claims.stored.size).toBe(0);
  });

  it('files in the new region a claim still homed in its own region, under the new epoch', async () => {
    const { deps, partner } = prepare(EUROPE);
    const { claim } = await fileClaimAction(deps)(partner.partnerId, aSubmission(), 'k-1');
    expect(claim.claimId.startsWith(`CLM-${REGION}-`)).toBe(true);
    expect(claim.homeRegion).toBe(REGION);
    expect([...deps.workflows.started]).toEqual([`${claim.claimId}-e2-r1`]);
    // And reads it there: the same check answers the partner's GET.
    await expect(partnerClaims(deps).claimOfPartner(partner.partnerId, claim.claimId)).resolves.toEqual(
      claim,
    );
  });
});
