import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectTestRedis, startInfra, uniqueName, type Infra } from '@shopmind/testing';
import { scanKeys, type RedisConnection } from '@shopmind/redis';
import { T0 } from '../fixtures/orders.js';
import type { ReviewFacts } from '../domain/review-signals.js';
import { IdentifierHasher } from './identifier-hasher.js';
import { ReviewStore } from './review-store.js';

let infra: Infra;
let redis: RedisConnection;
let store: ReviewStore;
const hasher = new IdentifierHasher('review-store-secret-12345');

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
  store = new ReviewStore(redis, hasher, {
    ttlMs: 86_400_000,
    burstWindowMs: () => 86_400_000,
    bucketSize: 8,
  });
});
afterAll(async () => {
  await redis.quit();
  await infra.stop();
});

const text = 'Fantastic blender, crushes ice in seconds and is easy to clean. Would buy again for sure!';
const review = (tenant: string, i: number, o: Partial<ReviewFacts> = {}): ReviewFacts => ({
  tenant,
  reviewId: `r${i}`,
  productId: 'p1',
  userId: `u${i}`,
  rating: 5,
  text,
  verifiedPurchase: false,
  accountCreatedAt: T0,
  occurredAt: T0 + i * 1000,
  ...o,
});

describe('ReviewStore on Redis', () => {
  it('finds a near-duplicate by another account and counts a redelivered review once', async () => {
    const tenant = uniqueName('rv')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    await store.observe(review(tenant, 1), true);
    const second = review(tenant, 2, { text: text.replace('Fantastic', 'Fantastic!!') });
    const ctx = await store.observe(second, true);
    expect(ctx.duplicateOfReviewId).toBe('r1');
    expect(ctx.duplicateSimilarity).toBeGreaterThan(0.6);
    expect(ctx.newAccountReviewsInWindow).toBe(2);
    expect((await store.observe(second, true)).newAccountReviewsInWindow).toBe(2);
  });

  it('does not call an account’s own repeated text a duplicate across accounts', async () => {
    const tenant = uniqueName('rvself')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    await store.observe(review(tenant, 1, { userId: 'same' }), false);
    const ctx = await store.observe(review(tenant, 2, { userId: 'same', productId: 'p2' }), false);
    expect(ctx.duplicateSimilarity).toBe(0);
    expect(ctx.reviewerReviews24h).toBe(2);
  });

  it('erases an account’s reviews from timelines, buckets and records', async () => {
    const tenant = uniqueName('rverase')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    await store.observe(review(tenant, 1, { userId: 'leaving' }), true);
    expect(await store.eraseUser(tenant, 'leaving')).toBe(1);
    const keys = await scanKeys(redis, `fd:{${tenant}:*`);
    for (const k of keys) {
      const type = await redis.type(k);
      const content =
        type === 'list' ? await redis.lrange(k, 0, -1) : type === 'zset' ? await redis.zrange(k, 0, -1) : [];
      expect(content.join(',')).not.toContain(hasher.hash('user', 'leaving'));
      expect(content).not.toContain('r1');
    }
    const ctx = await store.observe(review(tenant, 2), true);
    expect(ctx.duplicateSimilarity).toBe(0);
  });
});
