import { isTerminal } from '../../domain/claim.ts';
import { overdueOf } from '../../domain/overdue.ts';
import { ClaimNotFoundError } from '../errors.ts';
import { isFailedClaim } from '../stepfunctions/execution-states.ts';
import type { BackOfficeDependencies } from './dependencies.ts';
import { claimSignals } from './quality.ts';

/**
 * A claim as the back office shows it (any region: its replica; the execution from the claim's
 * home region): the claim with its audit trail, its latest execution with the states it is in
 * and those that failed, whether it is FAILED (redrivable) or overdue, the emails it sent, what it
 * holds (reservations, backorders) and its appointment with the technician, and the dealer
 * signals an adjuster should look at (evidence only: they decide nothing). Read in a region that
 * does not write the claim's home region, it says how fresh that replica is (`replica`).
 */
export function claimDetail(
  deps: Pick<
    BackOfficeDependencies,
    'claims' | 'clock' | 'executions' | 'emails' | 'technicians' | 'quality' | 'partsCatalog' | 'writerClocks'
  >,
) {
  const signalsOf = claimSignals(deps);
  return async (claimId: string) => {
    const claim = await deps.claims.get(claimId);
    if (!claim) throw new ClaimNotFoundError(claimId);
    const booked = claim.appointment;
    const [execution, emails, technician, signals, [replica]] = await Promise.all([
      deps.executions.view(claim),
      deps.emails.emailsOf(claimId),
      booked
        ? deps.technicians
            .listByCentre(booked.centreId)
            .then((team) => team.find((t) => t.technicianId === booked.technicianId))
        : undefined,
      signalsOf(claim),
      deps.writerClocks.freshness([claim.homeRegion], deps.clock.now()),
    ]);
    const overdue = overdueOf(claim, deps.clock.now());
    return {
      claim,
      ...(replica ? { replica } : {}),
      ...(execution ? { execution } : {}),
      failed: isFailedClaim(isTerminal(claim.status), execution?.status),
      ...(overdue ? { overdue } : {}),
      emails: emails
        .map((e) => ({
          template: e.template,
          to: claim.customer.email,
          ...(e.language ? { language: e.language } : {}),
          sentAt: e.at,
          state: e.state,
          ...(e.subject ? { subject: e.subject } : {}),
          ...(e.messageId ? { messageId: e.messageId } : {}),
        }))
        .sort((a, b) => a.sentAt.localeCompare(b.sentAt)),
      signals,
      reservations: claim.reservations ?? [],
      backorders: claim.backorders ?? [],
      ...(booked
        ? { appointment: { ...booked, ...(technician ? { technicianName: technician.name } : {}) } }
        : {}),
      ...(technician
        ? {
            technician: {
              technicianId: technician.technicianId,
              name: technician.name,
              skills: technician.skills,
            },
          }
        : {}),
    };
  };
}
