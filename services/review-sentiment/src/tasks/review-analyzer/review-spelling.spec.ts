import { describe, expect, it } from '@jest/globals';
import { correctSpelling } from './review-spelling.js';
import { ReviewAnalyzer } from './review-analyzer.js';

describe('correctSpelling', () => {
  it.each([
    ['recomend', 'recommend'],
    ['wat', 'what'],
    ['goooood', 'good'],
    ['sooo', 'so'],
    ['loooove', 'love'],
    ['phone', 'phone'],
  ])('maps %j to %j', (typed, expected) => {
    expect(correctSpelling(typed)).toBe(expected);
  });
});

describe('ReviewAnalyzer on chat-style reviews', () => {
  const analyzer = new ReviewAnalyzer();
  it('reads typos, stretched words and grades', () => {
    expect(analyzer.analyze({ body: 'doesnt do wat it says' }).polarity).toBe('negative');
    expect(analyzer.analyze({ body: 'does wat it says' }).polarity).toBe('positive');
    expect(analyzer.analyze({ body: 'sooo goooood, highly recomend' }).polarity).toBe('positive');
    expect(analyzer.analyze({ body: 'A+++ seller' }).polarity).toBe('positive');
  });
});
