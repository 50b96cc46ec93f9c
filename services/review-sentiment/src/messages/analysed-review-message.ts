// Builds the ReviewAnalysed result from the submitted review and its analysis.
import { resultEnvelope } from '@shopmind/service-kit';
import { create, type MessageShape } from '@bufbuild/protobuf';
import {
  Polarity,
  ReviewAnalysedSchema,
  type ReviewAnalysed,
  type ReviewSubmitted,
} from '@shopmind/contracts';
import type { EventContext } from '@shopmind/bus';
import type { SentimentResult } from '../application/sentiment-analysis.js';

export const PRODUCER = 'review-sentiment';
export const RESULT_KIND = 'review.analysed';

const POLARITY: Record<'positive' | 'negative' | 'neutral' | 'mixed', Polarity> = {
  positive: Polarity.POSITIVE,
  negative: Polarity.NEGATIVE,
  neutral: Polarity.NEUTRAL,
  mixed: Polarity.MIXED,
};

export function analysedReviewOf(
  review: ReviewSubmitted,
  result: SentimentResult,
  ctx: EventContext,
): ReviewAnalysed {
  const o = result.output;
  const language = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(o.language) ? o.language : '';
  return create(ReviewAnalysedSchema, {
    envelope: resultEnvelope(ctx, { producer: PRODUCER, kind: RESULT_KIND }),
    reviewId: review.reviewId,
    productId: review.productId,
    userId: review.userId,
    rating: review.rating,
    polarity: POLARITY[o.polarity],
    score: o.score,
    aspects: o.aspects.map((a) => ({
      aspect: a.aspect,
      polarity: POLARITY[a.polarity],
      score: a.score,
      evidence: a.evidence.slice(0, 1024),
    })),
    language,
    confidence: o.confidence,
    source: result.source as MessageShape<typeof ReviewAnalysedSchema>['source'],
    verifiedPurchase: review.verifiedPurchase,
  });
}
