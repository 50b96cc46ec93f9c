import { describe, expect, it } from '@jest/globals';
import type { ReviewSentimentOutput } from '../tasks/review-sentiment-task.js';
import { clip, contributionOf, quoteOf, type SubmittedReview } from './review-contribution.js';

const review: SubmittedReview = {
  reviewId: 'r-1',
  rating: 5,
  title: 'Great train',
  body: 'Solid wood. Wheels squeak a little.',
  verifiedPurchase: true,
};

function analysis(overrides: Partial<ReviewSentimentOutput> = {}): ReviewSentimentOutput {
  return {
    polarity: 'positive',
    score: 0.8,
    confidence: 0.9,
    language: 'en',
    lowConfidence: false,
    aspects: [
      { aspect: 'quality', polarity: 'positive', score: 0.7, evidence: 'Solid wood' },
      { aspect: 'noise', polarity: 'negative', score: -0.3, evidence: 'Wheels squeak a little' },
    ],
    ...overrides,
  } as ReviewSentimentOutput;
}

describe('review contribution', () => {
  it('quotes the strongest evidence that agrees with the overall verdict', () => {
    const q = quoteOf(review, analysis());
    expect(q).toMatchObject({ text: 'Solid wood', aspect: 'quality', polarity: 'positive', rating: 5 });
  });

  it('ranks verified, confident, strong opinions higher', () => {
    const verified = quoteOf(review, analysis())!;
    const unverified = quoteOf({ ...review, verifiedPurchase: false }, analysis())!;
    const lukewarm = quoteOf(review, analysis({ score: 0.2 }))!;
    expect(verified.weight).toBeGreaterThan(unverified.weight);
    expect(verified.weight).toBeGreaterThan(lukewarm.weight);
  });

  it('falls back to the title when no aspect evidence agrees, and quotes nothing for neutral or doubtful reviews', () => {
    expect(quoteOf(review, analysis({ aspects: [] }))?.text).toBe('Great train');
    expect(quoteOf(review, analysis({ polarity: 'neutral', score: 0 }))).toBeUndefined();
    expect(quoteOf(review, analysis({ lowConfidence: true }))).toBeUndefined();
  });

  it('quotes a mixed review for the side its score leans to, and not at all when it leans nowhere', () => {
    expect(quoteOf(review, analysis({ polarity: 'mixed', score: 0.1 }))).toMatchObject({
      polarity: 'positive',
      text: 'Solid wood',
    });
    expect(quoteOf(review, analysis({ polarity: 'mixed', score: -0.1 }))).toMatchObject({
      polarity: 'negative',
      text: 'Wheels squeak a little',
    });
    expect(quoteOf(review, analysis({ polarity: 'mixed', score: 0 }))).toBeUndefined();
    expect(contributionOf(review, analysis({ polarity: 'mixed', score: 0.1 }), 'local', 1).polarity).toBe(
      'mixed',
    );
  });

  it('counts an aspect named twice in one review once, by its strongest mention', () => {
    const c = contributionOf(
      review,
      analysis({
        aspects: [
          { aspect: 'quality', polarity: 'positive', score: 0.4, evidence: 'nice' },
          { aspect: 'quality', polarity: 'negative', score: -0.9, evidence: 'but the glue failed' },
        ],
      }),
      'local',
      1,
    );
    expect(c.aspects).toEqual([
      { name: 'quality', polarity: 'negative', score: -0.9, evidence: 'but the glue failed' },
    ]);
  });

  it('clips long quotes at a word boundary', () => {
    const long = `${'word '.repeat(100)}end`;
    const clipped = clip(long, 50);
    expect(clipped.length).toBeLessThanOrEqual(50);
    expect(clipped.endsWith('word…')).toBe(true);
  });
});
