// Turns a product's aggregate into the review summary customers and shop staff read: pros, cons,
// per-aspect sentiment, representative quotes, rating distribution and a short text. Pure: no I/O.
import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { Polarity, ReviewSummaryReplySchema, type ReviewSummaryReply } from '@shopmind/contracts';
import type { AspectTally, ProductAggregate } from './product-aggregate.js';
import type { LocalLanguage } from '@shopmind/vocabulary';
import type { QuoteCandidate } from './review-contribution.js';
import { SUMMARY_WORDING, type Mood } from './summary-wording.js';

/** |mean score| below this is reported neutral. */
const NEUTRAL_BAND = 0.05;
const MAX_POINTS = 5;
/** Fewer reviews than this give no summary text: two opinions are not "what customers say". */
export const MIN_REVIEWS_FOR_TEXT = 3;

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

function polarityOf(score: number): Polarity {
  if (score > NEUTRAL_BAND) return Polarity.POSITIVE;
  if (score < -NEUTRAL_BAND) return Polarity.NEGATIVE;
  return Polarity.NEUTRAL;
}

/** Pros: aspects more often praised than criticised, most praised first. */
function prosOf(aspects: [string, AspectTally][]): SummaryPoint[] {
  return aspects
    .filter(([, t]) => t.positive > t.negative)
    .sort(([a, x], [b, y]) => y.positive - x.positive || y.scoreSum - x.scoreSum || a.localeCompare(b))
    .slice(0, MAX_POINTS)
    .map(([aspect, t]) =>
      point(aspect, t.bestPositive?.text ?? SUMMARY_WORDING.en.praised(aspect), t.positive),
    );
}

/**
 * Cons: aspects criticised at least half as often as praised. A minority complaint (some
 * batteries die early) is worth knowing even when most reviewers are happy with the aspect.
 */
function consOf(aspects: [string, AspectTally][]): SummaryPoint[] {
  return aspects
    .filter(([, t]) => t.negative > 0 && t.negative * 2 >= t.positive)
    .sort(([a, x], [b, y]) => y.negative - x.negative || x.scoreSum - y.scoreSum || a.localeCompare(b))
    .slice(0, MAX_POINTS)
    .map(([aspect, t]) =>
      point(aspect, t.bestNegative?.text ?? SUMMARY_WORDING.en.criticised(aspect), t.negative),
    );
}

interface SummaryPoint {
  aspect: string;
  text: string;
  mentions: number;
}

export interface ReviewQuote {
  reviewId: string;
  text: string;
  rating: number;
  polarity: Polarity;
  aspect: string;
}

function point(aspect: string, text: string, mentions: number): SummaryPoint {
  return { aspect, text, mentions };
}

function quoteOf(q: QuoteCandidate): ReviewQuote {
  return {
    reviewId: q.reviewId,
    text: q.text,
    rating: q.rating,
    polarity: q.polarity === 'positive' ? Polarity.POSITIVE : Polarity.NEGATIVE,
    aspect: q.aspect,
  };
}

/**
 * Strongest quotes, alternating sides in proportion to how the reviews lean, so a mostly happy
 * product still shows its main complaint and a poor one still shows what works.
 */
export function pickQuotes(agg: ProductAggregate, max: number): ReviewQuote[] {
  const { positive, negative } = agg.quotes;
  const out: QuoteCandidate[] = [];
  let p = 0;
  let n = 0;
  const lean = agg.polarity.positive >= agg.polarity.negative ? 'positive' : 'negative';
  while (out.length < max && (p < positive.length || n < negative.length)) {
    const wantPositive = lean === 'positive' ? out.length % 2 === 0 : out.length % 2 === 1;
    if ((wantPositive && p < positive.length) || n >= negative.length) out.push(positive[p++]!);
    else out.push(negative[n++]!);
  }
  return out.map(quoteOf);
}

/**
 * How customers feel, read from the star ratings the summary states next to them, so the two never
 * disagree: a side is named only when most reviews take it (4–5 stars, or 1–2) and the stated
 * average lies on that side, at least half a star from the middle (≥ 3.5 or ≤ 2.5); "very" needs
 * 70 % of the reviews and an average a full star from the middle. Anything else is mixed: a
 * 3.3-star average is never "mostly negative" (issue 13, item 7).
 */
