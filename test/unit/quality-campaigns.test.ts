import { describe, expect, it } from 'vitest';
import {
  type Campaign,
  campaignCompletion,
  campaignIdOf,
  campaignScopeOf,
  selects,
  vinsOfList,
} from '../../domain/quality/campaign.ts';
import { OpenCampaignSchema } from '../../domain/quality/campaign-request.ts';
import { countsAsFailure } from '../../domain/quality/rates.ts';
import { makeVin } from '../../domain/vin.ts';
import { decisionSteps } from '../../functions/lifecycle/decision-steps.ts';
import { TRANSLATED_LANGUAGES } from '../../functions/mail/catalogue.ts';
import { renderCampaignNotice } from '../../functions/mail/templates.ts';
import { fakeLifecycle } from '../support/fakes.ts';
import { aClaim, aLaborOperation, aPart, aPartner, aTechnician, aVehicle, VIN } from './support/fixtures.ts';

const CAMPAIGN_ID = 'CMP-20250110-ABCDEF';

const aCampaign = (over: Partial<Campaign> = {}): Campaign => ({
  campaignId: CAMPAIGN_ID,
  status: 'OPEN',
  title: 'Alternator diode failure',
  component: 'electrical',
  markets: ['NP'],
  affected: { kind: 'fleet', model: 'Crossline 1.5' },
  remedy: { laborOperation: 'EL-ALT-R', laborHours: 1.5, parts: [{ partNumber: 'ALT-1001', quantity: 1 }] },
  openedAt: '2025-01-10T00:00:00Z',
  openedBy: 'manager@claimflow.example',
  homeRegion: 'ap-south-1',
  byMarket: [{ market: 'NP', vehicles: 1, noticesSent: 1 }],
  ...over,
});

const line = { lineNo: 1, partNumber: 'ALT-1001', quantity: 1, laborOperation: 'EL-ALT-R', laborHours: 1.5 };

