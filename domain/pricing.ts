import { addMoney, type Money, multiplyByDecimal, multiplyMoney, zeroMoney } from './money.ts';
import { catalogPrice, type Part } from './part.ts';
import { type Partner, partnerUnitPrice } from './partner.ts';

/**
 * What the exporter pays a partner for warranty work (DESIGN §4): parts at the partner's price
 * list (the catalogue price in the partner's currency, less its discount) plus labour hours at
 * its labour rate. Shared by adjudication (the estimate) and settlement (the payment).
 */

export type PartnerPricing = Pick<Partner, 'currency' | 'laborRate' | 'priceList'>;

/** One unit of `part` at the partner's price, or undefined if the catalogue has no price in its currency. */
export function partnerPartPrice(partner: PartnerPricing, part: Part): Money | undefined {
  const listed = catalogPrice(part, partner.currency);
  return listed && partnerUnitPrice(partner, listed);
}

/** Labour at the partner's hourly rate, rounded half to even to the minor unit. */
export const labourAmount = (partner: PartnerPricing, hours: number): Money =>
  multiplyByDecimal(partner.laborRate, hours);

export interface LinePrice {
  /** undefined when the part has no price in the partner's currency. */
  readonly unitPrice?: Money;
  readonly partsAmount: Money;
  readonly labourAmount: Money;
  readonly total: Money;
}

/** Parts × quantity plus labour for one claim line; a part without a price counts as zero. */
export function priceLine(
  partner: PartnerPricing,
  part: Part | undefined,
  quantity: number,
  hours: number,
): LinePrice {
  const unitPrice = part && partnerPartPrice(partner, part);
  const partsAmount = unitPrice ? multiplyMoney(unitPrice, quantity) : zeroMoney(partner.currency);
  const labour = labourAmount(partner, hours);
  return {
    ...(unitPrice ? { unitPrice } : {}),
    partsAmount,
    labourAmount: labour,
    total: addMoney(partsAmount, labour),
  };
}
