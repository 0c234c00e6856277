import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  type ApiKeyRecord,
  issueKey,
  keyAdmits,
  keyStatus,
  MAX_LIVE_KEYS,
  revokeKey,
} from '../../domain/master-data/api-keys.ts';
import { auditEntry, changedFields, MasterDataError } from '../../domain/master-data/audit.ts';
import { partFrom } from '../../domain/master-data/catalogue.ts';
import { readPartRows, readStockRows, readTechnicianRows } from '../../domain/master-data/imports.ts';
import { defineMarket } from '../../domain/master-data/market.ts';
import {
  changePartner,
  MAX_CENTRES_PER_PARTNER,
  NewPartnerSchema,
  newPartner,
  putServiceCentre,
} from '../../domain/master-data/partners.ts';
import { money } from '../../domain/money.ts';
import { builtOnFirstUse, parseWith } from '../../domain/validation.ts';
import type { CsvRecord } from '../../domain/vehicle-import.ts';
import { readCsv } from '../../functions/shared/csv.ts';
import { aCentre, aPartner } from './support/fixtures.ts';

const NOW = new Date('2026-03-01T10:00:00Z');
const by = 'manager@claimflow.example';

const aKey = (over: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  keyId: 'key-aaaa1111',
  partnerId: 'np-himalaya-motors',
  label: 'API key',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: by,
  ...over,
});

describe('API keys', () => {
  it('admits a live key of an active partner, and a partner stored before statuses existed', () => {
    expect(keyAdmits(aKey(), { status: 'active' }, NOW)).toBe(true);
    expect(keyAdmits(aKey(), {}, NOW)).toBe(true);
  });

  it('refuses a revoked key, an expired key, a suspended partner, a missing key or partner', () => {
    expect(keyAdmits(aKey({ revokedAt: '2026-02-01T00:00:00Z' }), {}, NOW)).toBe(false);
    expect(keyAdmits(aKey({ expiresAt: NOW.toISOString() }), {}, NOW)).toBe(false);
    expect(keyAdmits(aKey(), { status: 'suspended' }, NOW)).toBe(false);
    expect(keyAdmits(undefined, {}, NOW)).toBe(false);
    expect(keyAdmits(aKey(), undefined, NOW)).toBe(false);
  });

  it('rotates with an overlap: the old key expires overlapHours later and names its replacement', () => {
    const old = aKey();
    const { key, rotated } = issueKey({
      partner: aPartner(),
      keyId: 'key-bbbb2222',
      request: { rotates: old.keyId, overlapHours: 48 },
      existing: [old],
      now: NOW,
      by,
    });
    expect(key).toMatchObject({ keyId: 'key-bbbb2222', createdBy: by, label: 'rotation of key-aaaa1111' });
    expect(rotated).toMatchObject({ expiresAt: '2026-03-03T10:00:00.000Z', replacedBy: 'key-bbbb2222' });
    expect(keyStatus(rotated!, NOW)).toBe('expiring');
    expect(keyStatus(rotated!, new Date('2026-03-03T10:00:00Z'))).toBe('expired');
  });

  it('refuses to rotate a key that is not the partner’s (404) or no longer active (409)', () => {
    const base = { partner: aPartner(), keyId: 'key-new00000', existing: [aKey()], now: NOW, by };
    expect(() => issueKey({ ...base, request: { rotates: 'key-other000' } })).toThrow(
      expect.objectContaining({ kind: 'notFound', field: { pointer: '/rotates' } }),
    );
    expect(() =>
      issueKey({
        ...base,
        existing: [aKey({ revokedAt: NOW.toISOString() })],
        request: { rotates: 'key-aaaa1111' },
      }),
    ).toThrow(expect.objectContaining({ kind: 'conflict' }));
  });

  it('refuses a key for a suspended partner, and more than the live keys allowed', () => {
    const base = { keyId: 'key-new00000', request: {}, now: NOW, by };
    expect(() => issueKey({ ...base, partner: aPartner({ status: 'suspended' }), existing: [] })).toThrow(
      /suspended/,
    );
    const many = Array.from({ length: MAX_LIVE_KEYS }, (_, i) => aKey({ keyId: `key-live000${i}` }));
    expect(() => issueKey({ ...base, partner: aPartner(), existing: many })).toThrow(/live keys/);
  });

  it('keeps the first revocation of a key revoked twice', () => {
    const once = revokeKey(aKey(), NOW, by);
    expect(revokeKey(once, new Date('2026-04-01T00:00:00Z'), 'someone-else')).toBe(once);
  });
});

