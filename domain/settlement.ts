import { type ChangeContext, type Claim, type Completion, payableLines, transition } from './claim.ts';
import {
  DECIMAL_SCALE,
  type Money,
  multiplyByScaledDecimal,
  multiplyMoney,
  sumMoney,
  toScaledDecimal,
} from './money.ts';
import type { Part } from './part.ts';
import { type PartnerPricing, partnerPartPrice } from './pricing.ts';
import type { Reservation } from './stock.ts';

/**
 * Settlement (DESIGN §4): what the exporter pays the partner once the repair is done, in the
 * partner's currency and integer minor units, and what happens to the reserved stock.
 * - Parts: per payable claim line, the units used, capped at the units approved for the line
 *   (the partner reports parts used per part number; they are assigned to lines in line order).
 *   Unit price = catalogue price in the partner's currency less its discount, rounded per unit.
 * - Labour: the hours reported at completion, capped at the approved hours of the payable lines,
 *   at the partner's labour rate, rounded once, half to even.
 * - Stock: used units are consumed from the claim's reservations (in reservation order, home
 *   warehouses first as planned); the rest of every reservation is released. Units used beyond
 *   what was reserved came from the partner's own shelf: paid, but nothing to consume.
 */

export interface PartSettlementLine {
  readonly kind: 'part';
  readonly lineNo: number;
  readonly partNumber: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly amount: Money;
}

export interface LabourSettlementLine {
  readonly kind: 'labour';
  readonly hours: number;
  readonly rate: Money;
  readonly amount: Money;
}

export type SettlementLine = PartSettlementLine | LabourSettlementLine;

export interface Settlement {
  readonly currency: string;
  readonly lines: SettlementLine[];
  /** Always the sum of the lines' amounts. */
  readonly total: Money;
  readonly consume: Reservation[];
  readonly release: Reservation[];
}

export class MissingPriceError extends Error {
  constructor(
    readonly partNumber: string,
    readonly currency: string,
  ) {
    super(`part ${partNumber} has no catalogue price in ${currency}; price it before settling`);
    this.name = 'MissingPriceError';
  }
}

export interface SettlementInput {
  readonly claim: Pick<Claim, 'lines'>;
  readonly completion: Pick<Completion, 'partsUsed' | 'laborHours'>;
  readonly partner: PartnerPricing;
  readonly parts: ReadonlyMap<string, Part>;
  readonly reservations: readonly Reservation[];
}

const hoursFromScaled = (scaled: bigint): number => Number(scaled) / Number(DECIMAL_SCALE);

function usedByPart(partsUsed: SettlementInput['completion']['partsUsed']): Map<string, number> {
  const used = new Map<string, number>();
  for (const { partNumber, quantity } of partsUsed)
    used.set(partNumber, (used.get(partNumber) ?? 0) + quantity);
  return used;
}

/** Splits each reservation into the units to consume (up to what was used) and to release. */
export function splitReservations(
  reservations: readonly Reservation[],
  used: ReadonlyMap<string, number>,
): Pick<Settlement, 'consume' | 'release'> {
  const toConsume = new Map(used);
  const consume: Reservation[] = [];
  const release: Reservation[] = [];
  for (const reservation of reservations) {
    const left = toConsume.get(reservation.partNumber) ?? 0;
    const consumed = Math.min(left, reservation.quantity);
    toConsume.set(reservation.partNumber, left - consumed);
    if (consumed > 0) consume.push({ ...reservation, quantity: consumed });
    if (reservation.quantity > consumed)
      release.push({ ...reservation, quantity: reservation.quantity - consumed });
  }
  return { consume, release };
}

export function settleClaim(input: SettlementInput): Settlement {
  const { partner, parts, completion } = input;
  const currency = partner.currency;
  const payable = payableLines(input.claim);
  const used = usedByPart(completion.partsUsed);

  const unassigned = new Map(used);
  const partLines: PartSettlementLine[] = payable.flatMap((line): PartSettlementLine[] => {
    const approved = line.adjusted?.quantity ?? line.quantity;
    const available = unassigned.get(line.partNumber) ?? 0;
    const quantity = Math.min(approved, available);
    unassigned.set(line.partNumber, available - quantity);
    if (quantity === 0) return [];
    const part = parts.get(line.partNumber);
    const unitPrice = part && partnerPartPrice(partner, part);
    if (!unitPrice) throw new MissingPriceError(line.partNumber, currency);
    return [
      {
        kind: 'part',
        lineNo: line.lineNo,
        partNumber: line.partNumber,
        quantity,
        unitPrice,
        amount: multiplyMoney(unitPrice, quantity),
      },
    ];
  });

  // Hours are added as exact ten-thousandths: 0.1 + 0.2 must be 0.3 here.
  const approvedHours = payable.reduce(
    (sum, l) => sum + toScaledDecimal(l.adjusted?.laborHours ?? l.laborHours),
    0n,
  );
  const reportedHours = toScaledDecimal(completion.laborHours);
  // biome-ignore lint/complexity/useMathMinMax: bigint operands, which Math.min does not take
  const paidHours = reportedHours < approvedHours ? reportedHours : approvedHours;
  const labourLines: LabourSettlementLine[] =
    paidHours > 0n
      ? [
          {
            kind: 'labour',
            hours: hoursFromScaled(paidHours),
            rate: partner.laborRate,
            amount: multiplyByScaledDecimal(partner.laborRate, paidHours),
          },
        ]
      : [];

  const lines: SettlementLine[] = [...partLines, ...labourLines];
  const total = sumMoney(
    lines.map((l) => l.amount),
    currency,
  );
  return { currency, lines, total, ...splitReservations(input.reservations, used) };
}

/** The claim after settlement: the settled amount recorded and the move to SETTLED. */
export function applySettlement(claim: Claim, settlement: Settlement, ctx: ChangeContext): Claim {
  return transition({ ...claim, amounts: { ...claim.amounts, settled: settlement.total } }, 'SETTLED', ctx);
}
