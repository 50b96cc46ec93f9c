import { describe, expect, it } from '@jest/globals';
import { RATING_WEIGHT, withRatingEvidence } from './rating-evidence.js';
import { ReviewAnalyser } from './review-analyser.js';
import { squash, unsquash } from './score-scale.js';

describe('the star rating as evidence where the text is balanced', () => {
  it('reads the issue’s 4★ review as mixed, leaning to the stars, not negative (issue 13, item 7)', () => {
    const text = new ReviewAnalyser().analyse({
      body: 'Lovely quality, but smaller than I expected from the photos.',
      rating: 4,
    });
    expect(text.polarity).toBe('mixed');
    const withStars = withRatingEvidence(text, 4);
    expect(withStars.polarity).toBe('mixed');
    expect(withStars.score).toBeGreaterThan(text.score);
    expect(withStars.score).toBeGreaterThan(0);
    expect(withStars.aspects).toBe(text.aspects);
  });

  it('adds the stars to the text’s valence as one more opinion: ±1 a star from 3', () => {
    expect(RATING_WEIGHT).toBe(1);
    const balanced = { polarity: 'mixed', score: 0 };
    expect(withRatingEvidence(balanced, 5).score).toBeCloseTo(squash(2), 3); // like "great"
    expect(withRatingEvidence(balanced, 4).score).toBeCloseTo(squash(1), 3); // like "decent"
    expect(withRatingEvidence(balanced, 3).score).toBe(0);
    expect(withRatingEvidence(balanced, 1).score).toBeCloseTo(squash(-2), 3);
    const leaning = { polarity: 'mixed', score: -0.34 };
    expect(withRatingEvidence(leaning, 4).score).toBeCloseTo(squash(unsquash(-0.34) + 1), 3);
  });

  it('leaves a review with a clear verdict, or without stars, as the text says', () => {
    expect(withRatingEvidence({ polarity: 'negative', score: -0.5 }, 5)).toEqual({
      polarity: 'negative',
      score: -0.5,
    });
    expect(withRatingEvidence({ polarity: 'positive', score: 0.5 }, 1)).toEqual({
      polarity: 'positive',
      score: 0.5,
    });
    expect(withRatingEvidence({ polarity: 'mixed', score: 0.1 }, undefined)).toEqual({
      polarity: 'mixed',
      score: 0.1,
    });
  });
});

describe('mixed reviews', () => {
  const analyser = new ReviewAnalyser();

  it('are those whose aspects disagree with comparable strength', () => {
    expect(analyser.analyse({ body: 'The blender is powerful but very noisy.' }).polarity).toBe('mixed');
    expect(analyser.analyse({ body: 'Gorgeous colour, awful fit.' }).polarity).toBe('mixed');
  });

  it('do not include one-sided reviews', () => {
    expect(
      analyser.analyse({ body: 'Absolutely love it, fits perfectly and the colour is gorgeous.' }).polarity,
    ).toBe('positive');
    expect(analyser.analyse({ body: 'Tiny, flimsy and nothing like the pictures.' }).polarity).toBe(
      'negative',
    );
  });
});
