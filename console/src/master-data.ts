import type { Money } from './types.ts';

/**
 * The master-data records as the back-office API answers them (the console's own copies of their
 * shapes, as for claims in types.ts), and the little text formats the forms use.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const SKILLS = ['general', 'ev-high-voltage', 'powertrain', 'electrical', 'body'] as const;
export const CATEGORIES = [
  'engine',
  'transmission',
  'driveline',
  'ev-battery',
  'ev-drive-unit',
  'hv-electrical',
  'electrical',
  'suspension',
  'brakes',
  'body',
  'interior',
  'climate',
  'wear-item',
] as const;

export type OpeningHours = { open: string; close: string } | 'closed';

export interface Market {
  code: string;
  region: string;
  source: 'config' | 'opened';
  name?: string;
  currency?: string;
}

export interface ServiceCentre {
  centreId: string;
  name: string;
  address: string;
  phone: string;
  timeZone: string;
  workingHours: Record<Weekday, OpeningHours>;
  holidays?: string[];
}

export interface PartnerRecord {
  partnerId: string;
  name: string;
  market: string;
  homeRegion: string;
  currency: string;
  laborRate: Money;
  autoApprovalLimit: Money;
  tier: string;
  status: 'active' | 'suspended';
  contact?: { name: string; email: string; phone?: string };
  serviceCentres: ServiceCentre[];
}

export interface ApiKeyView {
  keyId: string;
  label: string;
  status: 'active' | 'expiring' | 'expired' | 'revoked';
  createdAt: string;
  createdBy: string;
  expiresAt?: string;
  revokedAt?: string;
}

export interface Certification {
  skill: string;
  certificate?: string;
  validFrom?: string;
  expiresOn: string;
}

export interface TechnicianRecord {
  technicianId: string;
  name: string;
  centreId: string;
  skills: string[];
  certifications?: Certification[];
  workingDays?: Weekday[];
  leave?: { from: string; to: string; note?: string }[];
}

export interface PartRecord {
  partNumber: string;
  name: string;
  category: string;
  supplier?: string;
  prices: Record<string, number>;
  laborOperations?: string[];
}

export interface LaborOperationRecord {
  code: string;
  description: string;
  hours: number;
  skill: string;
}

export interface PlanVersion {
  planId: string;
  version: number;
  name: string;
  effectiveFrom: string;
  terms: Record<string, { months: number; km: number; categories: string[] }>;
  batterySohThresholdPct: number;
  filingWindowDays: number;
  duplicateWindowDays: number;
  labourTolerancePct: number;
}

/** `mon-fri 09:00-17:00; sat 09:00-13:00` ⇄ working hours (days not named are closed). */
export function hoursText(hours: Record<Weekday, OpeningHours> | undefined): string {
  if (!hours) return '';
  const parts: string[] = [];
  let i = 0;
  while (i < 7) {
    const h = hours[WEEKDAYS[i]!];
    if (h === 'closed') {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < 7) {
      const next = hours[WEEKDAYS[j + 1]!];
      if (next === 'closed' || next.open !== h.open || next.close !== h.close) break;
      j++;
    }
    parts.push(`${WEEKDAYS[i]}${j > i ? `-${WEEKDAYS[j]}` : ''} ${h.open}-${h.close}`);
    i = j + 1;
  }
  return parts.join('; ');
}

/** The hours of a text, or a message saying which part cannot be read. */
export function parseHours(text: string): Record<Weekday, OpeningHours> | string {
  const hours = Object.fromEntries(WEEKDAYS.map((d) => [d, 'closed'])) as Record<Weekday, OpeningHours>;
  for (const part of text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d\d:\d\d)-(\d\d:\d\d)$/.exec(part);
    const from = m ? WEEKDAYS.indexOf(m[1] as Weekday) : -1;
    const to = m ? WEEKDAYS.indexOf((m[2] ?? m[1]) as Weekday) : -1;
    if (!m || from < 0 || to < 0) return `"${part}" is not like "mon-fri 09:00-17:00"`;
    for (let d = from; ; d = (d + 1) % 7) {
      hours[WEEKDAYS[d]!] = { open: m[3]!, close: m[4]! };
      if (d === to) break;
    }
  }
  return hours;
}

/** One item per non-empty line or comma. */
export const items = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
