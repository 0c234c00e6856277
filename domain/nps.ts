import * as z from 'zod/mini';

/**
 * Net Promoter Score from 0–10 survey answers: promoters score 9–10, detractors 0–6, passives
 * 7–8; NPS = % promoters − % detractors, from −100 to 100.
 */

export const SurveyAnswerSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    score: z
      .int('score must be a whole number from 0 to 10')
      .check(
        z.gte(0, 'score must be a whole number from 0 to 10'),
        z.lte(10, 'score must be a whole number from 0 to 10'),
      ),
    comment: z.optional(z.string().check(z.maxLength(2000, 'comment must be at most 2000 characters'))),
  }))();
export type SurveyAnswer = z.infer<typeof SurveyAnswerSchema>;

export type Respondent = 'promoter' | 'passive' | 'detractor';

export function classifyScore(score: number): Respondent {
  if (!Number.isInteger(score) || score < 0 || score > 10) {
    throw new RangeError(`an NPS score is a whole number from 0 to 10, got ${score}`);
  }
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export interface NpsSummary {
  readonly responses: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** undefined without responses; otherwise rounded to one decimal place. */
  readonly nps?: number;
}

export function netPromoterScore(scores: readonly number[]): NpsSummary {
  const counts = { promoter: 0, passive: 0, detractor: 0 };
  for (const score of scores) counts[classifyScore(score)]++;
  const responses = scores.length;
  const base = {
    responses,
    promoters: counts.promoter,
    passives: counts.passive,
    detractors: counts.detractor,
  };
  if (responses === 0) return base;
  // Integer arithmetic first, so 1/3 − 0 prints as 33.3 and not 33.33333333333333.
  const tenths = Math.round((1000 * (counts.promoter - counts.detractor)) / responses);
  return { ...base, nps: tenths / 10 };
}

/** NPS per group (region, partner), groups in order of first appearance. */
export function netPromoterScoreBy<T>(answers: readonly T[], key: (a: T) => string, score: (a: T) => number) {
  const groups = new Map<string, number[]>();
  for (const answer of answers) {
    const k = key(answer);
    groups.set(k, [...(groups.get(k) ?? []), score(answer)]);
  }
  return new Map([...groups].map(([k, scores]) => [k, netPromoterScore(scores)]));
}
