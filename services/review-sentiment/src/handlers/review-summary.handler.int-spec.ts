// The summary query on a real Redis: its encoded replies are reused while the product's cached
// summary stays the same, and the first query after the summary changed (a new review counted
// and the summary refreshed) answers from the new one, never from an older encoding.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create, fromBinary } from '@bufbuild/protobuf';
import { DependencyState, EffectsLedger, type QueryContext } from '@shopmind/bus';
import {
  encodeMessage,
  ReplyMetaSchema,
  ReviewSummaryReplySchema,
  ReviewSummaryRequestSchema,
  SourceTier,
} from '@shopmind/contracts';
import type { RedisConnection } from '@shopmind/redis';
import { connectTestRedis, startInfra, uniqueName, uniqueTenant, type Infra } from '@shopmind/testing';
import { SummaryRefresher } from '../application/summary-refresher.js';
import { loadConfig } from '../config.js';
import type { ReviewContribution } from '../domain/review-contribution.js';
import { ReviewAggregateStore } from '../stores/review-aggregate-store.js';
import { ReviewSummaryHandler } from './review-summary.handler.js';

let infra: Infra;
let redis: RedisConnection;
let store: ReviewAggregateStore;
let refresher: SummaryRefresher;
let handler: ReviewSummaryHandler;

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
  store = new ReviewAggregateStore(redis, new EffectsLedger(redis, { service: 'review-sentiment' }), 10);
  refresher = new SummaryRefresher(store, 60_000, 20);
  const dependencies = new DependencyState();
  dependencies.report('redis', 'up');
  // Debounce 0: no per-replica memo, so every query reads the cached summary from Redis.
  handler = new ReviewSummaryHandler(
    store,
    refresher,
    loadConfig({ REVIEW_SUMMARY_DEBOUNCE_MS: '0' }),
    dependencies,
  );
});

afterAll(async () => {
  redis.disconnect();
  await infra.stop();
});

function contribution(rating: number, words: string): ReviewContribution {
  const reviewId = uniqueName('r');
  return {
    reviewId,
    rating,
    polarity: 'positive',
    score: 0.75,
    lowConfidence: false,
    tier: 'local',
    at: Date.now(),
    aspects: [{ name: 'quality', polarity: 'positive', score: 0.75, evidence: words }],
    quote: { reviewId, text: words, rating, polarity: 'positive', aspect: 'quality', weight: 0.75 },
  };
}

const ctx = (tenant: string, requestId: string): QueryContext => ({
  subject: `q.${tenant}.reviews.summary`,
  tenant,
  requestId,
  correlationId: '',
  deadline: Date.now() + 5000,
  signal: new AbortController().signal,
  headers: {},
});

describe('review summary replies on Redis', () => {
  it('reuses the encoded reply while the summary stays the same, and the next query after a new review answers with it', async () => {
    const tenant = uniqueTenant('encoded');
    const productId = 'p-1';
    const request = create(ReviewSummaryRequestSchema, {
      meta: { requestId: 'x', tenantId: tenant },
      productId,
      maxQuotes: 3,
    });
    const add = async (rating: number, words: string): Promise<void> => {
      await store.record(tenant, productId, uniqueName('e'), 'u-1', contribution(rating, words));
      // What the debounced refresh does after a review is counted.
      await refresher.refresh(tenant, productId);
    };
    await add(5, 'Lovely solid wood');
    await add(4, 'Sturdy and pretty');

    const first = await handler.reviewSummary(request, ctx(tenant, 'q-1'));
    const second = await handler.reviewSummary(request, ctx(tenant, 'q-2'));
    expect(second.body).toBe(first.body);
    expect(fromBinary(ReviewSummaryReplySchema, first.encode('protobuf')).reviewCount).toBe(2);

    await add(1, 'Broke on the second day');
    const after = await handler.reviewSummary(request, ctx(tenant, 'q-3'));
    expect(after.body).not.toBe(first.body);
    const reply = fromBinary(ReviewSummaryReplySchema, after.encode('protobuf'));
    expect(reply.reviewCount).toBe(3);
    expect(reply.ratingDistribution?.one).toBe(1);

    // Byte for byte what encoding the summary now cached in Redis gives.
    const cached = (await store.readSummary(tenant, productId)).summary!;
    const expected = {
      ...cached,
      quotes: cached.quotes.slice(0, 3),
      meta: create(ReplyMetaSchema, {
        requestId: 'q-3',
        correlationId: 'q-3',
        source: { tier: SourceTier.STORE, provider: 'review-sentiment' },
      }),
    };
    for (const format of ['json', 'protobuf'] as const)
      expect(Buffer.from(after.encode(format))).toEqual(
        Buffer.from(encodeMessage(ReviewSummaryReplySchema, expected, format).data),
      );
  });
});
