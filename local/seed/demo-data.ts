import type { LaborOperation, Part } from '../../domain/part.ts';
import type { Partner, WorkingHours } from '../../domain/partner.ts';
import type { TechnicianSkill } from '../../domain/technician.ts';

/**
 * The demo world `npm start` seeds: one or more partners per market, each with a service centre
 * and technicians; warehouses per region with stock (some parts scarce on purpose, so the demo
 * shows splits, cross-region reservations and backorders); a parts catalogue priced in every
 * market's currency; labour operations; vehicles in and out of warranty.
 */

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

const days = (open: string, close: string, openOn: string[]): WorkingHours => {
  const all = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
  return Object.fromEntries(
    all.map((d) => [d, openOn.includes(d) ? { open, close } : 'closed']),
  ) as WorkingHours;
};
const MON_FRI = ['mon', 'tue', 'wed', 'thu', 'fri'];
const MON_SAT = [...MON_FRI, 'sat'];

interface DemoPartnerSpec {
  partnerId: string;
  name: string;
  market: string;
  currency: string;
  laborRateMinor: number;
  autoApprovalLimitMinor: number;
  tier: Partner['tier'];
  centre: { name: string; address: string; phone: string; timeZone: string; hours: WorkingHours };
  technicians: [string, TechnicianSkill[]][];
}

const partnerSpecs: DemoPartnerSpec[] = [
  {
    partnerId: 'np-himalayan-motors',
    name: 'Himalayan Motors',
    market: 'NP',
    currency: 'NPR',
    laborRateMinor: 150_000,
    autoApprovalLimitMinor: 15_000_000,
    tier: 'premium',
    centre: {
      name: 'Himalayan Motors Service, Teku',
      address: 'Teku Road 14, Kathmandu 44600, Nepal',
      phone: '+977 1 4260 000',
      timeZone: 'Asia/Kathmandu',
      // Saturday is the weekly holiday in Nepal.
      hours: days('09:00', '17:30', ['sun', 'mon', 'tue', 'wed', 'thu', 'fri']),
    },
    technicians: [
      ['Sanjay Shrestha', ['general', 'powertrain']],
      ['Pema Sherpa', ['ev-high-voltage', 'electrical', 'general']],
      ['Anita Gurung', ['general', 'body']],
    ],
  },
  {
    partnerId: 'np-everest-auto',
    name: 'Everest Auto Service',
    market: 'NP',
    currency: 'NPR',
    laborRateMinor: 130_000,
    autoApprovalLimitMinor: 8_000_000,
    tier: 'standard',
    centre: {
      name: 'Everest Auto Service, Pokhara',
      address: 'Lakeside Marg 6, Pokhara 33700, Nepal',
      phone: '+977 61 465 000',
      timeZone: 'Asia/Kathmandu',
      hours: days('09:00', '17:00', ['sun', 'mon', 'tue', 'wed', 'thu', 'fri']),
    },
    technicians: [
      ['Bikash Thapa', ['general', 'powertrain']],
      ['Sita Magar', ['general', 'electrical']],
    ],
  },
  {
    partnerId: 'bd-dhaka-auto-care',
    name: 'Dhaka Auto Care',
    market: 'BD',
    currency: 'BDT',
    laborRateMinor: 120_000,
    autoApprovalLimitMinor: 12_000_000,
    tier: 'standard',
    centre: {
      name: 'Dhaka Auto Care, Tejgaon',
      address: 'Tejgaon Industrial Area 212, Dhaka 1208, Bangladesh',
      phone: '+880 2 887 0000',
      timeZone: 'Asia/Dhaka',
      // Friday is the weekly holiday in Bangladesh.
      hours: days('09:00', '18:00', ['sat', 'sun', 'mon', 'tue', 'wed', 'thu']),
    },
    technicians: [
      ['Rahim Uddin', ['general', 'powertrain']],
      ['Nusrat Jahan', ['ev-high-voltage', 'electrical']],
      ['Kamal Hossain', ['general', 'body']],
    ],
  },
  {
    partnerId: 'in-pune-wheels',
    name: 'Pune Wheels Service',
    market: 'IN',
    currency: 'INR',
    laborRateMinor: 90_000,
    autoApprovalLimitMinor: 8_000_000,
    tier: 'standard',
    centre: {
      name: 'Pune Wheels Service, Hinjewadi',
      address: 'Phase 1, Hinjewadi, Pune 411057, India',
      phone: '+91 20 6700 0000',
      timeZone: 'Asia/Kolkata',
      hours: days('09:00', '18:00', MON_SAT),
    },
    technicians: [
      ['Arjun Patil', ['general', 'powertrain', 'electrical']],
      ['Meera Kulkarni', ['ev-high-voltage', 'general']],
    ],
  },
  {
    partnerId: 'lk-colombo-motor-works',
    name: 'Colombo Motor Works',
    market: 'LK',
    currency: 'LKR',
    laborRateMinor: 300_000,
    autoApprovalLimitMinor: 30_000_000,
    tier: 'standard',
    centre: {
      name: 'Colombo Motor Works, Peliyagoda',
      address: 'Negombo Road 45, Peliyagoda, Sri Lanka',
      phone: '+94 11 291 0000',
      timeZone: 'Asia/Colombo',
      hours: days('08:30', '17:00', MON_FRI),
    },
    technicians: [
      ['Nuwan Perera', ['general', 'powertrain']],
      ['Dilani Fernando', ['electrical', 'ev-high-voltage']],
    ],
  },
  {
    partnerId: 'am-ararat-auto',
    name: 'Ararat Auto Center',
    market: 'AM',
    currency: 'AMD',
    laborRateMinor: 800_000,
    autoApprovalLimitMinor: 40_000_000,
    tier: 'premium',
    centre: {
      name: 'Ararat Auto Center, Yerevan',
      address: 'Tigran Mets Avenue 48, Yerevan 0005, Armenia',
      phone: '+374 10 550 000',
      timeZone: 'Asia/Yerevan',
      hours: days('09:00', '18:00', MON_SAT),
    },
    technicians: [
      ['Aram Petrosyan', ['general', 'powertrain']],
      ['Lilit Hakobyan', ['ev-high-voltage', 'electrical']],
      ['Narek Grigoryan', ['body', 'general']],
    ],
  },
  {
    partnerId: 'ge-tbilisi-motors',
    name: 'Tbilisi Motors',
    market: 'GE',
    currency: 'GEL',
    laborRateMinor: 6_000,
    autoApprovalLimitMinor: 280_000,
    tier: 'standard',
    centre: {
      name: 'Tbilisi Motors, Didube',
      address: 'Tsereteli Avenue 116, Tbilisi 0119, Georgia',
      phone: '+995 32 220 0000',
      timeZone: 'Asia/Tbilisi',
      hours: days('09:00', '18:00', MON_FRI),
    },
    technicians: [
      ['Giorgi Beridze', ['general', 'powertrain', 'electrical']],
      ['Nino Kapanadze', ['ev-high-voltage', 'general']],
    ],
  },
  {
    partnerId: 'kz-almaty-auto',
    name: 'Almaty Auto Service',
    market: 'KZ',
    currency: 'KZT',
    laborRateMinor: 900_000,
    autoApprovalLimitMinor: 50_000_000,
    tier: 'standard',
    centre: {
      name: 'Almaty Auto Service, Bostandyq',
      address: 'Al-Farabi Avenue 77, Almaty 050040, Kazakhstan',
      phone: '+7 727 300 0000',
      timeZone: 'Asia/Almaty',
      hours: days('09:00', '18:00', MON_SAT),
    },
    technicians: [
      ['Yerlan Nurlanov', ['general', 'powertrain']],
      ['Aigerim Sadykova', ['electrical', 'ev-high-voltage']],
    ],
  },
  {
    partnerId: 'jp-yokohama-export',
    name: 'Yokohama Export Service',
    market: 'JP',
    currency: 'JPY',
    laborRateMinor: 9_000,
    autoApprovalLimitMinor: 150_000,
    tier: 'premium',
    centre: {
      name: 'Yokohama Export Service, Daikoku',
      address: '1-5 Daikoku-futo, Tsurumi-ku, Yokohama 230-0054, Japan',
      phone: '+81 45 500 0000',
      timeZone: 'Asia/Tokyo',
      hours: days('09:00', '18:00', MON_SAT),
    },
    technicians: [
      ['Haruto Sato', ['general', 'powertrain', 'electrical']],
      ['Yui Tanaka', ['ev-high-voltage', 'electrical']],
      ['Ren Suzuki', ['body', 'general']],
    ],
  },
];

