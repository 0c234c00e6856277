import { describe, expect, it } from 'vitest';
import {
  IdempotencyConflictError,
  UnknownServiceCentreError,
  WrongRegionError,
} from '../../functions/errors.ts';
import { fileClaimAction } from '../../functions/lifecycle/file-claim.ts';
import { fakeLifecycle } from '../support/fakes.ts';
import { aCentre, aPartner, aSubmission } from './support/fixtures.ts';

const REGION = 'ap-south-1';

function prepare(partner = aPartner()) {
  const deps = fakeLifecycle({ region: REGION, now: '2025-01-15T06:00:00Z', partners: [partner] });
  deps.owners.records.set(REGION, { homeRegion: REGION, writerRegion: REGION, epoch: 2 });
  return { deps, fileClaim: fileClaimAction(deps) };
}

describe('filing a claim', () => {
  it('keeps the service centre the partner names, one of its own', async () => {
    // Prepare
    const partner = aPartner({
      serviceCentres: [aCentre(), aCentre({ centreId: 'PKR-1', name: 'Pokhara' })],
    });
    const { fileClaim } = prepare(partner);
    // Act
    const { claim } = await fileClaim(partner.partnerId, aSubmission({ serviceCentreId: 'PKR-1' }), 'key-c');
    // Assess
    expect(claim.centreId).toBe('PKR-1');
    expect(claim).not.toHaveProperty('serviceCentreId');
  });

  it('refuses a service centre that is not the partner’s before anything is written', async () => {
    // Prepare
    const { deps, fileClaim } = prepare();
    // Act
    const filing = fileClaim('np-himalaya-motors', aSubmission({ serviceCentreId: 'OTHER-1' }), 'key-o');
    // Assess
    await expect(filing).rejects.toBeInstanceOf(UnknownServiceCentreError);
    expect(deps.claims.stored.size).toBe(0);
    expect(deps.workflows.started.size).toBe(0);
  });

  it('stores the claim as RECEIVED in the partner’s region, starts its workflow under the current epoch, counts it', async () => {
    // Prepare
    const { deps, fileClaim } = prepare();
    // Act
    const { claim, replayed } = await fileClaim('np-himalaya-motors', aSubmission(), 'key-1');
    // Assess
    expect(replayed).toBe(false);
    expect(claim).toMatchObject({ status: 'RECEIVED', homeRegion: REGION });
    // No centre named: Adjudicate chooses one (the earliest qualified technician), not the first listed.
    expect(claim.centreId).toBeUndefined();
    expect(await deps.claims.get(claim.claimId)).toEqual(claim);
    expect([...deps.workflows.started]).toEqual([`${claim.claimId}-e2-r1`]);
    expect(deps.metrics.counts.get('ClaimFiled')).toBe(1);
  });

  it('answers the same key and body with the same claim, filing and counting nothing more', async () => {
    // Prepare
    const { deps, fileClaim } = prepare();
    const first = await fileClaim('np-himalaya-motors', aSubmission(), 'key-1');
    // Act
    const again = await fileClaim('np-himalaya-motors', aSubmission(), 'key-1');
    // Assess
    expect(again).toEqual({ claim: first.claim, replayed: true });
    expect(deps.claims.stored.size).toBe(1);
    expect(deps.workflows.started.size).toBe(1);
    expect(deps.metrics.counts.get('ClaimFiled')).toBe(1);
  });

  it('refuses the same key with another body', async () => {
    // Prepare
    const { fileClaim } = prepare();
    await fileClaim('np-himalaya-motors', aSubmission(), 'key-1');
    // Act
    const attempt = fileClaim('np-himalaya-motors', aSubmission({ odometerKm: 43_000 }), 'key-1');
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it('refuses a partner of another region before writing anything, naming its home region', async () => {
    // Prepare
    const { deps, fileClaim } = prepare(aPartner({ homeRegion: 'eu-central-1' }));
    // Act
    const attempt = fileClaim('np-himalaya-motors', aSubmission(), 'key-1');
    // Assess
    await expect(attempt).rejects.toEqual(new WrongRegionError('eu-central-1'));
    expect(deps.once.records.size).toBe(0);
    expect(deps.claims.stored.size).toBe(0);
    expect(deps.workflows.started.size).toBe(0);
  });
});
