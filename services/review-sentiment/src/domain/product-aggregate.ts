// The per-product aggregate as read back from the store: counts per star, per polarity and per
// aspect, the strongest evidence per aspect and polarity, and the kept representative quotes.
import type { QuoteCandidate } from './review-contribution.js';

export interface AspectEvidence {
  text: string;
  score: number;
  reviewId: string;
}

export interface AspectTally {
  mentions: number;
  positive: number;
  negative: number;
  neutral: number;
  scoreSum: number;
  bestPositive?: AspectEvidence;
  bestNegative?: AspectEvidence;
}

export interface ProductAggregate {
  productId: string;
  count: number;
  ratingSum: number;
  scoreSum: number;
  /** Index 0 = one star … 4 = five stars. */
  stars: [number, number, number, number, number];
  polarity: { positive: number; negative: number; neutral: number };
  lowConfidence: number;
  /** Epoch ms of the newest review counted; 0 when none. */
  updatedAt: number;
  aspects: Map<string, AspectTally>;
  /** Strongest first. */
  quotes: { positive: QuoteCandidate[]; negative: QuoteCandidate[] };
  /**
   * How many customer erasures have changed this aggregate: a summary computed from an aggregate
   * read before the latest one may quote an erased review, so it is not cached.
   */
  erasures: number;
}

export function emptyAggregate(productId: string): ProductAggregate {
  return {
    productId,
    count: 0,
    ratingSum: 0,
    scoreSum: 0,
    stars: [0, 0, 0, 0, 0],
    polarity: { positive: 0, negative: 0, neutral: 0 },
    lowConfidence: 0,
    updatedAt: 0,
    aspects: new Map(),
    quotes: { positive: [], negative: [] },
    erasures: 0,
  };
}
