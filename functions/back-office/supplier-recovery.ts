import { monthsLater } from '../../domain/calendar.ts';
import { type Month, monthOf, monthsFrom } from '../../domain/quality/monitor.ts';
import { recoveryLines, supplierRecovery } from '../../domain/quality/supplier-recovery.ts';
import type { BackOfficeDependencies } from './dependencies.ts';
import { factsOf, marketsOf, type QualityScope } from './quality.ts';

/** Without `from`: the twelve failure months up to `to` (or the current month). */
const DEFAULT_MONTHS = 12;

export class RecoveryPeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecoveryPeriodError';
  }
}

/**
 * Supplier recovery (issue 17): approved claim cost per supplier, part and currency, and where each
 * failed part stands on its way back, for the claims that failed in a period in the markets of a
 * scope; with `supplier`, one supplier's only. Read from the quality ledger (one partition per
 * market and failure month), never from the claims. `lines` are the rows of the chargeback file.
 */
export function supplierRecoveryReport(
  deps: Pick<BackOfficeDependencies, 'quality' | 'marketRegions' | 'clock'>,
  maxMonths: number,
) {
  return async (q: { scope: QualityScope; supplier?: string; from?: Month; to?: Month }) => {
    const to = q.to ?? monthOf(deps.clock.now().toISOString().slice(0, 10));
    const from = q.from ?? monthOf(monthsLater(`${to}-01`, -(DEFAULT_MONTHS - 1)));
    const months = monthsFrom(from, to);
    if (months.length > maxMonths)
      throw new RecoveryPeriodError(
        `from ${from} to ${to} is ${months.length} months; ask for at most ${maxMonths}`,
      );
    const markets = marketsOf(deps, q.scope);
    const lines = recoveryLines(await factsOf(deps, markets, months), {
      ...(q.supplier !== undefined ? { supplier: q.supplier } : {}),
    });
    return {
      scope: 'global' in q.scope ? { global: true } : q.scope,
      markets,
      months: { from, to },
      ...(q.supplier !== undefined ? { supplier: q.supplier } : {}),
      ...supplierRecovery(lines),
      lines,
    };
  };
}
