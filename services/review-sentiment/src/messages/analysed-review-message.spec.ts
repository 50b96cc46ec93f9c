import { describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { Polarity, ResultSourceSchema, SourceTier } from '@shopmind/contracts';
import type { EventContext } from '@shopmind/bus';
import { aReviewSubmitted } from '@shopmind/testing';
import { resultEventId } from '@shopmind/service-kit';
import { analysedReviewOf, RESULT_KIND } from './analysed-review-message.js';

const ctx = (overrides: Partial<EventContext> = {}): EventContext => ({
  subject: 'shop.acme.review.submitted',
  tenant: 'acme',
  eventId: 'evt-1',
  correlationId: 'corr-1',
  deliveryCount: 1,
  maxDeliver: 5,
  streamSeq: 1,
  consumer: 'review-sentiment__review_submitted',
  headers: {},
  canDefer: true,
  working: () => undefined,
  ...overrides,
});

const result = {
  tier: 'local' as const,
  source: create(ResultSourceSchema, {
    tier: SourceTier.LOCAL,
    provider: 'local',
    degradedReason: 'not_configured',
  }),
  output: {
    polarity: 'negative' as const,
    score: -0.5,
    confidence: 0.8,
    language: 'en',
    lowConfidence: false,
    aspects: [
      { aspect: 'battery' as const, polarity: 'negative' as const, score: -0.6, evidence: 'battery died' },
    ],
  },
};

describe('analysed review message', () => {
  it('derives the same UUID-shaped result id from the same cause, and different ids from different causes', () => {
    expect(resultEventId('evt-1', RESULT_KIND)).toBe(resultEventId('evt-1', RESULT_KIND));
    expect(resultEventId('evt-1', RESULT_KIND)).not.toBe(resultEventId('evt-2', RESULT_KIND));
    expect(resultEventId('evt-1', RESULT_KIND)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('names its cause, carries the correlation id and repeats the stars and the answering tier', () => {
    const review = aReviewSubmitted({ rating: 5 });
    const analysed = analysedReviewOf(review, result, ctx());
    expect(analysed.envelope).toMatchObject({
      causationId: 'evt-1',
      correlationId: 'corr-1',
      producer: 'review-sentiment',
      tenantId: 'acme',
    });
    expect(analysed).toMatchObject({
      reviewId: review.reviewId,
      productId: review.productId,
      rating: 5,
      polarity: Polarity.NEGATIVE,
      score: -0.5,
    });
    expect(analysed.aspects[0]).toMatchObject({
      aspect: 'battery',
      polarity: Polarity.NEGATIVE,
      evidence: 'battery died',
    });
    expect(analysed.source).toMatchObject({ tier: SourceTier.LOCAL, degradedReason: 'not_configured' });
  });

  it('publishes a mixed review as POLARITY_MIXED with its score, its aspects keeping their own sides', () => {
    const mixed = {
      ...result,
      output: {
        ...result.output,
        polarity: 'mixed' as const,
        score: 0.05,
        aspects: [
          {
            aspect: 'quality' as const,
            polarity: 'positive' as const,
            score: 0.9,
            evidence: 'Lovely quality',
          },
          {
            aspect: 'size_fit' as const,
            polarity: 'negative' as const,
            score: -0.9,
            evidence: 'smaller than I expected',
          },
        ],
      },
    };
    const analysed = analysedReviewOf(aReviewSubmitted({ rating: 4 }), mixed, ctx());
    expect(analysed).toMatchObject({ polarity: Polarity.MIXED, score: 0.05, rating: 4 });
    expect(analysed.aspects.map((a) => a.polarity)).toEqual([Polarity.POSITIVE, Polarity.NEGATIVE]);
  });

  it('starts the correlation chain with the event id when the shop sent none', () => {
    expect(
      analysedReviewOf(aReviewSubmitted(), result, ctx({ correlationId: '' })).envelope?.correlationId,
    ).toBe('evt-1');
  });
});
