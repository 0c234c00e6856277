import type { LaborOperation, Part } from '../../domain/part.ts';

/** The demo parts catalogue, priced in every market's currency, and its labour operations. */

/** Catalogue prices are set in yen and converted at these rough rates to each market's currency. */
const MINOR_PER_YEN: Record<string, number> = {
  JPY: 1,
  NPR: 90, // 0.90 NPR per yen, in paisa
  BDT: 80,
  INR: 56,
  LKR: 200,
  AMD: 260,
  GEL: 1.8,
  KZT: 330,
};

const pricesFromYen = (yen: number): Record<string, number> =>
  Object.fromEntries(Object.entries(MINOR_PER_YEN).map(([cur, f]) => [cur, Math.round(yen * f)]));

export const demoParts: Part[] = [
  ['ENG-OILPUMP-01', 'Engine oil pump assembly', 'engine', 18_000],
  ['TRN-VALVEBODY-02', 'Automatic transmission valve body', 'transmission', 65_000],
  ['DRV-CVJOINT-03', 'Front drive shaft CV joint', 'driveline', 22_000],
  ['EVB-MODULE-48', 'Traction battery module', 'ev-battery', 180_000],
  ['EVD-INVERTER-05', 'Drive unit inverter', 'ev-drive-unit', 240_000],
  ['HVE-CHARGER-06', 'On-board charger 11 kW', 'hv-electrical', 95_000],
  ['ELE-ALTERNATOR-07', 'Alternator 150 A', 'electrical', 38_000],
  ['ELE-BCM-08', 'Body control module', 'electrical', 52_000],
  ['SUS-STRUT-09', 'Front strut assembly', 'suspension', 16_000],
  ['BRK-CALIPER-10', 'Front brake caliper', 'brakes', 14_000],
  ['CLM-COMPRESSOR-11', 'Air-conditioning compressor', 'climate', 58_000],
  ['WER-PADS-12', 'Front brake pad set', 'wear-item', 4_500],
  ['BDY-DOORLOCK-13', 'Door lock actuator', 'body', 7_800],
].map(([partNumber, name, category, yen]) => ({
  partNumber: partNumber as string,
  name: name as string,
  category: category as Part['category'],
  prices: pricesFromYen(yen as number),
}));

/** Who supplies each category of the demo catalogue (fictional suppliers). */
export const demoSuppliers: Partial<Record<Part['category'], string>> = {
  engine: 'Kinoshita Engine Components',
  transmission: 'Aoba Drivetrain',
  driveline: 'Aoba Drivetrain',
  'ev-battery': 'Hokuriku Cell Works',
  'ev-drive-unit': 'Hokuriku Cell Works',
  'hv-electrical': 'Setouchi Power Electronics',
  electrical: 'Setouchi Power Electronics',
  suspension: 'Minato Chassis',
  brakes: 'Minato Chassis',
  climate: 'Fuji Thermal Systems',
  'wear-item': 'Minato Chassis',
  body: 'Kanto Body Parts',
};

/** Labour operations, in the catalogue's order: the n-th part is fitted by the n-th operation. */
export const demoLaborOperations: LaborOperation[] = [
  { code: 'ENG-R01', description: 'Replace engine oil pump', hours: 3.5, skill: 'powertrain' },
  { code: 'TRN-R02', description: 'Replace transmission valve body', hours: 4, skill: 'powertrain' },
  { code: 'DRV-R03', description: 'Replace front CV joint', hours: 1.8, skill: 'powertrain' },
  { code: 'EVB-R04', description: 'Replace traction battery module', hours: 5, skill: 'ev-high-voltage' },
  { code: 'EVD-R05', description: 'Replace drive unit inverter', hours: 4.5, skill: 'ev-high-voltage' },
  { code: 'HVE-R06', description: 'Replace on-board charger', hours: 2.5, skill: 'ev-high-voltage' },
  { code: 'ELE-R07', description: 'Replace alternator', hours: 1.5, skill: 'electrical' },
  { code: 'ELE-R08', description: 'Replace and program body control module', hours: 2, skill: 'electrical' },
  { code: 'SUS-R09', description: 'Replace front strut', hours: 1.6, skill: 'general' },
  { code: 'BRK-R10', description: 'Replace front brake caliper', hours: 1.2, skill: 'general' },
  { code: 'CLM-R11', description: 'Replace A/C compressor and recharge', hours: 3, skill: 'general' },
  { code: 'WER-R12', description: 'Replace brake pads', hours: 0.8, skill: 'general' },
  { code: 'BDY-R13', description: 'Replace door lock actuator', hours: 1, skill: 'body' },
];