export function moodKeyOf(stars: readonly number[], average: number): Mood {
  const count = stars.reduce((a, b) => a + b, 0);
  if (count === 0) return 'mixed';
  const high = ((stars[3] ?? 0) + (stars[4] ?? 0)) / count;
  const low = ((stars[0] ?? 0) + (stars[1] ?? 0)) / count;
  if (high >= 0.7 && average >= 4) return 'very_positive';
  if (high > 0.5 && average >= 3.5) return 'mostly_positive';
  if (low >= 0.7 && average <= 2) return 'very_negative';
  if (low > 0.5 && average <= 2.5) return 'mostly_negative';
  return 'mixed';
}

/** The mood in English words ("customers are very positive", "opinions are mixed"). */
export const moodOf = (stars: readonly number[], average: number): string =>
  SUMMARY_WORDING.en.moods[moodKeyOf(stars, average)];

/**
 * "What customers say" in `language`, from the summary's own figures (count, stars, pros, cons), so
 * every language states the same facts: the count and average, the mood, up to three praised and
 * three criticised aspects. Empty below MIN_REVIEWS_FOR_TEXT reviews.
 */
export function summaryTextOf(summary: ReviewSummaryReply, language: LocalLanguage): string {
  const count = summary.reviewCount;
  if (count < MIN_REVIEWS_FOR_TEXT) return '';
  const d = summary.ratingDistribution;
  const stars = [d?.one ?? 0, d?.two ?? 0, d?.three ?? 0, d?.four ?? 0, d?.five ?? 0];
  const average = summary.averageRating.toFixed(1);
  const w = SUMMARY_WORDING[language];
  const names = (points: readonly { aspect: string }[]) =>
    w.list(points.slice(0, 3).map((p) => w.aspect(p.aspect)));
  const parts = [w.opening(count, average, w.moods[moodKeyOf(stars, Number(average))])];
  if (summary.pros.length) parts.push(w.praise(names(summary.pros)));
  if (summary.cons.length) parts.push(w.complaint(names(summary.cons), summary.pros.length > 0));
  return parts.join(w.sentenceGap);
}

/**
 * The cached (English) summary as a reader of `language` gets it: the summary text and the pros and
 * cons that had no evidence phrase written in that language; evidence and quotes stay in the words
 * the reviewers wrote. English returns the summary itself.
 */
export function summaryIn(summary: ReviewSummaryReply, language: LocalLanguage): ReviewSummaryReply {
  if (language === 'en') return summary;
  const en = SUMMARY_WORDING.en;
  const w = SUMMARY_WORDING[language];
  const reworded = (points: ReviewSummaryReply['pros'], standIn: 'praised' | 'criticised') =>
    points.map((p) => (p.text === en[standIn](p.aspect) ? { ...p, text: w[standIn](p.aspect) } : p));
  return create(ReviewSummaryReplySchema, {
    ...summary,
    pros: reworded(summary.pros, 'praised'),
    cons: reworded(summary.cons, 'criticised'),
    summaryText: summaryTextOf(summary, language),
  });
}

/**
 * The summary as cached: every kept quote (the query trims to what was asked for), the text in
 * English (`summaryIn` words it for other readers) and no reply metadata (the query adds its own).
 */
export function buildReviewSummary(agg: ProductAggregate, maxQuotes: number): ReviewSummaryReply {
  const aspects = [...agg.aspects.entries()].filter(([, t]) => t.mentions > 0);
  const pros = prosOf(aspects);
  const cons = consOf(aspects);
  const count = agg.count;
  const overallScore = count ? round(clamp(agg.scoreSum / count, -1, 1)) : 0;
  const summary = create(ReviewSummaryReplySchema, {
    productId: agg.productId,
    reviewCount: count,
    averageRating: count ? round(clamp(agg.ratingSum / count, 0, 5), 3) : 0,
    ratingDistribution: {
      one: agg.stars[0],
      two: agg.stars[1],
      three: agg.stars[2],
      four: agg.stars[3],
      five: agg.stars[4],
    },
    overallPolarity: count ? polarityOf(overallScore) : Polarity.UNSPECIFIED,
    overallScore,
    pros,
    cons,
    aspects: aspects
      .sort(([a, x], [b, y]) => y.mentions - x.mentions || a.localeCompare(b))
      .map(([aspect, t]) => {
        const score = round(clamp(t.scoreSum / t.mentions, -1, 1));
        return {
          aspect,
          mentions: t.mentions,
          positive: t.positive,
          negative: t.negative,
          neutral: t.neutral,
          score,
          polarity: polarityOf(score),
        };
      }),
    quotes: pickQuotes(agg, maxQuotes),
    ...(agg.updatedAt ? { updatedAt: timestampFromMs(agg.updatedAt) } : {}),
  });
  summary.summaryText = summaryTextOf(summary, 'en');
  return summary;
}
