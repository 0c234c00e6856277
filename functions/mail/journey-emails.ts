import type { Money } from '../../domain/money.ts';
import type { Translator } from './catalogue.ts';
import { formatAmount, formatDate } from './format.ts';
import type { Block, RenderContext } from './templates.ts';
import { decisionOf, rejectionReasons } from './templates.ts';

/**
 * The emails of a claim's journey beyond the happy path: waiting for parts (with the expected
 * date), cancelled, failed; and the approval said in the same email as what follows it, when the
 * approval has not been told on its own (an auto-approval and its appointment are one email).
 */

export interface Shared {
  readonly claimRow: [string, string];
  readonly statusButton: Block[];
  readonly contact: Block[];
}

const value = (tr: Translator, m: Money | undefined): [string, string][] =>
  m ? [[tr.t('label.coveredValue'), formatAmount(m, tr.locale)]] : [];

/** The approval, as the decision email would say it, without its "what next" paragraph. */
export function approvalBlocks(ctx: RenderContext, tr: Translator, shared: Shared): Block[] {
  const { claim } = ctx;
  const rows: Block = { kind: 'rows', rows: [shared.claimRow, ...value(tr, claim.amounts?.approved)] };
  if (decisionOf(claim) !== 'partly') return [{ kind: 'p', text: tr.t('approved.intro') }, rows];
  const covered = [
    ...new Set(
      claim.lines
        .filter((l) => l.decision !== 'REJECTED')
        .map((l) => tr.catalogue.categories[l.category ?? 'other']),
    ),
  ];
  return [
    { kind: 'p', text: tr.t('partly.intro') },
    { kind: 'list', heading: tr.t('partly.covered'), items: covered },
    {
      kind: 'list',
      heading: tr.t('partly.notCovered'),
      items: rejectionReasons(tr, { ...claim, reasons: [] }),
    },
    rows,
  ];
}

export function journeyBody(
  template: 'waiting-for-parts' | 'cancelled' | 'failed',
  ctx: RenderContext,
  tr: Translator,
  shared: Shared,
): { subject: string; blocks: Block[] } {
  const zone = ctx.centre?.timeZone ?? 'UTC';
  switch (template) {
    case 'waiting-for-parts':
      return {
        subject: tr.t('parts.subject'),
        blocks: [
          ...(ctx.decisionTold === false
            ? approvalBlocks(ctx, tr, shared)
            : [{ kind: 'rows', rows: [shared.claimRow] } as Block]),
          { kind: 'p', text: tr.t('parts.intro') },
          ...(ctx.partsExpectedAt
            ? ([
                {
                  kind: 'rows',
                  rows: [[tr.t('label.partsExpected'), formatDate(ctx.partsExpectedAt, tr.locale, zone)]],
                },
              ] satisfies Block[])
            : []),
          { kind: 'p', text: tr.t('parts.next') },
          ...shared.statusButton,
          ...shared.contact,
        ],
      };
    case 'cancelled':
      return {
        subject: tr.t('cancelled.subject'),
        blocks: [
          { kind: 'p', text: tr.t('cancelled.intro') },
          { kind: 'rows', rows: [shared.claimRow] },
          { kind: 'p', text: tr.t('cancelled.next') },
          ...shared.contact,
        ],
      };
    case 'failed':
      return {
        subject: tr.t('failed.subject'),
        blocks: [
          { kind: 'p', text: tr.t('failed.intro') },
          { kind: 'rows', rows: [shared.claimRow] },
          { kind: 'p', text: tr.t('failed.next') },
          ...shared.statusButton,
          ...shared.contact,
        ],
      };
  }
}
