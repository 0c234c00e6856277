import type { Adjudication, AdjudicationInput, LineAdjudication } from '../adjudication.ts';
import { sumMoney } from '../money.ts';
import { priceLine } from '../pricing.ts';
import type { CampaignScope } from './campaign.ts';

/**
 * A claim that cites a service campaign. Within the campaign's repair (`campaignScopeOf`) it is
 * approved without a person, whatever the warranty says (age, mileage, the partner's auto-approval
 * limit, the duplicate window: the exporter pays a recall on every affected vehicle), each line at
 * the partner's prices; a part without a price still goes to a person. Beyond the repair the
 * warranty's own decision stands, but never without a person: the partner meant it as campaign
 * work, so it goes to review (CAMPAIGN_OUT_OF_SCOPE), never to an automatic rejection.
 */
export function adjudicateUnderCampaign(
  input: Pick<AdjudicationInput, 'claim' | 'partner' | 'parts'>,
  byWarranty: Adjudication,
  scope: CampaignScope,
): Adjudication {
  if (!scope.within)
    return {
      ...byWarranty,
      outcome: 'IN_REVIEW',
      reasons: [...new Set([...byWarranty.reasons, 'CAMPAIGN_OUT_OF_SCOPE' as const])],
      // Lines the warranty rejected stay open for the reviewer rather than rejected by a rule.
      lines: byWarranty.lines,
    };
  const { partner, parts } = input;
  const missingPrice: number[] = [];
  const lines = input.claim.lines.map((line): LineAdjudication => {
    const part = parts.get(line.partNumber);
    const price = priceLine(partner, part, line.quantity, line.laborHours);
    if (!price.unitPrice) missingPrice.push(line.lineNo);
    return {
      lineNo: line.lineNo,
      ...(part?.category ? { category: part.category } : {}),
      ...(part?.supplier ? { supplier: part.supplier } : {}),
      decision: 'COVERED',
      reasons: price.unitPrice ? [] : ['PRICE_MISSING'],
      amount: price.total,
    };
  });
  const coveredTotal = sumMoney(
    lines.map((l) => l.amount),
    partner.currency,
  );
  return {
    outcome: missingPrice.length > 0 ? 'IN_REVIEW' : 'APPROVED',
    reasons: missingPrice.length > 0 ? ['PRICE_MISSING'] : [],
    lines,
    coveredTotal,
  };
}
