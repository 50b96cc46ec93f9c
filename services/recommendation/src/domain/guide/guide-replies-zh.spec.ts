// The guide's Chinese voice: questions and recommendations in Chinese, slot values said in Chinese.
import { describe, expect, it } from '@jest/globals';
import { aGuideCandidate } from './guide-candidate.fixture.js';
import type { GuideProfile } from './guide-profile.js';
import { CHINESE_VOICE, interestInChinese, recipientInChinese } from './guide-replies-zh.js';
import { priceOf } from './money.js';

const profile = (p: Partial<GuideProfile>): GuideProfile => ({ interests: [], constraints: [], ...p });

describe('the guide in Chinese', () => {
  it('says slot values in Chinese, whatever their English form', () => {
    expect(recipientInChinese('niece')).toBe('侄女');
    expect(interestInChinese('dinosaurs')).toBe('恐龙');
    expect(interestInChinese('dinosaur')).toBe('恐龙');
    // A topic with no Chinese name stays as the shopper's guide knows it.
    expect(interestInChinese('zeppelins')).toBe('zeppelins');
  });

  it('asks its questions in Chinese about the recipient', () => {
    expect(CHINESE_VOICE.questionFor('age', profile({ recipient: 'niece' }))).toBe('你的侄女多大了？');
    expect(CHINESE_VOICE.questionFor('budget', profile({}))).toBe('大概想花多少钱？');
    expect(CHINESE_VOICE.opening).toMatch(/礼物/);
  });

  it('explains each pick in Chinese: age fit, interest, budget and constraints', () => {
    const c = aGuideCandidate('p1', 'Dinosaur Puzzle', 2500n, { ageMinMonths: 36 });
    const p = profile({
      recipient: 'niece',
      ageMonths: 48,
      interests: ['dinosaur'],
      budgetMax: priceOf('EUR', 30),
    });
    const reasons = CHINESE_VOICE.pickReasons(c, p);
    expect(reasons[0]).toBe('适合3岁以上，4岁可以玩');
    expect(reasons.join('；')).toMatch(/恐龙/);
    expect(reasons.join('；')).toMatch(/预算内/);
    const text = CHINESE_VOICE.recommendationText([c], p);
    expect(text.split('\n')[0]).toBe('给你的侄女挑了一个推荐：');
    expect(text).toContain('Dinosaur Puzzle');
  });

  it('offers relaxations in Chinese', () => {
    expect(CHINESE_VOICE.relaxConstraintSentence('no batteries', profile({}))).toMatch(/不用电池/);
    expect(CHINESE_VOICE.relaxBudgetSentence(priceOf('CNY', 50), priceOf('CNY', 60))).toMatch(/以内/);
  });
});
