import { describe, expect, inject, it } from 'vitest';
import { addDays } from '../../domain/calendar.ts';
import { makeVin } from '../../domain/vin.ts';
import { backoffice, signIn } from '../support/backoffice.ts';
import { type HttpAnswer, send, until } from '../support/partner-api.ts';

/**
 * Issue 15's acceptance, over HTTP only: a manager puts an exporter's new market into service —
 * a partner, a service centre, a certified technician (and one whose certification has lapsed), a
 * labour operation and a part with its price, a warehouse with stock, a vehicle — then the
 * partner's new key files claims that are approved and scheduled with the certified technician,
 * never the other; the key is revoked and the next call is 403.
 */

const endpoints = inject('endpoints');
const SOUTH = 'ap-south-1';
const JP = 'ap-northeast-1';
const EUROPE = 'eu-central-1';

const today = new Date().toISOString().slice(0, 10);
const PARTNER = 'bt-thimphu-motors';
const CENTRE = 'bt-thimphu-motors-c1';
const PART = 'HVE-DCDC-BT01';
const LABOUR = 'HVE-BT01';
const CERTIFIED = 'bt-thimphu-b-certified';
// Sorts first and is never busy: matching would pick it if a lapsed certification counted.
const LAPSED = 'bt-thimphu-a-lapsed';
// One vehicle per claim: claims on one VIN and component within 90 days go to review as duplicates.
const serial = Date.now() % 1_000_000;
const vins = [0, 1, 2].map((i) => makeVin('JCFBT64E', serial + i));
const delivered = addDays(today, -200);

const ok = (res: HttpAnswer, status: number) => {
  expect(res.status, `${status} expected, got ${res.status}: ${res.text}`).toBe(status);
  return res.json;
};

const partnerApi = (apiKey: string) => {
  const base = endpoints.regions[SOUTH]!.partnerApi;
  const headers = { 'x-api-key': apiKey };
  return {
    fileClaim: (vin: string, repairOrderNumber: string) =>
      send(`${base}v1/claims`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({
          vin,
          odometerKm: 9_200,
          failureDate: addDays(today, -1),
          repairOrderNumber,
          customer: { name: 'Karma Wangchuk', email: 'karma@example.com', language: 'en' },
          complaint: 'DC-DC converter fault: 12 V battery not charging while driving',
          faultCodes: ['P0A94'],
          lines: [{ partNumber: PART, quantity: 1, laborOperation: LABOUR, laborHours: 2 }],
        }),
      }),
    getClaim: (claimId: string) => send(`${base}v1/claims/${claimId}`, { headers }),
    listClaims: () => send(`${base}v1/claims?limit=1`, { headers }),
  };
};

