// What one analysed review adds to its product's aggregates: counters plus, for an opinionated
// review, one candidate representative quote. Pure: no I/O.
import type { ReviewSentimentOutput } from '../tasks/review-sentiment-task.js';

export type SentimentPolarity = 'positive' | 'negative' | 'neutral';

export interface ContributedAspect {
  name: string;
  polarity: SentimentPolarity;
  score: number;
  evidence: string;
}

export interface QuoteCandidate {
  reviewId: string;
  text: string;
  rating: number;
  polarity: 'positive' | 'negative';
  aspect: string;
  /** Higher is more representative: strength of opinion times confidence, verified purchases first. */
  weight: number;
}

export interface ReviewContribution {
  reviewId: string;
  rating: number;
  polarity: SentimentPolarity | 'mixed';
  score: number;
  lowConfidence: boolean;
  /** Which tier answered: cache | provider | local. */
  tier: string;
  /** Epoch ms of the review (occurred-at). */
  at: number;
  aspects: ContributedAspect[];
  quote?: QuoteCandidate;
}

/**
 * What a counted review added to its product's counters, kept so that erasing its author can take
 * exactly that out again: numbers and names only, none of the review's words.
 */
export interface CountedReview {
  reviewId: string;
  rating: number;
  polarity: SentimentPolarity | 'mixed';
  score: number;
  lowConfidence: boolean;
  tier: string;
  aspects: { name: string; polarity: SentimentPolarity; score: number }[];
}

/** The counters' share of a contribution (see CountedReview). */
export function countedOf(c: ReviewContribution): CountedReview {
  return {
    reviewId: c.reviewId,
    rating: c.rating,
    polarity: c.polarity,
    score: c.score,
    lowConfidence: c.lowConfidence,
    tier: c.tier,
    aspects: c.aspects.map((a) => ({ name: a.name, polarity: a.polarity, score: a.score })),
  };
}

export interface SubmittedReview {
  reviewId: string;
  rating: number;
  title: string;
  body: string;
  verifiedPurchase: boolean;
}

export const QUOTE_MAX_CHARS = 280;
const VERIFIED_BONUS = 0.25;

/** Shortens at a word boundary, marking the cut. */
export function clip(text: string, max = QUOTE_MAX_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
  return m?.[1] ?? text.trim();
}

/** The quote that best shows why the review is positive or negative, if it is either. */
export function quoteOf(
  review: SubmittedReview,
  analysis: ReviewSentimentOutput,
): QuoteCandidate | undefined {
  // A verdict the model itself doubts (another language, no opinion words) is no one's example.
  if (analysis.polarity === 'neutral' || analysis.lowConfidence) return undefined;
  // A mixed review speaks for the side its score leans to (its stars, when its words balance).
  if (analysis.polarity === 'mixed' && analysis.score === 0) return undefined;
  const polarity =
    analysis.polarity !== 'mixed' ? analysis.polarity : analysis.score > 0 ? 'positive' : 'negative';
  // The strongest aspect evidence agreeing with the overall verdict says most in fewest words.
  const evidence = analysis.aspects
    .filter((a) => a.polarity === polarity && a.evidence.trim().length >= 3)
    .sort((a, b) => Math.abs(b.score) - Math.abs(a.score))[0];
  const text = clip(evidence?.evidence ?? (review.title.trim() || firstSentence(review.body)));
  if (text.length < 3) return undefined;
  const weight =
    Math.abs(analysis.score) * analysis.confidence + (review.verifiedPurchase ? VERIFIED_BONUS : 0);
  return {
    reviewId: review.reviewId,
    text,
    rating: review.rating,
    polarity,
    aspect: evidence?.aspect ?? '',
    weight: Math.round(weight * 10_000) / 10_000,
  };
}

export function contributionOf(
  review: SubmittedReview,
  analysis: ReviewSentimentOutput,
  tier: string,
  at: number,
): ReviewContribution {
  // An aspect named twice in one review counts once: the strongest mention stands for it.
  const byAspect = new Map<string, ContributedAspect>();
  for (const a of analysis.aspects) {
    const seen = byAspect.get(a.aspect);
    if (!seen || Math.abs(a.score) > Math.abs(seen.score)) {
      byAspect.set(a.aspect, {
        name: a.aspect,
        polarity: a.polarity,
        score: a.score,
        evidence: clip(a.evidence),
      });
    }
  }
  return {
    reviewId: review.reviewId,
    rating: review.rating,
    polarity: analysis.polarity,
    score: analysis.score,
    lowConfidence: analysis.lowConfidence,
    tier,
    at,
    aspects: [...byAspect.values()],
    quote: quoteOf(review, analysis),
  };
}
