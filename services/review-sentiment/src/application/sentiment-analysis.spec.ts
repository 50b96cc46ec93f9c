import { afterAll, describe, expect, it } from '@jest/globals';
import type { EventContext } from '@shopmind/bus';
import { LlmGateway, loadGatewayConfig } from '@shopmind/llm-gateway';
import { aReviewSubmitted } from '@shopmind/testing';
import { SentimentAnalysis } from './sentiment-analysis.js';

const ctx: EventContext = {
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
};

describe('sentiment analysis (local tier, no provider configured)', () => {
  const gateway = new LlmGateway({ config: loadGatewayConfig({}) });
  const analysis = new SentimentAnalysis(gateway);
  afterAll(() => gateway.close());

  it('reads the issue’s 4★ review as mixed with a score leaning to its stars, not negative (issue 13, item 7)', async () => {
    const body = 'Lovely quality, but smaller than I expected from the photos.';
    const four = await analysis.analyse(aReviewSubmitted({ title: '', body, rating: 4 }), ctx);
    expect(four.tier).toBe('local');
    expect(four.output.polarity).toBe('mixed');
    expect(four.output.score).toBeGreaterThan(0);
    // The same words with one star lean the other way: the stars weigh in per review, after the text.
    const one = await analysis.analyse(aReviewSubmitted({ title: '', body, rating: 1 }), ctx);
    expect(one.output.polarity).toBe('mixed');
    expect(one.output.score).toBeLessThan(0);
    expect(one.output.aspects).toEqual(four.output.aspects);
  });

  it('leaves a one-sided review’s score to its words, whatever the stars', async () => {
    const body = 'Broke after two days, complete waste of money.';
    const five = await analysis.analyse(aReviewSubmitted({ title: '', body, rating: 5 }), ctx);
    const one = await analysis.analyse(aReviewSubmitted({ title: '', body, rating: 1 }), ctx);
    expect(five.output.polarity).toBe('negative');
    expect(five.output.score).toBe(one.output.score);
  });
});