export interface DemoTechnician {
  technicianId: string;
  name: string;
  centreId: string;
  partnerId: string;
  skills: TechnicianSkill[];
}

export function demoPartners(regionOfMarket: (market: string) => string): {
  partners: Partner[];
  technicians: (DemoTechnician & { homeRegion: string })[];
} {
  const partners: Partner[] = [];
  const technicians: (DemoTechnician & { homeRegion: string })[] = [];
  for (const s of partnerSpecs) {
    const homeRegion = regionOfMarket(s.market);
    const centreId = `${s.partnerId}-c1`;
    partners.push({
      partnerId: s.partnerId,
      name: s.name,
      market: s.market,
      homeRegion,
      currency: s.currency,
      laborRate: { amountMinor: s.laborRateMinor, currency: s.currency },
      autoApprovalLimit: { amountMinor: s.autoApprovalLimitMinor, currency: s.currency },
      tier: s.tier,
      serviceCentres: [
        {
          centreId,
          name: s.centre.name,
          address: s.centre.address,
          phone: s.centre.phone,
          timeZone: s.centre.timeZone,
          workingHours: s.centre.hours,
        },
      ],
    });
    s.technicians.forEach(([name, skills], i) => {
      technicians.push({
        technicianId: `${centreId}-t${i + 1}`,
        name,
        centreId,
        partnerId: s.partnerId,
        skills,
        homeRegion,
      });
    });
  }
  return { partners, technicians };
}

