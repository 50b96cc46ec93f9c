// The language a review is judged in: Chinese and English by their local models, any other language
// left unjudged by the local tier and marked degraded with the reason unsupported_language.
import { afterAll, describe, expect, it } from '@jest/globals';
import type { EventContext } from '@shopmind/bus';
import { LlmGateway, loadGatewayConfig } from '@shopmind/llm-gateway';
import { aReviewSubmitted } from '@shopmind/testing';
import { UNSUPPORTED_LANGUAGE } from '@shopmind/vocabulary';
import { SentimentAnalysis } from '../application/sentiment-analysis.js';
import { withLanguageReason } from './review-sentiment-task.js';

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

describe('review language on the local tier (no provider configured)', () => {
  const gateway = new LlmGateway({ config: loadGatewayConfig({}) });
  const analysis = new SentimentAnalysis(gateway);
  afterAll(() => gateway.close());
  const analyse = async (body: string, language?: string) =>
    withLanguageReason(
      await analysis.analyse(
        aReviewSubmitted({ title: '', body, rating: 3, ...(language ? { language } : {}) }),
        ctx,
      ),
    );

  it('judges a Chinese review with the Chinese model and reports zh, not degraded by language', async () => {
    const result = await analyse('质量太差了，用了两天就坏了，非常失望');
    expect(result.tier).toBe('local');
    expect(result.output.language).toBe('zh');
    expect(result.output.polarity).toBe('negative');
    expect(result.source.degradedReason).not.toContain(UNSUPPORTED_LANGUAGE);
  });

  it('leaves a German review unjudged and says why in the degraded reason', async () => {
    const result = await analyse(
      'Das Produkt ist leider nach zwei Tagen kaputt gegangen, sehr enttäuschend.',
    );
    expect(result.output).toMatchObject({ language: 'de', polarity: 'neutral', lowConfidence: true });
    expect(result.output.aspects).toEqual([]);
    expect(result.source.degradedReason.split('; ')).toContain(UNSUPPORTED_LANGUAGE);
    // The gateway's own reason (no provider) is kept beside it.
    expect(result.source.degradedReason.split('; ').length).toBe(2);
  });

  it('leaves a Japanese review unjudged too, though it is written with Han characters', async () => {
    const result = await analyse('この商品はとても良いです。また買いたいと思います。');
    expect(result.output.language).toBe('ja');
    expect(result.output.polarity).toBe('neutral');
    expect(result.source.degradedReason).toContain(UNSUPPORTED_LANGUAGE);
  });

  it('does not mark an English review', async () => {
    const result = await analyse('Broke after two days, complete waste of money.');
    expect(result.output.language).toBe('en');
    expect(result.source.degradedReason).not.toContain(UNSUPPORTED_LANGUAGE);
  });

  it('adds nothing to a provider answer, whatever its language', () => {
    const provider = {
      output: { language: 'de' },
      tier: 'provider' as const,
      source: { degradedReason: '' },
    };
    expect(withLanguageReason(provider)).toBe(provider);
  });
});