describe('a campaign’s vehicles', () => {
  it('reads a CSV list of VINs, header and blank lines allowed, each VIN once', () => {
    const a = makeVin('MA3FB32SR1', 11);
    const b = makeVin('MA3FB32SR1', 12);
    expect(vinsOfList(`vin\r\n${a}\n\n${b.toLowerCase()},extra\n${a}\n`)).toEqual({
      vins: [a, b],
      errors: [],
    });
  });

  it('names every line that is not a VIN, by its line number', () => {
    const { errors } = vinsOfList(`vin\n${makeVin('MA3FB32SR1', 1)}\nNOT-A-VIN\n12345`);
    expect(errors.map((e) => e.detail)).toEqual([
      'line 3: NOT-A-VIN is not a VIN',
      'line 4: 12345 is not a VIN',
    ]);
    expect(errors.every((e) => e.pointer === '/affected/csv')).toBe(true);
  });

  it('selects a fleet by model, years (both ends in) and VIN range', () => {
    const from = makeVin('MA3FB32SR1', 100);
    const to = makeVin('MA3FB32SR1', 200);
    const selection = {
      kind: 'fleet' as const,
      model: 'Crossline 1.5',
      modelYears: { from: 2022, to: 2023 },
      vinRange: { from, to },
    };
    const v = { vin: makeVin('MA3FB32SR1', 150), market: 'NP', model: 'Crossline 1.5', modelYear: 2023 };
    expect(selects(selection, v)).toBe(true);
    expect(selects(selection, { ...v, modelYear: 2024 })).toBe(false);
    expect(selects(selection, { ...v, model: 'Crossline 2.0' })).toBe(false);
    expect(selects(selection, { ...v, vin: makeVin('MA3FB32SR1', 201) })).toBe(false);
    expect(selects(selection, { ...v, vin: to })).toBe(true);
  });

  it('refuses an opening whose years or VIN range run backwards, naming the field', () => {
    const parsed = OpenCampaignSchema.safeParse({
      title: 'Brake caliper',
      component: 'brakes',
      markets: ['NP'],
      affected: { kind: 'fleet', model: 'X', modelYears: { from: 2024, to: 2023 } },
      remedy: { laborOperation: 'BRK-R10', laborHours: 1, parts: [] },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['affected', 'modelYears', 'to']);
  });

  it('makes ids of the opening day and six letters or digits', () => {
    expect(campaignIdOf(new Date('2026-12-06T10:00:00Z'), () => 0)).toBe('CMP-20261206-AAAAAA');
  });
});

describe('a claim citing a campaign', () => {
  const campaign = aCampaign();
  it('is within scope with the campaign’s operation, time and parts on an affected vehicle of its markets', () => {
    expect(campaignScopeOf(campaign, { market: 'NP', lines: [line] }, true)).toEqual({ within: true });
  });

  it.each([
    ['another vehicle', { market: 'NP', lines: [line] }, false, 'VEHICLE_NOT_IN_CAMPAIGN'],
    ['another market', { market: 'JP', lines: [line] }, true, 'MARKET_NOT_IN_CAMPAIGN'],
    ['more time', { market: 'NP', lines: [{ ...line, laborHours: 1.6 }] }, true, 'OUTSIDE_REMEDY'],
    [
      'another operation',
      { market: 'NP', lines: [{ ...line, laborOperation: 'EL-BCM-R' }] },
      true,
      'OUTSIDE_REMEDY',
    ],
    [
      'more parts over two lines',
      { market: 'NP', lines: [line, { ...line, lineNo: 2, laborHours: 0 }] },
      true,
      'OUTSIDE_REMEDY',
    ],
    ['another part', { market: 'NP', lines: [{ ...line, partNumber: 'BCM-2002' }] }, true, 'OUTSIDE_REMEDY'],
  ] as const)('is out of scope with %s', (_what, claim, affected, why) => {
    expect(campaignScopeOf(campaign, claim, affected)).toMatchObject({ within: false, why });
  });
});

describe('campaign completion', () => {
  it('counts a vehicle repaired once per market, and per partner its campaign claims repaired', () => {
    const vehicles = [
      { vin: 'V1', market: 'NP' },
      { vin: 'V2', market: 'NP' },
      { vin: 'V3', market: 'BD' },
    ];
    const completion = campaignCompletion(vehicles, [
      { vin: 'V1', partnerId: 'p1', status: 'CLOSED' },
      { vin: 'V1', partnerId: 'p1', status: 'REPAIRED' },
      { vin: 'V2', partnerId: 'p2', status: 'SCHEDULED' },
      { vin: 'V3', partnerId: 'p3', status: 'REJECTED' },
    ]);
    expect(completion.byMarket).toEqual([
      { market: 'BD', vehicles: 1, completed: 0, rate: 0 },
      { market: 'NP', vehicles: 2, completed: 1, rate: 0.5 },
    ]);
    expect(completion.byPartner).toEqual([
      { partnerId: 'p1', claims: 2, completed: 2, rate: 1 },
      { partnerId: 'p2', claims: 1, completed: 0, rate: 0 },
    ]);
  });

  it('keeps campaign repairs out of the failure counts, so they cannot raise the rate that opened it', () => {
    expect(countsAsFailure({ status: 'CLOSED' })).toBe(true);
    expect(countsAsFailure({ status: 'CLOSED', campaignId: CAMPAIGN_ID })).toBe(false);
  });
});

describe('the campaign notice', () => {
  const ctx = {
    campaign: { campaignId: CAMPAIGN_ID, component: 'brakes' as const },
    vehicle: { vin: VIN, model: 'Crossline 1.5' },
  };
  const expected: Record<string, RegExp> = {
    en: /free repair/,
    ja: /無償修理/,
    ne: /निःशुल्क मर्मत/,
    hy: /անվճար վերանորոգում/,
    bn: /বিনামূল্যে মেরামত/,
  };
  it.each(TRANSLATED_LANGUAGES)(
    'is written in %s with the campaign, the vehicle and no unsubscribe link',
    (language) => {
      const email = renderCampaignNotice({ ...ctx, customer: { name: 'Aiko', language } });
      expect(email.language).toBe(language);
      expect(email.subject).toMatch(expected[language]!);
      expect(email.subject).toContain(CAMPAIGN_ID);
      expect(email.text).toContain(VIN);
      expect(email.html).toContain(`lang="${language}"`);
      expect(email.text).not.toMatch(/unsubscribe|http/i);
    },
  );
});

describe('Adjudicate with a campaign', () => {
  function prepare() {
    const deps = fakeLifecycle({
      region: 'ap-south-1',
      now: '2025-01-15T06:05:00Z',
      partners: [aPartner()],
      // Delivered in 2019: out of warranty, which a campaign does not ask about.
      vehicles: [aVehicle({ deliveryDate: '2019-01-02' })],
      parts: [aPart()],
      laborOperations: [aLaborOperation()],
      technicians: [aTechnician({ skills: ['electrical'] })],
    });
    deps.campaigns.open(aCampaign(), [
      { campaignId: CAMPAIGN_ID, vin: VIN, market: 'NP', model: 'Crossline 1.5', modelYear: 2019 },
    ]);
    return { deps, steps: decisionSteps(deps) };
  }

  it('approves without a person a claim within the campaign’s repair, though out of warranty', async () => {
    const { deps, steps } = prepare();
    const claim = aClaim({ campaignId: CAMPAIGN_ID });
    await deps.claims.create(claim);
    expect(await steps.adjudicate({ claimId: claim.claimId, epoch: 1 })).toEqual({ outcome: 'APPROVED' });
    const stored = await deps.claims.get(claim.claimId);
    expect(stored?.lines[0]?.decision).toBe('COVERED');
    expect(stored?.events.at(-1)?.reason).toContain(`service campaign ${CAMPAIGN_ID}`);
    expect(deps.metrics.counts.get('ClaimAutoApproved')).toBe(1);
    expect(deps.quality.facts.get(claim.claimId)?.campaignId).toBe(CAMPAIGN_ID);
  });

  it('sends to review, never rejects, a campaign claim beyond the campaign’s repair', async () => {
    const { deps, steps } = prepare();
    const claim = aClaim(
      { campaignId: CAMPAIGN_ID },
      { lines: [{ ...line, laborHours: 3 }].map(({ lineNo: _, ...l }) => l) },
    );
    await deps.claims.create({ ...claim, campaignId: CAMPAIGN_ID });
    expect(await steps.adjudicate({ claimId: claim.claimId, epoch: 1 })).toEqual({ outcome: 'IN_REVIEW' });
    const stored = await deps.claims.get(claim.claimId);
    expect(stored?.reasons).toContain('CAMPAIGN_OUT_OF_SCOPE');
    expect(stored?.events.at(-1)?.reason).toMatch(/3 h is over the campaign's 1.5 h/);
  });

  it('sends to review a claim citing a campaign that does not exist', async () => {
    const { deps, steps } = prepare();
    const claim = aClaim({ campaignId: 'CMP-20250101-ZZZZZZ' });
    await deps.claims.create(claim);
    expect(await steps.adjudicate({ claimId: claim.claimId, epoch: 1 })).toEqual({ outcome: 'IN_REVIEW' });
    expect((await deps.claims.get(claim.claimId))?.reasons).toContain('CAMPAIGN_OUT_OF_SCOPE');
  });
});
