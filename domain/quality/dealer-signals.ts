import { poissonUpperTail } from './early-warning.ts';
import { countsAsFailure, type QualityClaim } from './rates.ts';

/**
 * Signals for adjusters about how a partner files claims. Each carries the evidence that raised
 * it, and none decides anything: a signal is a reason to look, never a rejection.
 */

export type DealerSignal =
  | {
      kind: 'LABOR_OPERATION_NOT_FOR_PART';
      claimId: string;
      partnerId: string;
      evidence: { lineNo: number; partNumber: string; laborOperation: string; fitsPart: string[] };
    }
  | {
      kind: 'ODOMETER_BELOW_EARLIER_CLAIM';
      claimId: string;
      partnerId: string;
      evidence: {
        vin: string;
        odometerKm: number;
        failureDate: string;
        earlierClaimId: string;
        earlierOdometerKm: number;
        earlierFailureDate: string;
      };
    }
  | {
      kind: 'PARTNER_CLAIM_RATE_ABOVE_MARKET' | 'PARTNER_COST_PER_CLAIM_ABOVE_MARKET';
      partnerId: string;
      evidence: {
        market: string;
        partnerValue: number;
        marketValue: number;
        ratio: number;
        partnerClaims: number;
        /** One-sided p-value for the claim rate; absent for cost (see partnerSignals). */
        pValue?: number;
        currency?: string;
      };
    };

/** The labour operations that fit each part (parts the catalogue lists none for are not judged). */
export type FitsByPart = ReadonlyMap<string, readonly string[]>;

export function laborOperationSignals(
  claim: QualityClaim & { lines: readonly { lineNo: number; partNumber: string; laborOperation: string }[] },
  fits: FitsByPart,
): DealerSignal[] {
  const signals: DealerSignal[] = [];
  for (const line of claim.lines) {
    const fitsPart = fits.get(line.partNumber);
    if (!fitsPart || fitsPart.length === 0 || fitsPart.includes(line.laborOperation)) continue;
    signals.push({
      kind: 'LABOR_OPERATION_NOT_FOR_PART',
      claimId: claim.claimId,
      partnerId: claim.partnerId,
      evidence: {
        lineNo: line.lineNo,
        partNumber: line.partNumber,
        laborOperation: line.laborOperation,
        fitsPart: [...fitsPart],
      },
    });
  }
  return signals;
}

/**
 * A claim whose odometer reads lower than a claim of the same VIN with an earlier failure day
 * (the highest such reading is the evidence). Odometers only go up; a lower one was misread,
 * swapped, or wound back.
 */
export function odometerSignal(
  claim: QualityClaim,
  earlierClaimsOfVin: readonly QualityClaim[],
): DealerSignal[] {
  const higherEarlier = earlierClaimsOfVin
    .filter(
      (e) =>
        e.vin === claim.vin &&
        e.claimId !== claim.claimId &&
        e.failureDate < claim.failureDate &&
        e.odometerKm > claim.odometerKm,
    )
    .sort((a, b) => b.odometerKm - a.odometerKm)[0];
  if (!higherEarlier) return [];
  return [
    {
      kind: 'ODOMETER_BELOW_EARLIER_CLAIM',
      claimId: claim.claimId,
      partnerId: claim.partnerId,
      evidence: {
        vin: claim.vin,
        odometerKm: claim.odometerKm,
        failureDate: claim.failureDate,
        earlierClaimId: higherEarlier.claimId,
        earlierOdometerKm: higherEarlier.odometerKm,
        earlierFailureDate: higherEarlier.failureDate,
      },
    },
  ];
}

export interface PartnerSignalSettings {
  /** How many times its market's value a partner must reach to be signalled. */
  ratio: number;
  /** Fewer claims than this never raise a partner signal. */
  minClaims: number;
  /** For the claim rate, the one-sided Poisson test's level. */
  alpha: number;
}
export const DEFAULT_PARTNER_SIGNALS: PartnerSignalSettings = { ratio: 2, minClaims: 20, alpha: 0.001 };

/**
 * Partners far above the rest of their market. The claim rate is claims per distinct vehicle
 * served (partners see no share of the fleet, so the vehicles they repair are the denominator):
 * signalled when at least `ratio` times the rest of the market's and improbable under it (exact
 * Poisson). Cost per claim (approved, by currency) is signalled at `ratio` times the rest of the
 * market's mean; there is no test, so `minClaims` is what keeps one dear repair from raising it.
 * The partner is compared with the market without it, so a dominant partner is not its own yardstick.
 */
export function partnerSignals(
  claims: readonly QualityClaim[],
  settings: PartnerSignalSettings = DEFAULT_PARTNER_SIGNALS,
): DealerSignal[] {
  const failures = claims.filter(countsAsFailure);
  const signals: DealerSignal[] = [];
  const markets = [...new Set(failures.map((c) => c.market))].sort();
  for (const market of markets) {
    const inMarket = failures.filter((c) => c.market === market);
    const partners = [...new Set(inMarket.map((c) => c.partnerId))].sort();
    for (const partnerId of partners) {
      const own = inMarket.filter((c) => c.partnerId === partnerId);
      const rest = inMarket.filter((c) => c.partnerId !== partnerId);
      if (own.length < settings.minClaims || rest.length === 0) continue;
      const ownVehicles = new Set(own.map((c) => c.vin)).size;
      const restVehicles = new Set(rest.map((c) => c.vin)).size;
      const partnerRate = own.length / ownVehicles;
      const marketRate = rest.length / restVehicles;
      const pValue = poissonUpperTail(own.length, marketRate * ownVehicles);
      if (partnerRate >= settings.ratio * marketRate && pValue <= settings.alpha)
        signals.push({
          kind: 'PARTNER_CLAIM_RATE_ABOVE_MARKET',
          partnerId,
          evidence: {
            market,
            partnerValue: partnerRate,
            marketValue: marketRate,
            ratio: partnerRate / marketRate,
            partnerClaims: own.length,
            pValue,
          },
        });
      for (const currency of [
        ...new Set(own.flatMap((c) => (c.approved ? [c.approved.currency] : []))),
      ].sort()) {
        const ownCosts = own.flatMap((c) =>
          c.approved?.currency === currency ? [c.approved.amountMinor] : [],
        );
        const restCosts = rest.flatMap((c) =>
          c.approved?.currency === currency ? [c.approved.amountMinor] : [],
        );
        if (ownCosts.length < settings.minClaims || restCosts.length === 0) continue;
        const partnerValue = ownCosts.reduce((a, b) => a + b, 0) / ownCosts.length;
        const marketValue = restCosts.reduce((a, b) => a + b, 0) / restCosts.length;
        if (marketValue > 0 && partnerValue >= settings.ratio * marketValue)
          signals.push({
            kind: 'PARTNER_COST_PER_CLAIM_ABOVE_MARKET',
            partnerId,
            evidence: {
              market,
              partnerValue,
              marketValue,
              ratio: partnerValue / marketValue,
              partnerClaims: ownCosts.length,
              currency,
            },
          });
      }
    }
  }
  return signals;
}
