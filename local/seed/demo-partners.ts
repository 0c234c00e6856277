import type { Partner, WorkingHours } from '../../domain/partner.ts';
import type { TechnicianSkill } from '../../domain/technician.ts';

/**
 * The demo partners: one or more per market, each with a service centre (its time zone and local
 * working week) and technicians with skills.
 */

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
