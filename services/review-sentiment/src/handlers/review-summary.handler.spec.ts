import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from '@jest/globals';
import { DependencyState, type QueryContext } from '@shopmind/bus';
import {
  ReviewSummaryReplySchema,
  ReviewSummaryRequestSchema,
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

function ctx(requestId: string): QueryContext {
  return {
    subject: 'q.acme.reviews.summary',
    tenant: 'acme',
    requestId,
    correlationId: '',
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

const request = (maxQuotes: number) =>
  create(ReviewSummaryRequestSchema, {
    meta: { requestId: 'x', tenantId: 'acme' },
    productId: 'p-1',
    maxQuotes,
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

    const two = await handler.reviewSummary(request(2), ctx('r-two'));
    const five = await handler.reviewSummary(request(5), ctx('r-five'));
    const byDefault = await handler.reviewSummary(request(0), ctx('r-default'));

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
});