export interface DemoWarehouse {
  warehouseId: string;
  name: string;
  region: string;
  market: string;
}

export const demoWarehouses: DemoWarehouse[] = [
  { warehouseId: 'WH-KTM', name: 'Kathmandu parts depot', region: 'ap-south-1', market: 'NP' },
  { warehouseId: 'WH-DEL', name: 'Delhi regional warehouse', region: 'ap-south-1', market: 'IN' },
  { warehouseId: 'WH-EVN', name: 'Yerevan parts depot', region: 'eu-central-1', market: 'AM' },
  { warehouseId: 'WH-ALA', name: 'Almaty regional warehouse', region: 'eu-central-1', market: 'KZ' },
  { warehouseId: 'WH-YOK', name: 'Yokohama central warehouse', region: 'ap-northeast-1', market: 'JP' },
];

/** Units on hand per warehouse; parts not listed have `DEFAULT_STOCK` everywhere. */
const DEFAULT_STOCK = 40;
const scarce: Record<string, Record<string, number>> = {
  // Battery modules are rare abroad: a couple in Kathmandu, one in Yerevan, the rest in Japan.
  'EVB-MODULE-48': { 'WH-KTM': 2, 'WH-DEL': 0, 'WH-EVN': 1, 'WH-ALA': 0, 'WH-YOK': 12 },
  // Inverters are stocked only in Japan: every order abroad is a cross-region reservation.
  'EVD-INVERTER-05': { 'WH-KTM': 0, 'WH-DEL': 0, 'WH-EVN': 0, 'WH-ALA': 0, 'WH-YOK': 3 },
  // Valve bodies: one here, two there, so an order of three splits across warehouses.
  'TRN-VALVEBODY-02': { 'WH-KTM': 1, 'WH-DEL': 2, 'WH-EVN': 2, 'WH-ALA': 1, 'WH-YOK': 8 },
  'HVE-CHARGER-06': { 'WH-KTM': 3, 'WH-DEL': 5, 'WH-EVN': 2, 'WH-ALA': 2, 'WH-YOK': 10 },
};

export function demoStock(): { warehouseId: string; partNumber: string; onHand: number }[] {
  const out: { warehouseId: string; partNumber: string; onHand: number }[] = [];
  for (const w of demoWarehouses) {
    for (const p of demoParts) {
      out.push({
        warehouseId: w.warehouseId,
        partNumber: p.partNumber,
        onHand: scarce[p.partNumber]?.[w.warehouseId] ?? DEFAULT_STOCK,
      });
    }
  }
  return out;
}

export type WarrantyState = 'in-force' | 'expired-time' | 'expired-distance';
export type Powertrain = 'ICE' | 'HYBRID' | 'EV';

export interface DemoVehicleSpec {
  market: string;
  powertrain: Powertrain;
  warranty: WarrantyState;
  model: string;
  /** Months between delivery and the day the demo is seeded. */
  ageMonths: number;
  /** An odometer reading to file a claim with, consistent with the warranty state. */
  suggestedOdometerKm: number;
}

const MODELS: Record<Powertrain, string> = {
  ICE: 'Corsa 1.5 CVT',
  HYBRID: 'Corsa Hybrid',
  EV: 'Volta EV 64 kWh',
};

/** Five vehicles per market: ICE, HYBRID and EV in warranty; one out by time; one out by distance. */
export function demoVehicleSpecs(markets: string[]): DemoVehicleSpec[] {
  const out: DemoVehicleSpec[] = [];
  for (const market of markets) {
    out.push(
      {
        market,
        powertrain: 'ICE',
        warranty: 'in-force',
        model: MODELS.ICE,
        ageMonths: 14,
        suggestedOdometerKm: 28_400,
      },
      {
        market,
        powertrain: 'HYBRID',
        warranty: 'in-force',
        model: MODELS.HYBRID,
        ageMonths: 9,
        suggestedOdometerKm: 17_900,
      },
      {
        market,
        powertrain: 'EV',
        warranty: 'in-force',
        model: MODELS.EV,
        ageMonths: 20,
        suggestedOdometerKm: 41_250,
      },
      // Past every plan's time limit (the longest, ev-battery, is 96 months).
      {
        market,
        powertrain: 'ICE',
        warranty: 'expired-time',
        model: MODELS.ICE,
        ageMonths: 100,
        suggestedOdometerKm: 96_000,
      },
      // Young, but driven past every plan's distance limit (the longest is 160,000 km).
      {
        market,
        powertrain: 'ICE',
        warranty: 'expired-distance',
        model: MODELS.ICE,
        ageMonths: 30,
        suggestedOdometerKm: 172_500,
      },
    );
  }
  return out;
}

/** A fictional manufacturer code (WMI `JCF`) and a model code per powertrain. */
export const VIN_PREFIX: Record<Powertrain, string> = { ICE: 'JCFCR15A', HYBRID: 'JCFCR15H', EV: 'JCFVE64E' };
