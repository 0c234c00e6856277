import { describe, expect, it } from 'vitest';
import type { Vehicle } from '../../domain/vehicle.ts';
import {
  type CsvRecord,
  compareWithRegistry,
  listedRowErrors,
  MAX_IMPORT_ROWS,
  MAX_LISTED_ROW_ERRORS,
  type RowError,
  readVehicleRows,
} from '../../domain/vehicle-import.ts';
import { makeVin } from '../../domain/vin.ts';
import { readCsv } from '../../functions/shared/csv.ts';
import { aVehicle } from './support/fixtures.ts';

const HEADER = 'vin,market,model,modelYear,powertrain,warrantyPlan,deliveryDate';
const MARKETS: Record<string, string> = { NP: 'ap-south-1', JP: 'ap-northeast-1', AM: 'eu-central-1' };
const vin = (n: number) => makeVin('JCFCR15A', n);
const line = (v: Partial<Record<string, string | number>> = {}) =>
  [
    v.vin ?? vin(1),
    v.market ?? 'NP',
    v.model ?? 'Corsa 1.5 CVT',
    v.modelYear ?? 2025,
    v.powertrain ?? 'ICE',
    v.warrantyPlan ?? 'standard',
    v.deliveryDate ?? '2025-06-01',
  ].join(',');

/** The file as the import reads it: CSV text → records → rows and errors. */
const read = (text: string) => {
  const [header, ...records] = readCsv(text);
  return readVehicleRows({
    header: header as CsvRecord,
    records,
    regionOfMarket: (m) => MARKETS[m],
    knownMarkets: Object.keys(MARKETS),
    knownPlans: ['standard'],
    today: '2026-03-01',
  });
};
const file = (...rows: string[]) => [HEADER, ...rows].join('\n');
const at = (errors: RowError[]) => errors.map((e) => [e.row, e.column]);