describe('putting an exporter into service in a new market, over HTTP', () => {
  let manager: string;
  let apiKey: string;
  let keyId: string;
  const claims: string[] = [];

  it('lets a manager open the market and onboard the partner, its centre, technicians, parts, stock and a vehicle', async () => {
    manager = await signIn(endpoints, 'manager');
    // Through several regions' APIs: each write lands in its record's home region.
    const hq = backoffice(endpoints, JP, manager);
    const europe = backoffice(endpoints, EUROPE, manager);
    const south = backoffice(endpoints, SOUTH, manager);

    ok(
      await hq.put('markets/BT', {
        name: 'Bhutan',
        currency: 'BTN',
        timeZone: 'Asia/Thimphu',
        languages: ['dz', 'en'],
        region: SOUTH,
      }),
      201,
    );
    const partner = ok(
      await europe.post('partners', {
        partnerId: PARTNER,
        name: 'Thimphu Motors',
        market: 'BT',
        currency: 'BTN',
        laborRate: { amountMinor: 120_000, currency: 'BTN' },
        autoApprovalLimit: { amountMinor: 20_000_000, currency: 'BTN' },
        tier: 'standard',
        contact: { name: 'Karma Wangchuk', email: 'after-sales@thimphu-motors.example' },
      }),
      201,
    );
    expect(partner).toMatchObject({ homeRegion: SOUTH, status: 'active', serviceCentres: [] });

    const openDay = { open: '09:00', close: '17:00' };
    ok(
      await hq.put(`service-centres/${CENTRE}`, {
        partnerId: PARTNER,
        name: 'Thimphu Motors Service, Olakha',
        address: 'Olakha Workshop Area, Thimphu 11001, Bhutan',
        phone: '+975 2 350 000',
        timeZone: 'Asia/Thimphu',
        workingHours: {
          sun: 'closed',
          mon: openDay,
          tue: openDay,
          wed: openDay,
          thu: openDay,
          fri: openDay,
          sat: openDay,
        },
        holidays: ['2026-12-17', '2027-02-10'],
      }),
      201,
    );
    ok(
      await hq.put(`labour-operations/${LABOUR}`, {
        description: 'Replace DC-DC converter',
        hours: 2,
        skill: 'ev-high-voltage',
      }),
      201,
    );
    ok(
      await south.put(`parts/${PART}`, {
        name: 'DC-DC converter 3 kW',
        category: 'hv-electrical',
        supplier: 'Setouchi Power Electronics',
        prices: { BTN: 4_500_000, JPY: 62_000 },
        laborOperations: [LABOUR],
      }),
      201,
    );
    const technician = (certificationExpiresOn: string) => ({
      name: 'Sonam Dorji',
      centreId: CENTRE,
      skills: ['general', 'ev-high-voltage'],
      certifications: [
        { skill: 'ev-high-voltage', certificate: 'HV-2-BT', expiresOn: certificationExpiresOn },
      ],
    });
    ok(await hq.put(`technicians/${CERTIFIED}`, technician(addDays(today, 365))), 201);
    ok(
      await hq.put(`technicians/${LAPSED}`, { ...technician(addDays(today, -1)), name: 'Tashi Wangmo' }),
      201,
    );

    ok(
      await hq.put('warehouses/WH-PBH', { name: 'Phuentsholing parts depot', region: SOUTH, market: 'BT' }),
      201,
    );
    const stock = ok(await hq.csv('imports/stock', `warehouseId,partNumber,onHand\nWH-PBH,${PART},5\n`), 200);
    expect(stock).toMatchObject({ kind: 'stock', imported: 1, created: 1 });
    const vehicles = ok(
      await hq.csv(
        'vehicles/import',
        [
          'vin,market,model,modelYear,powertrain,warrantyPlan,deliveryDate',
          ...vins.map((vin) => `${vin},BT,Volta EV 64 kWh,${delivered.slice(0, 4)},EV,standard,${delivered}`),
        ].join('\n'),
      ),
      200,
    );
    expect(vehicles).toMatchObject({ created: 3, byRegion: { [SOUTH]: 3 } });

    const issued = ok(await south.post(`partners/${PARTNER}/keys`, { label: 'Thimphu DMS' }), 201);
    expect(issued.apiKey).toMatch(/^cfk_[A-Za-z0-9_-]{32}$/);
    ({ apiKey, keyId } = issued);
    // Shown once: the partner's record lists the key, never the key itself.
    const record = ok(await hq.get(`partners/${PARTNER}`), 200);
    expect(record.keys).toEqual([expect.objectContaining({ keyId, status: 'active', label: 'Thimphu DMS' })]);
    expect(JSON.stringify(record)).not.toContain(apiKey);
  });

  it('files claims with the new key that are approved and scheduled with the certified technician, never the lapsed one', async () => {
    const api = partnerApi(apiKey);
    for (const [n, vin] of vins.entries())
      claims.push(ok(await api.fileClaim(vin, `RO-BT-${n + 1}`), 201).claimId);
    for (const claimId of claims) {
      const scheduled = await until(
        async () => {
          const claim = (await api.getClaim(claimId)).json;
          expect(claim.status, JSON.stringify(claim)).not.toMatch(/REJECTED|IN_REVIEW|CANCELLED/);
          return claim.status === 'SCHEDULED' ? claim : undefined;
        },
        `claim ${claimId} to be scheduled`,
        60_000,
      );
      expect(scheduled.appointment).toMatchObject({ centreId: CENTRE, technicianId: CERTIFIED });
      expect(scheduled.lines[0]).toMatchObject({ decision: 'COVERED', reasons: [] });
    }
    // The back office sees the plan version the vehicle was judged by.
    const detail = ok(await backoffice(endpoints, SOUTH, manager).get(`claims/${claims[0]}`), 200);
    expect(detail.claim.warrantyPlan).toEqual({ planId: 'standard', version: expect.any(Number) });
    expect(detail.claim.events.map((e: { to: string }) => e.to)).toEqual(
      expect.arrayContaining(['RECEIVED', 'APPROVED', 'SCHEDULED']),
    );
  });

  it('answers 403 to the very next call once the key is revoked, and keeps the revocation in the audit trail', async () => {
    const api = partnerApi(apiKey);
    ok(await api.listClaims(), 200);
    const south = backoffice(endpoints, SOUTH, manager);
    const revoked = ok(await south.delete(`partners/${PARTNER}/keys/${keyId}`), 200);
    expect(revoked).toMatchObject({ keyId, status: 'revoked', revokedBy: 'manager@claimflow.example' });
    const refused = await api.listClaims();
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect((await api.getClaim(claims[0]!)).status).toBe(403);

    const trail = ok(await south.get(`audit/api-key/${PARTNER}`), 200);
    expect(trail.items.map((e: { action: string }) => e.action)).toEqual(['issued', 'revoked']);
    expect(trail.items[1]).toMatchObject({ actor: { id: 'manager@claimflow.example', role: 'manager' } });
  });

  it('answers 403 at once while the partner is suspended, and lets its key in again once it is active', async () => {
    const south = backoffice(endpoints, SOUTH, manager);
    const fresh = ok(await south.post(`partners/${PARTNER}/keys`, {}), 201);
    const api = partnerApi(fresh.apiKey);
    ok(await api.listClaims(), 200);
    ok(await south.patch(`partners/${PARTNER}`, { status: 'suspended' }), 200);
    expect((await api.listClaims()).status).toBe(403);
    ok(await south.patch(`partners/${PARTNER}`, { status: 'active' }), 200);
    ok(await api.listClaims(), 200);
  });
});
