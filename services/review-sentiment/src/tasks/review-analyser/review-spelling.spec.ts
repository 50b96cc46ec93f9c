import { describe, expect, it } from '@jest/globals';
import { correctSpelling } from './review-spelling.js';
import { ReviewAnalyser } from './review-analyser.js';

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

describe('ReviewAnalyser on chat-style reviews', () => {
  const analyser = new ReviewAnalyser();
  it('reads typos, stretched words and grades', () => {
    expect(analyser.analyse({ body: 'doesnt do wat it says' }).polarity).toBe('negative');
    expect(analyser.analyse({ body: 'does wat it says' }).polarity).toBe('positive');
    expect(analyser.analyse({ body: 'sooo goooood, highly recomend' }).polarity).toBe('positive');
    expect(analyser.analyse({ body: 'A+++ seller' }).polarity).toBe('positive');
  });
});
