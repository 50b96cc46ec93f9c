// The aggregate store on a real Redis: a customer's erasure takes their reviews out of every product
// exactly (as if never counted), leaves none of their words, and keeps everyone else's.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EffectsLedger } from '@shopmind/bus';
import { connectTestRedis, startInfra, uniqueName, uniqueTenant, type Infra } from '@shopmind/testing';
import { scanKeys, type RedisConnection } from '@shopmind/redis';
import type { ProductAggregate } from '../domain/product-aggregate.js';
import type { ReviewContribution } from '../domain/review-contribution.js';
import { buildReviewSummary } from '../domain/review-summary-builder.js';
import { ReviewAggregateStore } from './review-aggregate-store.js';

let infra: Infra;
let redis: RedisConnection;
let store: ReviewAggregateStore;

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
  store = new ReviewAggregateStore(redis, new EffectsLedger(redis, { service: 'review-sentiment' }), 10);
});

afterAll(async () => {
  redis.disconnect();
  await infra.stop();
});

interface Review {
  user: string;
  product: string;
  eventId: string;
  contribution: ReviewContribution;
}

function review(user: string, product: string, rating: number, words: string, positive: boolean): Review {
  const polarity = positive ? 'positive' : 'negative';
  const score = positive ? 0.75 : -0.6;
  const reviewId = uniqueName('r');
  return {
    user,
    product,
    eventId: uniqueName('e'),
    contribution: {
      reviewId,
      rating,
      polarity,
      score,
      lowConfidence: false,
      tier: 'provider',
      at: Date.now(),
      aspects: [
        { name: 'quality', polarity, score, evidence: words },
        { name: positive ? 'design' : 'battery', polarity, score: score / 2, evidence: `${words}, again` },
      ],
      quote: { reviewId, text: words, rating, polarity, aspect: 'quality', weight: Math.abs(score) },
    },
  };
}

async function recordAll(tenant: string, reviews: Review[]): Promise<void> {
  for (const r of reviews) await store.record(tenant, r.product, r.eventId, r.user, r.contribution);
}

/** The counters only: what the summary's numbers come from. */
function counters(a: ProductAggregate) {
  return {
    count: a.count,
    ratingSum: a.ratingSum,
    scoreSum: Math.round(a.scoreSum * 1e9) / 1e9,
    stars: a.stars,
    polarity: a.polarity,
    lowConfidence: a.lowConfidence,
    aspects: [...a.aspects.entries()]
      .map(([name, t]) => [name, t.mentions, t.positive, t.negative, t.neutral, Math.round(t.scoreSum * 1e9)])
      .sort(),
  };
}

/** Every value and field stored under the product's hash tag, as text. */
async function productText(tenant: string, product: string): Promise<string> {
  const keys = await scanKeys(redis, `{review-sentiment:${tenant}:${product}}:*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
    if (type === 'zset') parts.push(...(await redis.zrange(key, 0, -1)));
  }
  return parts.join('\n');
}

describe('ReviewAggregateStore erasure', () => {
  it('takes the customer out of every product as if never counted, with none of their words left, and keeps the others', async () => {
    const tenant = uniqueTenant('erase');
    const onlyOthers = uniqueTenant('erase-ref');
    const erin = [
      review('u-erin', 'p-1', 1, 'the lid cracked on day one', false),
      review('u-erin', 'p-2', 5, 'gorgeous grain and finish', true),
      review('u-erin', 'p-1', 2, 'still squeaks after the fix', false),
    ];
    const others = [
      review('u-olaf', 'p-1', 4, 'sturdy and fun', true),
      review('u-ida', 'p-1', 2, 'battery drains fast', false),
      review('u-ida', 'p-2', 3, 'nice enough colour', true),
    ];
    await recordAll(tenant, [erin[0]!, others[0]!, erin[1]!, others[1]!, erin[2]!, others[2]!]);
    await recordAll(onlyOthers, others);
    for (const p of ['p-1', 'p-2'])
      await store.writeSummary(tenant, p, buildReviewSummary(await store.read(tenant, p), 20), 1, {
        erasures: 0,
      });
    expect(await productText(tenant, 'p-1')).toContain('the lid cracked on day one');

    expect((await store.eraseReviewer(tenant, 'erasure-1', 'u-erin')).sort()).toEqual(['p-1', 'p-2']);

    for (const p of ['p-1', 'p-2']) {
      const after = await store.read(tenant, p);
      expect(counters(after)).toEqual(counters(await store.read(onlyOthers, p)));
      expect(after.erasures).toBe(1);
      const text = await productText(tenant, p);
      for (const r of erin) {
        expect(text).not.toContain(r.contribution.quote!.text);
        expect(text).not.toContain(r.contribution.reviewId);
      }
      for (const r of others.filter((o) => o.product === p))
        expect(text).toContain(r.contribution.quote!.text);
      // The cached summary quoted her: gone, recomputed on the next query or refresh.
      expect(await redis.exists(`{review-sentiment:${tenant}:${p}}:summary`)).toBe(0);
    }
    expect(await redis.exists(`{review-sentiment:${tenant}:user:u-erin}:reviews`)).toBe(0);
    expect(await redis.exists(`{review-sentiment:${tenant}:user:u-olaf}:reviews`)).toBe(1);
  });

  it('changes nothing when the same erasure comes again, nor a later one with nothing left to erase', async () => {
    const tenant = uniqueTenant('erase-again');
    await recordAll(tenant, [
      review('u-erin', 'p-1', 1, 'the lid cracked', false),
      review('u-olaf', 'p-1', 5, 'sturdy and fun', true),
    ]);
    await store.eraseReviewer(tenant, 'erasure-1', 'u-erin');
    const once = counters(await store.read(tenant, 'p-1'));
    expect(once.count).toBe(1);
    expect(await store.eraseReviewer(tenant, 'erasure-1', 'u-erin')).toEqual([]);
    expect(await store.eraseReviewer(tenant, 'erasure-2', 'u-erin')).toEqual([]);
    expect(counters(await store.read(tenant, 'p-1'))).toEqual(once);
  });

  it('does not cache a summary computed from an aggregate read before an erasure', async () => {
    const tenant = uniqueTenant('erase-race');
    await recordAll(tenant, [review('u-erin', 'p-1', 1, 'the lid cracked', false)]);
    const before = await store.read(tenant, 'p-1');
    await store.eraseReviewer(tenant, 'erasure-1', 'u-erin');
    expect(await store.writeSummary(tenant, 'p-1', buildReviewSummary(before, 20), 1, before)).toBe(false);
    expect(await redis.exists(`{review-sentiment:${tenant}:p-1}:summary`)).toBe(0);
    const now = await store.read(tenant, 'p-1');
    expect(await store.writeSummary(tenant, 'p-1', buildReviewSummary(now, 20), 2, now)).toBe(true);
  });
});
