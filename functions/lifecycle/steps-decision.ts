import {
  type AdjudicationOutcome,
  adjudicate,
  applyAdjudication,
  type PriorClaim,
} from '../../domain/adjudication.ts';
import { addDays } from '../../domain/calendar.ts';
import type { Claim } from '../../domain/claim.ts';
import { type CoverageResult, checkCoverage } from '../../domain/coverage.ts';
import { findServiceCentre, type Partner } from '../../domain/partner.ts';
import { filingTimeOf } from '../../domain/resubmission.ts';
import { updateClaim } from '../data/claim-repository.ts';
import { catalog, claimsRepo, partners, settings, vehicles } from '../shared/context.ts';
import type { TaskInput } from '../shared/workflow-task.ts';
import { systemChange } from './change.ts';

/** The service centre's time zone judges failure dates and the filing window (DESIGN §4). */
export function centreTimeZone(partner: Partner, claim: Claim): string {
  const centre = (claim.centreId && findServiceCentre(partner, claim.centreId)) || partner.serviceCentres[0];
  if (!centre) throw new Error(`partner ${partner.partnerId} has no service centre`);
  return centre.timeZone;
}

export async function loadClaim(claimId: string, epoch?: number): Promise<Claim> {
  const claim = await claimsRepo(epoch).get(claimId);
  if (!claim) throw new Error(`claim ${claimId} not found in ${settings.region}`);
  return claim;
}

export async function loadPartner(partnerId: string): Promise<Partner> {
  const partner = await partners.get(partnerId);
  if (!partner) throw new Error(`partner ${partnerId} not found`);
  return partner;
}

async function coverageOf(
  claim: Claim,
  partner: Partner,
): Promise<{ coverage: CoverageResult; parts: Awaited<ReturnType<typeof catalog.getParts>> }> {
  const [vehicle, parts] = await Promise.all([
    vehicles.get(claim.vin),
    catalog.getParts(claim.lines.map((l) => l.partNumber)),
  ]);
  const coverage = checkCoverage({
    claim,
    // A correction of a rejected claim is judged as filed when the first one was.
    filedAt: new Date(filingTimeOf(claim)),
    timeZone: centreTimeZone(partner, claim),
    vehicle,
    parts,
  });
  return { coverage, parts };
}

export type CoverageOutcome = 'COVERED' | 'PARTLY_COVERED' | 'NOT_COVERED';

/**
 * Coverage per line, recorded on the claim's lines (category, and why a line is not covered).
 * The decision itself is the adjudication's, which runs the same pure rule on the same inputs.
 */
export async function checkClaimCoverage({
  claimId,
  epoch,
}: TaskInput): Promise<{ outcome: CoverageOutcome }> {
  const claim = await loadClaim(claimId, epoch);
  const partner = await loadPartner(claim.partnerId);
  const { coverage } = await coverageOf(claim, partner);
  const covered = coverage.lines.filter((l) => l.covered).length;
  const outcome: CoverageOutcome =
    covered === 0 ? 'NOT_COVERED' : covered === coverage.lines.length ? 'COVERED' : 'PARTLY_COVERED';
  if (claim.status === 'RECEIVED' && claim.lines.every((l) => l.decision === undefined)) {
    const byLine = new Map(coverage.lines.map((l) => [l.lineNo, l]));
    await updateClaim(claimsRepo(epoch), claimId, (c) =>
      c.status !== 'RECEIVED'
        ? undefined
        : {
            ...c,
            lines: c.lines.map((line) => {
              const l = byLine.get(line.lineNo);
              return { ...line, ...(l?.category ? { category: l.category } : {}), reasons: l?.reasons ?? [] };
            }),
          },
    );
  }
  return { outcome };
}

const DUPLICATE_LOOKBACK_DAYS = 90;

/** Approve, send to review or reject (DESIGN §4); a retried run returns the decision already made. */
export async function adjudicateClaim({
  claimId,
  epoch,
}: TaskInput): Promise<{ outcome: AdjudicationOutcome }> {
  const claim = await loadClaim(claimId, epoch);
  if (claim.status !== 'RECEIVED') {
    const decided = claim.events.find((e) => e.from === 'RECEIVED')?.to;
    return {
      outcome: (decided === 'IN_REVIEW' || decided === 'REJECTED'
        ? decided
        : 'APPROVED') as AdjudicationOutcome,
    };
  }
  const partner = await loadPartner(claim.partnerId);
  const { coverage, parts } = await coverageOf(claim, partner);
  const [laborOperations, prior] = await Promise.all([
    catalog.getLaborOperations(claim.lines.map((l) => l.laborOperation)),
    claimsRepo().listByVin(claim.vin, addDays(claim.filedAt.slice(0, 10), -DUPLICATE_LOOKBACK_DAYS - 1)),
  ]);
  const priorClaims: PriorClaim[] = prior.filter((p) => p.claimId !== claim.claimId);
  const result = adjudicate({ claim, coverage, partner, parts, laborOperations, priorClaims });
  const saved = await updateClaim(claimsRepo(epoch), claimId, (c) =>
    c.status !== 'RECEIVED'
      ? undefined
      : applyAdjudication(c, result, systemChange(explain(result.outcome, result.reasons))),
  );
  return { outcome: saved.status as AdjudicationOutcome };
}

const explain = (outcome: AdjudicationOutcome, reasons: readonly string[]) =>
  outcome === 'APPROVED'
    ? 'approved automatically: every line covered and within limits'
    : `${outcome === 'IN_REVIEW' ? 'sent to review' : 'rejected'}${reasons.length ? `: ${reasons.join(', ')}` : ''}`;
