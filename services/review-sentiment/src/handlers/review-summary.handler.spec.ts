import { create, fromBinary } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { describe, expect, it } from '@jest/globals';
import { DependencyState, type PreEncodedReply, type QueryContext } from '@shopmind/bus';
import {
  encodeMessage,
  Polarity,
  ReplyMetaSchema,
  ReviewSummaryReplySchema,
  ReviewSummaryRequestSchema,
  SourceTier,
  type ReviewSummaryReply,
} from '@shopmind/contracts';
import { loadConfig } from '../config.js';
import type { CachedSummary, ReviewAggregateStore } from '../stores/review-aggregate-store.js';
import { ReviewSummaryHandler } from './review-summary.handler.js';
import type { SummaryRefresher } from '../application/summary-refresher.js';

/** A store answering from memory and counting reads: the handler's Redis side is proven in e2e. */
function storeWith(summary: ReviewSummaryReply): { store: ReviewAggregateStore; reads(): number } {
  let reads = 0;
  const fake = {
    readSummary: (): Promise<CachedSummary> => {
      reads++;
      return Promise.resolve({ summary, summaryCount: 6, computedAt: Date.now(), count: 6 });
    },
  };
  return { store: fake as unknown as ReviewAggregateStore, reads: () => reads };
}

/** The reply as the caller decodes it. */
function decoded(reply: PreEncodedReply<typeof ReviewSummaryReplySchema>): ReviewSummaryReply {
  return fromBinary(ReviewSummaryReplySchema, reply.encode('protobuf'));
}

function ctx(requestId: string, correlationId = ''): QueryContext {
  return {
    subject: 'q.acme.reviews.summary',
    tenant: 'acme',
    requestId,
    correlationId,
    deadline: Date.now() + 1000,
    signal: new AbortController().signal,
    headers: {},
  };
}

const sixQuotes = (): ReviewSummaryReply =>
  create(ReviewSummaryReplySchema, {
    productId: 'p-1',
    reviewCount: 6,
    quotes: ['a', 'b', 'c', 'd', 'e', 'f'].map((text, i) => ({ reviewId: `r-${i}`, text, rating: 5 })),
  });

const request = (maxQuotes: number, locale = '') =>
  create(ReviewSummaryRequestSchema, {
    meta: { requestId: 'x', tenantId: 'acme' },
    productId: 'p-1',
    maxQuotes,
    locale,
  });

/** Redis as the bus reports it once connected. */
function redisUp(): DependencyState {
  const state = new DependencyState();
  state.report('redis', 'up');
  return state;
}

