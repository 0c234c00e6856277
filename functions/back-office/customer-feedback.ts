import { monthsBetween, npsMonth } from '../../domain/follow-up.ts';
import { type NpsSummary, netPromoterScore, netPromoterScoreBy } from '../../domain/nps.ts';
import type { NpsEntry } from '../data/follow-up-store.ts';
import type { BackOfficeDependencies } from './dependencies.ts';

/**
 * What customers said, for the back office: NPS per partner and per service centre of a region, and
 * the comments, newest first, over the last whole months. Read from the NPS partitions
 * (`NPS#<region>#<month>`, one Query per month, never a Scan), which carry each answer's centre and
 * comment.
 */
export interface Feedback {
  region: string;
  from: string;
  to: string;
  overall: NpsSummary;
  partners: (NpsSummary & {
    partnerId: string;
    name: string;
    centres: (NpsSummary & { centreId: string; name: string })[];
  })[];
  comments: {
    claimId: string;
    partnerId: string;
    centreId?: string;
    score: number;
    comment: string;
    at: string;
  }[];
}

export const MAX_FEEDBACK_MONTHS = 24;
const MAX_COMMENTS = 200;
const NO_CENTRE = '';

export function customerFeedback(deps: Pick<BackOfficeDependencies, 'clock' | 'followUp' | 'partners'>) {
  return async (query: { region: string; months: number }): Promise<Feedback> => {
    const now = deps.clock.now();
    const to = npsMonth(now);
    const from = npsMonth(
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (query.months - 1), 1)),
    );
    const [entries, directory] = await Promise.all([
      Promise.all(monthsBetween(from, to).map((m) => deps.followUp.npsEntries(query.region, m))).then((e) =>
        e.flat(),
      ),
      deps.partners.list(),
    ]);
    const score = (e: NpsEntry) => Number(e.score);
    const byPartner = netPromoterScoreBy(entries, (e) => e.partnerId, score);
    const byCentre = netPromoterScoreBy(entries, (e) => `${e.partnerId}|${e.centreId ?? NO_CENTRE}`, score);
    const partnerName = new Map(directory.map((p) => [p.partnerId, p]));
    return {
      region: query.region,
      from,
      to,
      overall: netPromoterScore(entries.map(score)),
      partners: [...byPartner]
        .map(([partnerId, summary]) => {
          const partner = partnerName.get(partnerId);
          return {
            partnerId,
            name: partner?.name ?? partnerId,
            ...summary,
            centres: [...byCentre]
              .filter(([key]) => key.startsWith(`${partnerId}|`))
              .map(([key, s]) => {
                const centreId = key.slice(partnerId.length + 1);
                const centre = partner?.serviceCentres.find((c) => c.centreId === centreId);
                return { centreId, name: centre?.name ?? (centreId || 'centre not recorded'), ...s };
              }),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name)),
      comments: entries
        .filter((e) => typeof e.comment === 'string' && e.comment.trim() !== '')
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, MAX_COMMENTS)
        .map((e) => ({
          claimId: e.claimId,
          partnerId: e.partnerId,
          ...(e.centreId ? { centreId: e.centreId } : {}),
          score: score(e),
          comment: e.comment!,
          at: e.at,
        })),
    };
  };
}