describe('partners', () => {
  const draft = NewPartnerSchema.parse({
    partnerId: 'bt-thimphu-motors',
    name: 'Thimphu Motors',
    market: 'BT',
    currency: 'BTN',
    laborRate: { amountMinor: 90_000, currency: 'BTN' },
    autoApprovalLimit: { amountMinor: 5_000_000, currency: 'BTN' },
    tier: 'standard',
    contact: { name: 'Karma Wangchuk', email: 'karma@thimphu-motors.example' },
  });

  it('starts active, with no centre, in its market’s region', () => {
    expect(newPartner(draft, { code: 'BT', region: 'ap-south-1' })).toMatchObject({
      homeRegion: 'ap-south-1',
      status: 'active',
      serviceCentres: [],
    });
  });

  it('refuses a homeRegion other than its market’s, naming homeRegion', () => {
    expect(() =>
      newPartner({ ...draft, homeRegion: 'eu-central-1' }, { code: 'BT', region: 'ap-south-1' }),
    ).toThrow(expect.objectContaining({ field: { pointer: '/homeRegion' } }));
  });

  it('refuses money in another currency than the partner’s, naming the field', () => {
    const result = NewPartnerSchema.safeParse({ ...draft, laborRate: { amountMinor: 1, currency: 'USD' } });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['laborRate', 'currency']]);
    expect(() => changePartner(aPartner(), { autoApprovalLimit: money(1, 'JPY') })).toThrow(
      expect.objectContaining({ field: { pointer: '/autoApprovalLimit/currency' } }),
    );
  });

  it('suspends, and removes the price list with null', () => {
    const p = changePartner(aPartner({ priceList: { discountPct: 5 } }), {
      status: 'suspended',
      priceList: null,
    });
    expect(p.status).toBe('suspended');
    expect(p.priceList).toBeUndefined();
  });

  it('adds a centre, replaces it, and never hands it to another partner', () => {
    const centre = { ...aCentre({ centreId: 'X' }), partnerId: 'np-himalaya-motors' };
    const { centreId: _c, ...fields } = centre;
    const once = putServiceCentre(aPartner(), 'PKR-1', fields, undefined);
    const twice = putServiceCentre(once, 'PKR-1', { ...fields, phone: '+977 61 000' }, 'np-himalaya-motors');
    expect(twice.serviceCentres.map((c) => [c.centreId, c.phone])).toEqual([
      ['KTM-1', '+977 1 4100000'],
      ['PKR-1', '+977 61 000'],
    ]);
    expect(() => putServiceCentre(aPartner(), 'PKR-1', fields, 'someone-else')).toThrow(
      expect.objectContaining({ kind: 'conflict' }),
    );
  });

  it(`holds at most ${MAX_CENTRES_PER_PARTNER} centres`, () => {
    const full = aPartner({
      serviceCentres: Array.from({ length: MAX_CENTRES_PER_PARTNER }, (_, i) =>
        aCentre({ centreId: `C${i}` }),
      ),
    });
    const { centreId: _c, ...fields } = aCentre();
    expect(() =>
      putServiceCentre(full, 'ONE-MORE', { ...fields, partnerId: full.partnerId }, undefined),
    ).toThrow(MasterDataError);
  });
});

describe('markets', () => {
  const draft = {
    name: 'Bhutan',
    currency: 'BTN',
    timeZone: 'Asia/Thimphu',
    languages: ['dz'],
    region: 'ap-south-1',
  };
  const regions = ['ap-south-1', 'eu-central-1', 'ap-northeast-1'];

  it('opens a market in an export region', () => {
    expect(defineMarket('BT', draft, { regions })).toMatchObject({ code: 'BT', region: 'ap-south-1' });
  });

  it('refuses a region that is not an export region, or other than the config says', () => {
    expect(() => defineMarket('BT', { ...draft, region: 'us-east-1' }, { regions })).toThrow(
      /not an export region/,
    );
    expect(() =>
      defineMarket('NP', { ...draft, region: 'eu-central-1' }, { regions, configuredRegion: 'ap-south-1' }),
    ).toThrow(/config/);
  });

  it('never moves a market to another region once opened', () => {
    const existing = defineMarket('BT', draft, { regions });
    expect(() => defineMarket('BT', { ...draft, region: 'eu-central-1' }, { regions, existing })).toThrow(
      expect.objectContaining({ kind: 'conflict' }),
    );
  });
});

describe('the audit trail', () => {
  it('lists the fields a change changed', () => {
    expect(changedFields({ a: 1, b: { x: 1 }, c: 3 }, { a: 1, b: { x: 2 }, d: 4 })).toEqual(['b', 'c', 'd']);
    expect(
      auditEntry({
        entity: 'partner',
        entityId: 'p',
        action: 'created',
        at: NOW,
        actor: { kind: 'staff', id: by },
        after: { a: 1 },
      }),
    ).toMatchObject({ at: NOW.toISOString(), changed: ['a'] });
  });
});

describe('parts', () => {
  it('refuses a labour operation that does not exist, pointing at it', () => {
    const draft = {
      name: 'Caliper',
      category: 'brakes' as const,
      supplier: 'Minato',
      prices: { JPY: 14_000 },
      laborOperations: ['BRK-R10', 'NOPE-1'],
    };
    expect(() => partFrom('BRK-CALIPER-10', draft, new Set(['BRK-R10']))).toThrow(
      expect.objectContaining({ field: { pointer: '/laborOperations/1' } }),
    );
  });
});

const records = (text: string): { header: CsvRecord; records: CsvRecord[] } => {
  const [header, ...rest] = readCsv(text);
  return { header: header!, records: rest };
};

