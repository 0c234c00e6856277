import {
  type Adjudication,
  type AdjudicationOutcome,
  type AdjudicationRules,
  adjudicate,
  applyAdjudication,
  type PriorClaim,
} from '../../domain/adjudication.ts';
import { addDays } from '../../domain/calendar.ts';
import type { Claim } from '../../domain/claim.ts';
import { checkCoverage } from '../../domain/coverage.ts';
import type { Part } from '../../domain/part.ts';
import type { Partner } from '../../domain/partner.ts';
import { campaignScopeOf } from '../../domain/quality/campaign.ts';
import { adjudicateUnderCampaign } from '../../domain/quality/campaign-adjudication.ts';
import { filingTimeOf } from '../../domain/resubmission.ts';
import type { Vehicle } from '../../domain/vehicle.ts';
import { planVersionRef, versionInForce, type WarrantyPlan } from '../../domain/warranty-plan.ts';
import { serviceCentreFor } from './centre-choice.ts';
import { loadClaim, loadPartner, serviceCentreOf, systemChange, updateClaim } from './claim-loader.ts';
import type { LifecycleDependencies, StepInput } from './dependencies.ts';
import { recordQualityFacts } from './quality-facts.ts';

export type CoverageOutcome = 'COVERED' | 'PARTLY_COVERED' | 'NOT_COVERED';

/** No vehicle, no plan: the claim is rejected (VEHICLE_UNKNOWN) whatever these say. */
const WITHOUT_PLAN: AdjudicationRules = { labourTolerancePct: 100, duplicateWindowDays: 0 };

/**
 * The plan version a vehicle is judged by: the one the claim recorded when coverage was first
 * checked (so adjudication and a retried step judge by the same text), else the version in force
 * on the vehicle's delivery day.
 */
export async function planFor(
  deps: Pick<LifecycleDependencies, 'warrantyPlans'>,
  vehicle: Vehicle,
  claim?: Claim,
): Promise<WarrantyPlan> {
  const versions = await deps.warrantyPlans.versions(vehicle.warrantyPlan);
  const recorded = claim?.warrantyPlan;
  const plan =
    (recorded && versions.find((v) => v.planId === recorded.planId && v.version === recorded.version)) ||
    versionInForce(versions, vehicle.deliveryDate);
  if (!plan)
    throw new Error(
      `vehicle ${vehicle.vin} names warranty plan ${vehicle.warrantyPlan}, which has no version`,
    );
  return plan;
}

const explain = (outcome: AdjudicationOutcome, reasons: readonly string[], campaignId?: string) =>
  outcome === 'APPROVED'
    ? campaignId
      ? `approved automatically: within the repair of service campaign ${campaignId}`
      : 'approved automatically: every line covered and within limits'
    : `${outcome === 'IN_REVIEW' ? 'sent to review' : 'rejected'}${reasons.length ? `: ${reasons.join(', ')}` : ''}`;

