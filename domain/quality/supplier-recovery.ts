import { moneyToDecimalString } from '../money.ts';
import type { PartReturnStatus } from './part-returns.ts';
import type { QualityClaim } from './rates.ts';

/**
 * Supplier recovery (issue 17): what the exporter paid for each supplier's parts under warranty,
 * which it charges back. Read from the quality facts: each approved line of a claim that stands
 * (not rejected or cancelled) with the part's supplier and its share of the approved amount.
 * Amounts are never added across currencies: a supplier's parts paid in yen and in rupees are two
 * rows. Pure.
 */

export const UNKNOWN_SUPPLIER = '(no supplier)';

/** One approved claim line: a row of the chargeback file. */
export interface RecoveryLine {
  supplier: string;
  partNumber: string;
  category?: string;
  claimId: string;
  lineNo?: number;
  vin: string;
  market: string;
  partnerId: string;
  failureDate: string;
  odometerKm: number;
  claimStatus: string;
  campaignId?: string;
  quantity: number;
  approved: { amountMinor: number; currency: string };
  /** Where the failed part stands; undefined when no return was requested. */
  returnStatus?: PartReturnStatus;
}

/** The approved lines of the claims that stand, optionally of one supplier, in claim and line order. */
export function recoveryLines(
  claims: readonly QualityClaim[],
  filter: { supplier?: string } = {},
): RecoveryLine[] {
  const out: RecoveryLine[] = [];
  for (const claim of claims) {
    if (claim.status === 'REJECTED' || claim.status === 'CANCELLED') continue;
    for (const line of claim.lines) {
      if (!line.approvedAmount) continue;
      const supplier = line.supplier ?? UNKNOWN_SUPPLIER;
      if (filter.supplier !== undefined && supplier !== filter.supplier) continue;
      const returned = claim.partReturns?.find((r) => r.lineNo === line.lineNo);
      out.push({
        supplier,
        partNumber: line.partNumber,
        ...(line.category ? { category: line.category } : {}),
        claimId: claim.claimId,
        ...(line.lineNo !== undefined ? { lineNo: line.lineNo } : {}),
        vin: claim.vin,
        market: claim.market,
        partnerId: claim.partnerId,
        failureDate: claim.failureDate,
        odometerKm: claim.odometerKm,
        claimStatus: claim.status,
        ...(claim.campaignId ? { campaignId: claim.campaignId } : {}),
        quantity: line.quantity ?? 0,
        approved: { ...line.approvedAmount },
        ...(returned ? { returnStatus: returned.status } : {}),
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.supplier.localeCompare(b.supplier) ||
      a.failureDate.localeCompare(b.failureDate) ||
      a.claimId.localeCompare(b.claimId) ||
      (a.lineNo ?? 0) - (b.lineNo ?? 0),
  );
}

/** Approved cost of one supplier's part in one currency, and where its failed parts stand. */
export interface SupplierPartRow {
  supplier: string;
  partNumber: string;
  currency: string;
  /** Distinct claims. */
  claims: number;
  quantity: number;
  approvedMinor: number;
  returns: Record<PartReturnStatus | 'notRequested', number>;
}

export interface SupplierTotal {
  supplier: string;
  currency: string;
  claims: number;
  approvedMinor: number;
  /** Lines whose failed part was inspected: the evidence a chargeback rests on. */
  inspectedMinor: number;
}

const emptyReturns = (): SupplierPartRow['returns'] => ({
  notRequested: 0,
  REQUESTED: 0,
  RECEIVED: 0,
  INSPECTED: 0,
});

/** Rows per supplier, part and currency (most paid first within a supplier), and per supplier. */
export function supplierRecovery(lines: readonly RecoveryLine[]): {
  parts: SupplierPartRow[];
  suppliers: SupplierTotal[];
} {
  const parts = new Map<string, SupplierPartRow & { claimIds: Set<string> }>();
  const suppliers = new Map<string, SupplierTotal & { claimIds: Set<string> }>();
  for (const line of lines) {
    const { currency, amountMinor } = line.approved;
    const partKey = JSON.stringify([line.supplier, line.partNumber, currency]);
    const row = parts.get(partKey) ?? {
      supplier: line.supplier,
      partNumber: line.partNumber,
      currency,
      claims: 0,
      quantity: 0,
      approvedMinor: 0,
      returns: emptyReturns(),
      claimIds: new Set<string>(),
    };
    row.claimIds.add(line.claimId);
    row.quantity += line.quantity;
    row.approvedMinor += amountMinor;
    row.returns[line.returnStatus ?? 'notRequested'] += 1;
    parts.set(partKey, row);
    const supplierKey = JSON.stringify([line.supplier, currency]);
    const total = suppliers.get(supplierKey) ?? {
      supplier: line.supplier,
      currency,
      claims: 0,
      approvedMinor: 0,
      inspectedMinor: 0,
      claimIds: new Set<string>(),
    };
    total.claimIds.add(line.claimId);
    total.approvedMinor += amountMinor;
    if (line.returnStatus === 'INSPECTED') total.inspectedMinor += amountMinor;
    suppliers.set(supplierKey, total);
  }
  const strip = <T extends { claimIds: Set<string> }>({ claimIds, ...rest }: T) => ({
    ...rest,
    claims: claimIds.size,
  });
  return {
    parts: [...parts.values()]
      .map(strip)
      .sort(
        (a, b) =>
          a.supplier.localeCompare(b.supplier) ||
          a.currency.localeCompare(b.currency) ||
          b.approvedMinor - a.approvedMinor ||
          a.partNumber.localeCompare(b.partNumber),
      ),
    suppliers: [...suppliers.values()]
      .map(strip)
      .sort((a, b) => a.supplier.localeCompare(b.supplier) || a.currency.localeCompare(b.currency)),
  };
}

/** The columns of the chargeback file, in order. */
export const RECOVERY_CSV_COLUMNS = [
  'supplier',
  'partNumber',
  'category',
  'claimId',
  'lineNo',
  'vin',
  'market',
  'partnerId',
  'failureDate',
  'odometerKm',
  'claimStatus',
  'campaignId',
  'quantity',
  'approvedAmount',
  'currency',
  'returnStatus',
] as const;

/**
 * A chargeback file's row: amounts in major units with the currency's own decimals (as a person
 * reads them in a spreadsheet), every other field as recorded.
 */
export function recoveryCsvRow(line: RecoveryLine): Record<(typeof RECOVERY_CSV_COLUMNS)[number], string> {
  return {
    supplier: line.supplier,
    partNumber: line.partNumber,
    category: line.category ?? '',
    claimId: line.claimId,
    lineNo: line.lineNo === undefined ? '' : String(line.lineNo),
    vin: line.vin,
    market: line.market,
    partnerId: line.partnerId,
    failureDate: line.failureDate,
    odometerKm: String(line.odometerKm),
    claimStatus: line.claimStatus,
    campaignId: line.campaignId ?? '',
    quantity: String(line.quantity),
    approvedAmount: moneyToDecimalString(line.approved),
    currency: line.approved.currency,
    returnStatus: line.returnStatus ?? '',
  };
}
