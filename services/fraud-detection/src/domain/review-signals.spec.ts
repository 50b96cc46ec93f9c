import { describe, expect, it } from '@jest/globals';
import { shippedRules, T0 } from '../fixtures/orders.js';
import {
  assessReview,
  ratingDisagrees,
  textLean,
  type ReviewContext,
  type ReviewFacts,
} from './review-signals.js';

const rules = shippedRules();
const review = (o: Partial<ReviewFacts> = {}): ReviewFacts => ({
  tenant: 'acme',
  reviewId: 'r1',
  productId: 'p1',
  userId: 'u1',
  rating: 5,
  text: 'great',
  verifiedPurchase: true,
  accountCreatedAt: T0 - 500 * 86_400_000,
  occurredAt: T0,
  ...o,
});
const quiet: ReviewContext = {
  newAccountReviewsInWindow: 0,
  reviewerReviews24h: 1,
  duplicateSimilarity: 0,
  duplicateOfReviewId: '',
};

describe('assessReview', () => {
  it('does not flag an ordinary verified review', () => {
    expect(assessReview(review(), quiet, rules).flagged).toBe(false);
  });

  it('flags a new account’s unverified review inside a burst of new-account reviews', () => {
    const a = assessReview(
      review({ verifiedPurchase: false, accountCreatedAt: T0 - 86_400_000 }),
      { ...quiet, newAccountReviewsInWindow: 6 },
      rules,
    );
    expect(a.flagged).toBe(true);
    expect(a.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['burst', 'unverified', 'new_account']),
    );
  });

  it('flags near-duplicate text from another account', () => {
    const a = assessReview(
      review(),
      { ...quiet, duplicateSimilarity: 0.8, duplicateOfReviewId: 'r0' },
      rules,
    );
    expect(a.flagged).toBe(true);
    expect(a.reasons[0].description).toMatch(/r0/);
  });

  it('flags five stars with clearly negative text only once the polarity is known and the purchase unverified', () => {
    expect(assessReview(review({ verifiedPurchase: false }), quiet, rules).flagged).toBe(false);
    const a = assessReview(review({ verifiedPurchase: false }), { ...quiet, polarity: -0.7 }, rules);
    expect(a.reasons.map((r) => r.code)).toContain('rating_text_mismatch');
    expect(a.flagged).toBe(true);
  });

  it('never reads a mixed review as disagreeing with its stars, whatever its score (issue 13, item 7)', () => {
    // "Lovely quality, but smaller than I expected from the photos." at 4★, once scored -0.34.
    expect(ratingDisagrees(4, textLean({ mixed: false, score: -0.34 }))).toBe(true);
    expect(ratingDisagrees(4, textLean({ mixed: true, score: -0.34 }))).toBe(false);
    expect(ratingDisagrees(1, textLean({ mixed: true, score: 0.4 }))).toBe(false);
    const a = assessReview(
      review({ rating: 4, verifiedPurchase: false }),
      { ...quiet, polarity: textLean({ mixed: true, score: -0.34 }) },
      rules,
    );
    expect(a.reasons.map((r) => r.code)).not.toContain('rating_text_mismatch');
    expect(a.flagged).toBe(false);
  });
});