describe('review summary query', () => {
  it('answers repeated queries for a product from one store read within the memo window, each with its own quote count and request id', async () => {
    const { store, reads } = storeWith(sixQuotes());
    const config = loadConfig({ REVIEW_SUMMARY_DEBOUNCE_MS: '1000', REVIEW_SUMMARY_DEFAULT_QUOTES: '3' });
    const handler = new ReviewSummaryHandler(store, {} as SummaryRefresher, config, redisUp());

    const two = decoded(await handler.reviewSummary(request(2), ctx('r-two')));
    const five = decoded(await handler.reviewSummary(request(5), ctx('r-five')));
    const byDefault = decoded(await handler.reviewSummary(request(0), ctx('r-default')));

    expect(reads()).toBe(1);
    expect(two.quotes.map((q) => q.text)).toEqual(['a', 'b']);
    expect(five.quotes).toHaveLength(5);
    expect(byDefault.quotes).toHaveLength(3);
    expect([two.meta?.requestId, five.meta?.requestId, byDefault.meta?.requestId]).toEqual([
      'r-two',
      'r-five',
      'r-default',
    ]);
  });

  it('reads the store for every query when the debounce is 0', async () => {
    const { store, reads } = storeWith(sixQuotes());
    const handler = new ReviewSummaryHandler(
      store,
      {} as SummaryRefresher,
      loadConfig({ REVIEW_SUMMARY_DEBOUNCE_MS: '0' }),
      redisUp(),
    );
    await handler.reviewSummary(request(1), ctx('r-1'));
    await handler.reviewSummary(request(1), ctx('r-2'));
    expect(reads()).toBe(2);
  });

  it('replies byte for byte as the whole reply encoded per request did, in JSON and protobuf', async () => {
    const summary = create(ReviewSummaryReplySchema, {
      productId: 'p-1',
      reviewCount: 6,
      averageRating: 4.25,
      ratingDistribution: { one: 1, four: 2, five: 3 },
      overallPolarity: Polarity.POSITIVE,
      overallScore: 0.5,
      pros: [{ aspect: 'quality', text: 'Sturdy “solid” wood', mentions: 4 }],
      cons: [{ aspect: 'delivery', text: 'Slow delivery', mentions: 1 }],
      aspects: [{ aspect: 'quality', mentions: 4, positive: 4, score: 0.7, polarity: Polarity.POSITIVE }],
      quotes: sixQuotes().quotes,
      summaryText: 'Based on 6 reviews, customers like it. 🙂',
      updatedAt: timestampFromMs(1_764_000_000_123),
    });
    const { store } = storeWith(summary);
    const config = loadConfig({ REVIEW_SUMMARY_DEBOUNCE_MS: '1000', REVIEW_SUMMARY_DEFAULT_QUOTES: '5' });
    const handler = new ReviewSummaryHandler(store, {} as SummaryRefresher, config, redisUp());
    for (const [maxQuotes, requestId, correlationId] of [
      [0, 'q-0', ''],
      [2, 'q-1', 'corr-1'],
      [6, 'q-2', ''],
      [50, 'q-3', 'corr-3'],
    ] as const) {
      const reply = await handler.reviewSummary(request(maxQuotes), ctx(requestId, correlationId));
      // What the handler returned before replies were pre-encoded, encoded by the responder.
      const before = {
        ...summary,
        quotes: summary.quotes.slice(0, maxQuotes || 5),
        meta: create(ReplyMetaSchema, {
          requestId,
          correlationId: correlationId || requestId,
          source: { tier: SourceTier.STORE, provider: 'review-sentiment' },
        }),
      };
      for (const format of ['json', 'protobuf'] as const)
        expect(Buffer.from(reply.encode(format))).toEqual(
          Buffer.from(encodeMessage(ReviewSummaryReplySchema, before, format).data),
        );
    }
  });

  it('encodes the summary once per quote count while it stays the same, and anew when it changes', async () => {
    let current = sixQuotes();
    const fake = {
      readSummary: (): Promise<CachedSummary> =>
        Promise.resolve({ summary: current, summaryCount: 6, computedAt: Date.now(), count: 6 }),
    } as unknown as ReviewAggregateStore;
    const handler = new ReviewSummaryHandler(
      fake,
      {} as SummaryRefresher,
      loadConfig({ REVIEW_SUMMARY_DEBOUNCE_MS: '0' }),
      redisUp(),
    );
    const first = await handler.reviewSummary(request(2), ctx('r-1'));
    const again = await handler.reviewSummary(request(2), ctx('r-2'));
    const more = await handler.reviewSummary(request(9), ctx('r-3'));
    const allSix = await handler.reviewSummary(request(6), ctx('r-4'));
    expect(again.body).toBe(first.body);
    // Asking for more quotes than there are is the same reply as asking for all of them.
    expect(more.body).toBe(allSix.body);
    expect(more.body).not.toBe(first.body);

    // The store reads a new summary (its cached bytes changed): the next reply is encoded from it.
    current = create(ReviewSummaryReplySchema, { ...sixQuotes(), reviewCount: 7 });
    const changed = await handler.reviewSummary(request(2), ctx('r-5'));
    expect(changed.body).not.toBe(first.body);
    expect(decoded(changed).reviewCount).toBe(7);
  });

  describe('locale', () => {
    const summary = () =>
      create(ReviewSummaryReplySchema, {
        productId: 'p-1',
        reviewCount: 4,
        averageRating: 4.5,
        ratingDistribution: { four: 2, five: 2 },
        pros: [
          { aspect: 'quality', text: '木头很结实', mentions: 3 },
          { aspect: 'fun', text: 'Fun is praised', mentions: 2 },
        ],
        quotes: [{ reviewId: 'r-1', text: '木头很结实', rating: 5, polarity: Polarity.POSITIVE }],
        summaryText:
          'Based on 4 reviews (average 4.5 of 5 stars), customers are very positive. They praise the quality and fun.',
      });
    const handlerWith = (env: Record<string, string> = {}) =>
      new ReviewSummaryHandler(
        storeWith(summary()).store,
        {} as SummaryRefresher,
        loadConfig({ REVIEW_SUMMARY_DEBOUNCE_MS: '1000', ...env }),
        redisUp(),
      );

    it('words the summary in Chinese for a zh request and in English for en, from the same cached summary', async () => {
      const handler = handlerWith();
      const zh = decoded(await handler.reviewSummary(request(1, 'zh-CN'), ctx('r-zh')));
      const en = decoded(await handler.reviewSummary(request(1, 'en'), ctx('r-en')));
      expect(zh.summaryText).toBe(
        '根据4条评价（平均4.5星，满分5星），顾客评价非常正面。顾客称赞质量和趣味性。',
      );
      expect(zh.pros.map((p) => p.text)).toEqual(['木头很结实', '趣味性受到好评']);
      expect(zh.quotes.map((q) => q.text)).toEqual(['木头很结实']);
      expect(en.summaryText).toBe(summary().summaryText);
      expect(en.pros[1]!.text).toBe('Fun is praised');
      for (const reply of [zh, en]) expect(reply.meta?.source?.degradedReason).toBe('');
    });

    it('answers a locale the local tier cannot write in English, marked unsupported_language', async () => {
      const reply = decoded(await handlerWith().reviewSummary(request(1, 'de-DE'), ctx('r-de')));
      expect(reply.summaryText).toBe(summary().summaryText);
      expect(reply.meta?.source).toMatchObject({
        tier: SourceTier.STORE,
        degradedReason: 'unsupported_language',
      });
    });

    it('uses the shop’s default locale when the request names none', async () => {
      const handler = handlerWith({ REVIEW_SUMMARY_LOCALES: 'en,acme=zh' });
      expect(decoded(await handler.reviewSummary(request(1), ctx('r-1'))).summaryText).toMatch(
        /^根据4条评价/,
      );
      expect(decoded(await handler.reviewSummary(request(1, 'en'), ctx('r-2'))).summaryText).toMatch(
        /^Based on 4/,
      );
      const elsewhere = handlerWith({ REVIEW_SUMMARY_LOCALES: 'en,other=zh' });
      expect(decoded(await elsewhere.reviewSummary(request(1), ctx('r-3'))).summaryText).toMatch(
        /^Based on 4/,
      );
    });
  });
});
