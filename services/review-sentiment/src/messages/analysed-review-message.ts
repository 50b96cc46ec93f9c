// Builds the ReviewAnalysed result from the submitted review and its analysis.
import { create, type MessageShape } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { createHash } from 'node:crypto';
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

const POLARITY: Record<'positive' | 'negative' | 'neutral', Polarity> = {
  positive: Polarity.POSITIVE,
  negative: Polarity.NEGATIVE,
  neutral: Polarity.NEUTRAL,
};

/**
 * The result's event id is derived from the cause, so a redelivered review yields the very same
 * result id (consumers de-duplicating on event ids see one result). Formatted as a UUID.
 */
export function resultEventId(causeEventId: string, kind = RESULT_KIND): string {
  const h = createHash('sha256').update(`${causeEventId}\u0000${kind}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function analysedReviewOf(
  review: ReviewSubmitted,
  result: SentimentResult,
  ctx: EventContext,
): ReviewAnalysed {
  const o = result.output;
  const language = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(o.language) ? o.language : '';
  return create(ReviewAnalysedSchema, {
    envelope: {
      eventId: resultEventId(ctx.eventId),
      occurredAt: timestampNow(),
      producer: PRODUCER,
      tenantId: ctx.tenant,
      schemaVersion: 1,
      // Inbound events may leave the correlation id empty: their own id then starts the chain.
      correlationId: ctx.correlationId || ctx.eventId,
      causationId: ctx.eventId,
    },
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
