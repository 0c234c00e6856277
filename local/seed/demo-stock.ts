import { demoParts } from './demo-catalogue.ts';

/**
 * The demo warehouses per region and their stock: some parts scarce on purpose, so the demo shows
 * splits, cross-region reservations and backorders.
 */

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
