// The aggregate check on a real Redis, with the real store writing the aggregates: consistent after
// reviews and an erasure; a review applied twice (its done mark lost, its effects kept) and a damaged
// record are reported field by field; nothing is changed by the check. With
// SHOPMIND_TEST_REDIS=cluster the same spec runs on a Redis Cluster (every master scanned, each
// product read on the node that owns its slot).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EffectsLedger } from '@shopmind/bus';
import { isRedisCluster, type RedisConnection } from '@shopmind/redis';
import { connectTestRedis, startInfra, uniqueName, uniqueTenant, type Infra } from '@shopmind/testing';
import type { ReviewContribution } from '../domain/review-contribution.js';
import { ReviewAggregateStore } from '../stores/review-aggregate-store.js';
import { checkReviewAggregates } from './aggregate-check.js';

let infra: Infra;
let redis: RedisConnection;
let ledger: EffectsLedger;
let store: ReviewAggregateStore;

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
  ledger = new EffectsLedger(redis, { service: 'review-sentiment' });
  store = new ReviewAggregateStore(redis, ledger, 10);
});

afterAll(async () => {
  redis.disconnect();
  await infra.stop();
});

function contribution(rating: number, positive: boolean, lowConfidence = false): ReviewContribution {
  const polarity = positive ? 'positive' : 'negative';
  const score = positive ? 0.7 : -0.55;
  const reviewId = uniqueName('r');
  return {
    reviewId,
    rating,
    polarity,
    score,
    lowConfidence,
    tier: positive ? 'provider' : 'local',
    at: Date.now(),
    aspects: [
      { name: 'quality', polarity, score, evidence: 'solid build' },
      { name: 'battery', polarity, score: score / 3, evidence: 'lasts a day' },
    ],
    quote: { reviewId, text: 'solid build', rating, polarity, aspect: 'quality', weight: Math.abs(score) },
  };
}

/** Three reviews on p-1 (one by `alice`), one on p:2 (a product id with a colon). */
async function shop(): Promise<{ tenant: string; twice: { eventId: string; c: ReviewContribution } }> {
  const tenant = uniqueTenant('agg');
  const twice = { eventId: uniqueName('e'), c: contribution(5, true) };
  await store.record(tenant, 'p-1', twice.eventId, 'bob', twice.c);
  await store.record(tenant, 'p-1', uniqueName('e'), 'alice', contribution(2, false, true));
  await store.record(tenant, 'p-1', uniqueName('e'), 'carol', contribution(4, true));
  await store.record(tenant, 'p:2', uniqueName('e'), 'alice', contribution(3, false));
  return { tenant, twice };
}

describe('checkReviewAggregates (real Redis, the real store)', () => {
  it('finds every product of a shop consistent, also after a customer is erased', async () => {
    const { tenant } = await shop();
    expect(await checkReviewAggregates(redis, { tenant })).toEqual({ products: 2, differences: [] });
    await store.eraseReviewer(tenant, uniqueName('erasure'), 'alice');
    expect(await checkReviewAggregates(redis, { tenant })).toEqual({ products: 2, differences: [] });
  });

  it('reports a review applied twice, field by field, and changes nothing', async () => {
    const { tenant, twice } = await shop();
    // The done mark is lost while the effects stay (what a failover cannot do, a replay past the
    // mark's TTL can): the same event is applied again.
    await redis.del(ledger.doneKey({ tenant, entity: 'p-1' }, twice.eventId));
    await store.record(tenant, 'p-1', twice.eventId, 'bob', twice.c);
    const before = await redis.hgetall(`{review-sentiment:${tenant}:p-1}:stats`);

    const report = await checkReviewAggregates(redis, { tenant });
    expect(report.products).toBe(2);
    const byField = Object.fromEntries(report.differences.map((d) => [d.field, [d.counter, d.recount]]));
    expect(byField['stats.count']).toEqual([4, 3]);
    expect(byField['stats.rating_sum']).toEqual([16, 11]);
    expect(byField['stats.star:5']).toEqual([2, 1]);
    expect(byField['stats.polarity:positive']).toEqual([3, 2]);
    expect(byField['stats.tier:provider']).toEqual([3, 2]);
    expect(byField['aspects.quality:mentions']).toEqual([4, 3]);
    expect(byField['aspects.battery:positive']).toEqual([3, 2]);
    expect(byField['stats.score_sum']![0]).toBeCloseTo(0.7 * 3 - 0.55, 6);
    expect(byField['stats.score_sum']![1]).toBeCloseTo(0.7 * 2 - 0.55, 6);
    // Only p-1, only what the second application added.
    expect(new Set(report.differences.map((d) => `${d.tenant}/${d.product}`))).toEqual(
      new Set([`${tenant}/p-1`]),
    );
    expect(report.differences.map((d) => d.field)).not.toContain('stats.low_confidence');
    expect(await redis.hgetall(`{review-sentiment:${tenant}:p-1}:stats`)).toEqual(before);
  });

  it('reports a damaged record (a counted review missing from it) as counters above their recount', async () => {
    const { tenant } = await shop();
    const counted = `{review-sentiment:${tenant}:p:2}:counted`;
    const [id] = await redis.hkeys(counted);
    await redis.hdel(counted, id!);
    const report = await checkReviewAggregates(redis, { tenant, product: 'p:2' });
    expect(report.products).toBe(1);
    expect(report.differences).toEqual(
      expect.arrayContaining([
        { tenant, product: 'p:2', field: 'stats.count', counter: 1, recount: 0 },
        { tenant, product: 'p:2', field: 'stats.rating_sum', counter: 3, recount: 0 },
        { tenant, product: 'p:2', field: 'aspects.quality:mentions', counter: 1, recount: 0 },
      ]),
    );
  });

  it('checks one shop without reading another', async () => {
    const a = await shop();
    const b = await shop();
    await redis.hincrby(`{review-sentiment:${b.tenant}:p-1}:stats`, 'count', 1);
    expect((await checkReviewAggregates(redis, { tenant: a.tenant })).differences).toEqual([]);
    expect((await checkReviewAggregates(redis, { tenant: b.tenant })).differences).toEqual([
      { tenant: b.tenant, product: 'p-1', field: 'stats.count', counter: 4, recount: 3 },
    ]);
  });

  it('finds products whose slots are spread over the masters, and reads each where its slot lives', async () => {
    const tenant = uniqueTenant('aggc');
    const products = Array.from({ length: 12 }, (_, i) => `p-${i}`);
    for (const p of products) await store.record(tenant, p, uniqueName('e'), 'dana', contribution(4, true));
    const cluster = redis;
    if (isRedisCluster(cluster)) {
      // The products' keys really are on more than one master.
      const slots = await Promise.all(
        products.map((p) => cluster.cluster('KEYSLOT', `{review-sentiment:${tenant}:${p}}:stats`)),
      );
      const owners = new Set((slots as number[]).map((slot) => cluster.slots[slot]![0]));
      expect(owners.size).toBeGreaterThan(1);
    }
    expect(await checkReviewAggregates(redis, { tenant })).toEqual({ products: 12, differences: [] });
    await redis.hincrby(`{review-sentiment:${tenant}:p-7}:stats`, 'count', 1);
    expect((await checkReviewAggregates(redis, { tenant })).differences).toEqual([
      { tenant, product: 'p-7', field: 'stats.count', counter: 2, recount: 1 },
    ]);
  });
});
