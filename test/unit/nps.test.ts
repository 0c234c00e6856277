import { describe, expect, it } from 'vitest';
import { classifyScore, netPromoterScore, netPromoterScoreBy, SurveyAnswerSchema } from '../../domain/nps.ts';

describe('net promoter score', () => {
  it.each([
    [10, 'promoter'],
    [9, 'promoter'],
    [8, 'passive'],
    [7, 'passive'],
    [6, 'detractor'],
    [0, 'detractor'],
  ])('classifies a %i as a %s', (score, kind) => {
    expect(classifyScore(score)).toBe(kind);
  });

  it('refuses scores outside 0–10 or fractional', () => {
    expect(() => classifyScore(11)).toThrow(RangeError);
    expect(() => classifyScore(-1)).toThrow(RangeError);
    expect(() => classifyScore(8.5)).toThrow(RangeError);
  });

  it('is % promoters minus % detractors', () => {
    // Prepare: 5 promoters, 3 passives, 2 detractors of 10
    const scores = [10, 10, 9, 9, 9, 8, 7, 7, 6, 0];
    // Act / Assess
    expect(netPromoterScore(scores)).toEqual({
      responses: 10,
      promoters: 5,
      passives: 3,
      detractors: 2,
      nps: 30,
    });
  });

  it('ranges from −100 to 100 and rounds to one decimal', () => {
    expect(netPromoterScore([0, 1]).nps).toBe(-100);
    expect(netPromoterScore([10]).nps).toBe(100);
    expect(netPromoterScore([10, 8, 8]).nps).toBe(33.3);
  });

  it('has no score without responses', () => {
    expect(netPromoterScore([])).toEqual({ responses: 0, promoters: 0, passives: 0, detractors: 0 });
  });

  it('groups by region or partner', () => {
    const answers = [
      { region: 'ap-south-1', score: 10 },
      { region: 'eu-central-1', score: 3 },
      { region: 'ap-south-1', score: 6 },
    ];
    const byRegion = netPromoterScoreBy(
      answers,
      (a) => a.region,
      (a) => a.score,
    );
    expect(byRegion.get('ap-south-1')?.nps).toBe(0);
    expect(byRegion.get('eu-central-1')?.nps).toBe(-100);
  });

  it('validates a survey answer', () => {
    expect(SurveyAnswerSchema.safeParse({ score: 9, comment: 'Quick repair' }).success).toBe(true);
    expect(SurveyAnswerSchema.safeParse({ score: 11 }).success).toBe(false);
    expect(SurveyAnswerSchema.safeParse({ score: 9, extra: true }).success).toBe(false);
  });
});