/** The workflow's first decision: Adjudicate, coverage included (DESIGN §4). */
export function decisionSteps(
  deps: Pick<
    LifecycleDependencies,
    | 'region'
    | 'clock'
    | 'claims'
    | 'partners'
    | 'vehicles'
    | 'partsCatalog'
    | 'warrantyPlans'
    | 'technicians'
    | 'metrics'
    | 'quality'
    | 'campaigns'
  >,
) {
  /**
   * A claim citing a service campaign is judged by the campaign's repair (`adjudicateUnderCampaign`);
   * an unknown campaign is out of scope, so a person looks at it.
   */
  async function underCampaign(
    claim: Claim,
    partner: Partner,
    parts: ReadonlyMap<string, Part>,
    byWarranty: Adjudication,
  ): Promise<{ result: Adjudication; why?: string }> {
    const campaignId = claim.campaignId as string;
    const [campaign, vehicle] = await Promise.all([
      deps.campaigns.get(campaignId),
      deps.campaigns.vehicle(campaignId, claim.vin),
    ]);
    const scope = campaign
      ? campaignScopeOf(campaign, claim, vehicle !== undefined)
      : ({ within: false, why: 'VEHICLE_NOT_IN_CAMPAIGN', detail: `no campaign ${campaignId}` } as const);
    const result = adjudicateUnderCampaign({ claim, partner, parts }, byWarranty, scope);
    return scope.within ? { result } : { result, why: scope.detail };
  }

  /** The coverage rule on the claim's vehicle and parts, in the service centre's time zone. */
  async function coverageOf(claim: Claim, partner: Partner) {
    const [vehicle, parts] = await Promise.all([
      deps.vehicles.get(claim.vin),
      deps.partsCatalog.getParts(claim.lines.map((l) => l.partNumber)),
    ]);
    const centre = serviceCentreOf(partner, claim);
    if (!centre) throw new Error(`partner ${partner.partnerId} has no service centre`);
    const plan = vehicle ? await planFor(deps, vehicle, claim) : undefined;
    // The centre's calendar judges failure dates and the filing window.
    const coverage = checkCoverage({
      claim,
      // A correction of a rejected claim is judged as filed when the first one was.
      filedAt: new Date(filingTimeOf(claim)),
      timeZone: centre.timeZone,
      vehicle,
      parts,
      plan,
    });
    return { coverage, parts, plan };
  }

  return {
    /**
     * Checks coverage and decides in one task and one write (issue 18: there was a CheckCoverage
     * state writing the lines' coverage, then this one writing them again with the decision):
     * approve, send to review or reject, each line's category, decision and reasons on the claim. A
     * retried run returns the decision already made.
     */
    async adjudicate({ claimId, epoch }: StepInput): Promise<{ outcome: AdjudicationOutcome }> {
      const claim = await loadClaim(deps, claimId);
      if (claim.status !== 'RECEIVED') {
        // A retried run: the decision stands; its facts are filed again in case the first run's were not.
        await recordQualityFacts(deps, claim);
        const decided = claim.events.find((e) => e.from === 'RECEIVED')?.to;
        return {
          outcome: (decided === 'IN_REVIEW' || decided === 'REJECTED'
            ? decided
            : 'APPROVED') as AdjudicationOutcome,
        };
      }
      const partner = await loadPartner(deps, claim.partnerId);
      const { coverage, parts, plan } = await coverageOf(claim, partner);
      const rules = plan ?? WITHOUT_PLAN;
      const [laborOperations, prior] = await Promise.all([
        deps.partsCatalog.getLaborOperations(claim.lines.map((l) => l.laborOperation)),
        deps.claims.listByVin(claim.vin, addDays(claim.filedAt.slice(0, 10), -rules.duplicateWindowDays - 1)),
      ]);
      const priorClaims: PriorClaim[] = prior.filter((p) => p.claimId !== claim.claimId);
      const byWarranty = adjudicate({ claim, coverage, partner, parts, laborOperations, priorClaims, rules });
      const campaign = claim.campaignId ? await underCampaign(claim, partner, parts, byWarranty) : undefined;
      const judged = campaign?.result ?? byWarranty;
      // The centre, before anything is reserved: nobody able to do the job anywhere is for a person.
      const payable = claim.lines.filter((l) =>
        judged.lines.some((j) => j.lineNo === l.lineNo && j.decision === 'COVERED'),
      );
      const centre =
        judged.outcome === 'REJECTED'
          ? undefined
          : await serviceCentreFor(deps, claim, partner, payable, parts);
      const result =
        centre && !centre.ok
          ? { ...judged, outcome: 'IN_REVIEW' as const, reasons: [...judged.reasons, centre.reason] }
          : judged;
      let decidedNow = false;
      const saved = await updateClaim(deps.claims.underEpoch(epoch), claimId, (c) => {
        // The last call decides: a retry after a conflict may find another run's decision.
        decidedNow = c.status === 'RECEIVED';
        if (!decidedNow) return undefined;
        const withPlan = plan && !c.warrantyPlan ? { ...c, warrantyPlan: planVersionRef(plan) } : c;
        const placed = centre?.ok && !c.centreId ? { ...withPlan, centreId: centre.centreId } : withPlan;
        const why = explain(
          result.outcome,
          result.reasons,
          campaign && !campaign.why ? claim.campaignId : undefined,
        );
        return applyAdjudication(
          placed,
          result,
          systemChange(deps, campaign?.why ? `${why} (campaign ${claim.campaignId}: ${campaign.why})` : why),
        );
      });
      if (decidedNow && saved.status === 'APPROVED') deps.metrics.count('ClaimAutoApproved');
      await recordQualityFacts(deps, saved);
      return { outcome: saved.status as AdjudicationOutcome };
    },
  };
}
