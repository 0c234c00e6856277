/** The demo vehicles: in warranty with each powertrain, and out of warranty by time and by distance. */

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
