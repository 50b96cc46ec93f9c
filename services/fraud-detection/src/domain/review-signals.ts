// Fake-review signals: bursts from new accounts, near-duplicate text across accounts, rating/text
// disagreement, no verified purchase, reviewer velocity. Combined as a noisy-or into one score.
import { DAY } from './order-facts.js';
import type { RuleSet } from './rule-set.js';

export interface ReviewFacts {
  tenant: string;
  reviewId: string;
  productId: string;
  userId: string;
  rating: number;
  text: string;
  verifiedPurchase: boolean;
  /** Epoch ms, 0 when unknown. */
  accountCreatedAt: number;
  occurredAt: number;
}

/** What the review store knows around this review (this review excluded). */
export interface ReviewContext {
  /** Reviews of the product from new accounts within the burst window, this one included when new. */
  newAccountReviewsInWindow: number;
  /** Reviews by this reviewer in the last 24 h, this one included. */
  reviewerReviews24h: number;
  /** Most similar earlier review by another account (0 when none). */
  duplicateSimilarity: number;
  duplicateOfReviewId: string;
  /** Polarity from review analysed in [-1, 1]; undefined until it has arrived. */
  polarity?: number;
}

export interface ReviewReason {
  code: string;
  description: string;
  weight: number;
}

export interface ReviewAssessment {
  score: number;
  flagged: boolean;
  reasons: ReviewReason[];
}

export const REVIEW_WEIGHTS = {
  burst: 0.45,
  near_duplicate: 0.55,
  rating_text_mismatch: 0.45,
  reviewer_velocity: 0.3,
  unverified: 0.15,
  new_account: 0.1,
} as const;

export function isNewAccount(r: ReviewFacts, rules: RuleSet): boolean {
  return r.accountCreatedAt > 0 && r.occurredAt - r.accountCreatedAt < rules.reviews.newAccountDays * DAY;
}

/**
 * The text's lean as the rating/text mismatch reads it. A mixed review praises some aspects and
 * criticises others with comparable weight: whatever its score, it takes no side against the stars
 * ("Lovely quality, but smaller than I expected" fits 4★ and 2★ alike), so it leans nowhere.
 */
export function textLean(analysis: { readonly mixed: boolean; readonly score: number }): number {
  return analysis.mixed ? 0 : analysis.score;
}

export function ratingDisagrees(rating: number, polarity: number): boolean {
  return (rating >= 4 && polarity <= -0.25) || (rating <= 2 && polarity >= 0.25);
}

export function assessReview(r: ReviewFacts, ctx: ReviewContext, rules: RuleSet): ReviewAssessment {
  const k = rules.reviews;
  const reasons: ReviewReason[] = [];
  const add = (code: keyof typeof REVIEW_WEIGHTS, description: string): void => {
    reasons.push({ code, description, weight: REVIEW_WEIGHTS[code] });
  };
  const newAccount = isNewAccount(r, rules);
  if (newAccount && ctx.newAccountReviewsInWindow >= k.burstMinReviews) {
    add(
      'burst',
      `${ctx.newAccountReviewsInWindow} reviews of this product from new accounts within ${k.burstWindowHours} h`,
    );
  }
  if (ctx.duplicateSimilarity >= k.duplicateSimilarity) {
    add(
      'near_duplicate',
      `text ${Math.round(ctx.duplicateSimilarity * 100)} % similar to review ${ctx.duplicateOfReviewId} by another account`,
    );
  }
  if (ctx.polarity !== undefined && ratingDisagrees(r.rating, ctx.polarity)) {
    add(
      'rating_text_mismatch',
      `${r.rating} stars but the text reads ${ctx.polarity > 0 ? 'positive' : 'negative'} (${ctx.polarity.toFixed(2)})`,
    );
  }
  if (ctx.reviewerReviews24h >= k.velocity24h)
    add('reviewer_velocity', `${ctx.reviewerReviews24h} reviews by this account in 24 h`);
  if (!r.verifiedPurchase) add('unverified', 'no verified purchase');
  if (newAccount) add('new_account', `account younger than ${k.newAccountDays} days`);

  const score = 1 - reasons.reduce((p, x) => p * (1 - x.weight), 1);
  return { score, flagged: score >= k.flagThreshold, reasons };
}