describe('reading a vehicle file', () => {
  it('reads each row as a vehicle homed in its market’s region', () => {
    const { rows, errors } = read(file(line(), line({ vin: vin(2), market: 'JP', powertrain: 'EV' })));
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.vehicle.vin, r.vehicle.homeRegion, r.vehicle.modelYear])).toEqual([
      [2, vin(1), 'ap-south-1', 2025],
      [3, vin(2), 'ap-northeast-1', 2025],
    ]);
  });

  it('accepts a spreadsheet’s export: BOM, CRLF, header in any order and case, quoted commas, blank lines', () => {
    const text =
      '\uFEFFDeliveryDate,VIN,Market,Model,ModelYear,Powertrain,WarrantyPlan\r\n' +
      `2025-06-01,${vin(1)},NP,"Corsa 1.5, CVT",2025,ICE,standard\r\n` +
      '\r\n,,,,,,\r\n' +
      `2025-06-02,${vin(2)},AM,Volta,2026,EV,standard\r\n`;
    const { rows, errors } = read(text);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.vehicle.model])).toEqual([
      [2, 'Corsa 1.5, CVT'],
      [5, 'Volta'],
    ]);
  });

  it('names the line a person sees, also after a quoted line break', () => {
    const { errors } = read(file(line({ model: '"Corsa\nHybrid"' }), line({ vin: vin(2), market: 'XX' })));
    expect(at(errors)).toEqual([[4, 'market']]);
  });

  it('names every bad cell of every row at once', () => {
    const { rows, errors } = read(
      file(
        line(),
        line({ vin: 'JCFCR15A0000000IO', market: 'XX', modelYear: 'new', deliveryDate: '2025-02-30' }),
        line({ vin: vin(3), powertrain: 'DIESEL', warrantyPlan: 'gold', model: '' }),
      ),
    );
    expect(rows.map((r) => r.row)).toEqual([2]);
    expect(at(errors)).toEqual([
      [3, 'vin'],
      [3, 'market'],
      [3, 'modelYear'],
      [3, 'deliveryDate'],
      [4, 'model'],
      [4, 'powertrain'],
      [4, 'warrantyPlan'],
    ]);
    expect(errors[0]?.detail).toContain('I, O and Q');
    expect(errors[1]?.detail).toContain('the markets served are NP, JP, AM');
  });

  it('refuses a delivery in the future and a model year two years ahead of it', () => {
    const { errors } = read(
      file(
        line({ deliveryDate: '2026-03-02' }),
        line({ vin: vin(2), deliveryDate: '2024-12-31', modelYear: 2026 }),
      ),
    );
    expect(at(errors)).toEqual([
      [2, 'deliveryDate'],
      [3, 'modelYear'],
    ]);
  });

  it('accepts next year’s model delivered this year, and a delivery today', () => {
    expect(read(file(line({ deliveryDate: '2026-03-01', modelYear: 2027 }))).errors).toEqual([]);
  });

  it('names a VIN listed twice on its second row, pointing at the first', () => {
    const { rows, errors } = read(file(line(), line({ vin: vin(2) }), line()));
    expect(at(errors)).toEqual([[4, 'vin']]);
    expect(errors[0]?.detail).toBe(`VIN ${vin(1)} is also on row 2`);
    expect(rows).toHaveLength(2);
  });

  it('names a row with too many or too few fields once', () => {
    const { errors } = read(
      file(
        `${line()},extra`,
        line({ vin: vin(2) })
          .split(',')
          .slice(0, 3)
          .join(','),
      ),
    );
    expect(at(errors)).toEqual([
      [2, ''],
      [3, ''],
    ]);
  });

  it('checks the header first: unknown, missing and repeated columns', () => {
    const { rows, errors } = read(['vin,vin,market,model,year,powertrain,warrantyPlan', line()].join('\n'));
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { row: 1, column: 'vin', detail: 'column vin appears twice in the header' },
      { row: 1, column: 'year', detail: expect.stringContaining('unknown column "year"') },
      { row: 1, column: 'modelYear', detail: 'the header has no column modelYear' },
      { row: 1, column: 'deliveryDate', detail: 'the header has no column deliveryDate' },
    ]);
  });

  it('refuses a header without vehicles', () => {
    expect(read(HEADER).errors).toEqual([
      { row: 1, column: '', detail: 'the file has a header but no vehicles' },
    ]);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} vehicles, naming the first row too many`, () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => line({ vin: vin(i + 1) }));
    expect(at(read(file(...rows)).errors)).toEqual([[MAX_IMPORT_ROWS + 2, '']]);
    expect(read(file(...rows.slice(0, MAX_IMPORT_ROWS))).errors).toEqual([]);
  });
});

describe('reading a file that is not CSV', () => {
  it('tells the line of an unclosed quote', () => {
    expect(() => readCsv(`${HEADER}\n${line()}\n"${vin(2)},NP\n`)).toThrow(/Quote Not Closed/);
  });

  it('refuses text that was not UTF-8', () => {
    expect(() => readCsv(`${HEADER}\n${line({ model: 'Citro\uFFFDn' })}`)).toThrow(/not UTF-8/);
  });
});

describe('a file against the registry', () => {
  const rows = [
    { row: 2, vehicle: aVehicle({ vin: vin(1) }) },
    { row: 3, vehicle: aVehicle({ vin: vin(2) }) },
    { row: 4, vehicle: aVehicle({ vin: vin(3) }) },
  ];

  it('creates new VINs and leaves VINs registered with the same data unchanged (a re-run completes)', () => {
    const registered = new Map<string, Vehicle>([[vin(2), aVehicle({ vin: vin(2) })]]);
    const { create, unchanged, errors } = compareWithRegistry(rows, registered);
    expect(create.map((r) => r.row)).toEqual([2, 4]);
    expect(unchanged.map((r) => r.row)).toEqual([3]);
    expect(errors).toEqual([]);
  });

  it('refuses a VIN registered with other data, one error per differing column', () => {
    const registered = new Map<string, Vehicle>([
      [vin(3), aVehicle({ vin: vin(3), market: 'JP', homeRegion: 'ap-northeast-1', modelYear: 2022 })],
    ]);
    const { errors } = compareWithRegistry(rows, registered);
    expect(at(errors)).toEqual([
      [4, 'market'],
      [4, 'modelYear'],
    ]);
    expect(errors[0]?.detail).toContain('registered with market "JP", this row says "NP"');
  });
});

describe('listing errors', () => {
  it(`lists at most ${MAX_LISTED_ROW_ERRORS} and counts the rest`, () => {
    const errors = Array.from({ length: MAX_LISTED_ROW_ERRORS + 7 }, (_, i) => ({
      row: i + 2,
      column: 'vin',
      detail: 'x',
    }));
    const { listed, omitted } = listedRowErrors(errors);
    expect([listed.length, omitted]).toEqual([MAX_LISTED_ROW_ERRORS, 7]);
  });
});