describe('CSV imports', () => {
  it('reads parts with a price column per currency and lists in cells', () => {
    const { header, records: rows } = records(
      'partNumber,name,category,supplier,laborOperations,price.JPY,price.NPR\n' +
        'BRK-CALIPER-10,Front brake caliper,brakes,Minato,BRK-R10;BRK-R11,14000,\n',
    );
    const read = readPartRows(header, rows);
    expect(read.errors).toEqual([]);
    expect(read.rows[0]?.value).toEqual({
      partNumber: 'BRK-CALIPER-10',
      name: 'Front brake caliper',
      category: 'brakes',
      supplier: 'Minato',
      laborOperations: ['BRK-R10', 'BRK-R11'],
      prices: { JPY: 14000 },
    });
  });

  it('names every bad row and column of a parts file, and a part listed twice', () => {
    const { header, records: rows } = records(
      'partNumber,name,category,supplier,laborOperations,price.JPY\n' +
        'bad part,Caliper,brakes,Minato,,14000\n' +
        'BRK-1,Caliper,wheels,Minato,,-5\n' +
        'BRK-2,Caliper,brakes,,,100\n' +
        'BRK-2,Caliper,brakes,Minato,,100\n',
    );
    const { errors } = readPartRows(header, rows);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'partNumber'],
      [3, 'category'],
      [3, 'price.JPY'],
      [4, 'supplier'],
    ]);
  });

  it('reads technicians with certifications as skill:expiresOn, and names a malformed one', () => {
    const { header, records: rows } = records(
      'technicianId,name,centreId,skills,certifications,workingDays\n' +
        'pema,Pema Sherpa,KTM-1,general;ev-high-voltage,ev-high-voltage:2027-03-31,mon;tue\n' +
        'ram,Ram Thapa,KTM-1,general;electrical,electrical-2027-01-01,\n' +
        'hari,Hari KC,KTM-1,general,ev-high-voltage:2027-03-31,\n',
    );
    const read = readTechnicianRows(header, rows);
    expect(read.rows.map((r) => r.value)).toEqual([
      {
        technicianId: 'pema',
        draft: {
          name: 'Pema Sherpa',
          centreId: 'KTM-1',
          skills: ['general', 'ev-high-voltage'],
          certifications: [{ skill: 'ev-high-voltage', expiresOn: '2027-03-31' }],
          workingDays: ['mon', 'tue'],
        },
      },
    ]);
    expect(read.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'certifications'],
      [4, 'certifications'],
    ]);
  });

  it('reads stock counts and refuses a count that is not a whole number, or a header without onHand', () => {
    const good = records(
      'warehouseId,partNumber,onHand\nWH-KTM,BRK-CALIPER-10,12\nWH-KTM,ENG-OILPUMP-01,1.5\n',
    );
    const read = readStockRows(good.header, good.records);
    expect(read.rows.map((r) => r.value)).toEqual([
      { warehouseId: 'WH-KTM', partNumber: 'BRK-CALIPER-10', onHand: 12 },
    ]);
    expect(read.errors).toEqual([expect.objectContaining({ row: 3, column: 'onHand' })]);
    const noCount = records('warehouseId,partNumber\nWH-KTM,BRK-CALIPER-10\n');
    expect(readStockRows(noCount.header, noCount.records).errors).toEqual([
      expect.objectContaining({ row: 1, column: 'onHand' }),
    ]);
  });
});

describe('master-data schemas built on first use', () => {
  const counted = () => {
    let builds = 0;
    const schema = builtOnFirstUse(() => {
      builds += 1;
      return z.strictObject({ name: z.string().check(z.minLength(1)), hours: z.number() });
    });
    return { schema, builds: () => builds };
  };

  it('builds nothing when its module loads, then once, on the first parse', () => {
    const { schema, builds } = counted();
    expect(builds()).toBe(0);
    expect(parseWith(schema, { name: 'Brake pads', hours: 1.5 })).toEqual({
      ok: true,
      value: { name: 'Brake pads', hours: 1.5 },
    });
    parseWith(schema, { name: 'Caliper', hours: 2 });
    expect(builds()).toBe(1);
  });

  it('answers, nested and derived, with the errors of the schema it stands for', () => {
    const { schema } = counted();
    const plain = z.strictObject({ name: z.string().check(z.minLength(1)), hours: z.number() });
    const bad = { name: '', hours: 'two', extra: 1 };
    expect(parseWith(schema, bad)).toEqual(parseWith(plain, bad));
    const nested = z.strictObject({ operation: schema });
    expect(parseWith(nested, { operation: bad })).toEqual(
      parseWith(z.strictObject({ operation: plain }), { operation: bad }),
    );
    expect(parseWith(z.omit(schema, { hours: true }), { name: 'Caliper' })).toEqual({
      ok: true,
      value: { name: 'Caliper' },
    });
    expect(Object.keys({ ...schema })).toEqual(Object.keys({ ...plain }));
  });

  it('keeps the master-data rules: a new partner without a name is refused on that field', () => {
    const parsed = parseWith(NewPartnerSchema, {});
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.pointer)).toContain('/name');
  });
});
