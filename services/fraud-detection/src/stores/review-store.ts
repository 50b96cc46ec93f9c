// Redis state for fake-review detection: per-product review timelines (all / from new accounts),
// reviewer velocity, MinHash signatures and tenant-wide LSH buckets for near-duplicate text.
// Every command is idempotent per review id, so a redelivered review never counts twice.
import type { RedisConnection } from '@shopmind/redis';
import { HOUR } from '../domain/order-facts.js';
import {
  decodeSignature,
  encodeSignature,
  lshBands,
  minhashSignature,
  signatureSimilarity,
} from '../domain/minhash.js';
import type { ReviewContext, ReviewFacts } from '../domain/review-signals.js';
import type { IdentifierHasher } from './identifier-hasher.js';

export interface ReviewStoreOptions {
  ttlMs: number;
  /** Read per review, so a rule-file reload applies at once. */
  burstWindowMs: () => number;
  /** Reviews remembered per LSH bucket. */
  bucketSize: number;
}

export interface StoredReview {
  productId: string;
  rating: number;
  verifiedPurchase: boolean;
  newAccount: boolean;
  context: ReviewContext;
}

const reviewKey = (tenant: string, reviewId: string): string => `fd:{${tenant}:rv:${reviewId}}`;
const productKey = (tenant: string, productId: string, part: string): string =>
  `fd:{${tenant}:rvp:${productId}}:${part}`;
const reviewerKey = (tenant: string, userHash: string): string => `fd:{${tenant}:rvu:${userHash}}`;
const bandKey = (tenant: string, band: string): string => `fd:{${tenant}:lsh:${band}}`;

export class ReviewStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly hasher: IdentifierHasher,
    private readonly opts: ReviewStoreOptions,
  ) {}

  /** Records the review and returns what is known around it (polarity if analysed already). */
  async observe(r: ReviewFacts, newAccount: boolean): Promise<ReviewContext> {
    const user = this.hasher.hash('user', r.userId);
    const sig = minhashSignature(r.text);
    const bands = lshBands(sig);
    const t = r.occurredAt;
    const entry = `${r.reviewId}|${user}`;
    const all = productKey(r.tenant, r.productId, 'all');
    const fresh = productKey(r.tenant, r.productId, 'new');
    const reviewer = reviewerKey(r.tenant, user);
    const rec = reviewKey(r.tenant, r.reviewId);
    const { ttlMs } = this.opts;

    const p = this.redis.pipeline();
    p.hset(rec, {
      product: r.productId,
      user,
      rating: r.rating,
      verified: r.verifiedPurchase ? 1 : 0,
      new: newAccount ? 1 : 0,
      sig: encodeSignature(sig),
      at: t,
    }).pexpire(rec, ttlMs);
    p.hget(rec, 'polarity');
    p.zadd(all, 'NX', t, r.reviewId).pexpire(all, ttlMs);
    if (newAccount) p.zadd(fresh, 'NX', t, r.reviewId);
    p.zcount(fresh, t - this.opts.burstWindowMs(), t);
    p.pexpire(fresh, ttlMs);
    p.zadd(reviewer, 'NX', t, r.reviewId).pexpire(reviewer, ttlMs);
    p.zcount(reviewer, t - 24 * HOUR, t);
    for (const b of bands) p.lrange(bandKey(r.tenant, b), 0, -1);
    for (const b of bands) {
      const k = bandKey(r.tenant, b);
      p.lrem(k, 0, entry)
        .lpush(k, entry)
        .ltrim(k, 0, this.opts.bucketSize - 1)
        .pexpire(k, ttlMs);
    }
    const res = await p.exec();
    if (!res) throw new Error('review store pipeline was discarded');
    for (const [err] of res) if (err) throw err;
    const values = res.map(([, v]) => v);
    let i = 2;
    const polarityRaw = values[i] as string | null;
    i += 3; // hget, zadd, pexpire
    if (newAccount) i++;
    const newInWindow = Number(values[i]);
    i += 4; // zcount, pexpire, zadd, pexpire
    const reviewer24h = Number(values[i]);
    i++;
    const candidates = new Map<string, string>();
    for (let b = 0; b < bands.length; b++, i++) {
      for (const e of values[i] as string[]) {
        const [id, by] = e.split('|');
        if (by !== user && id !== r.reviewId) candidates.set(id, by);
      }
    }

    let best = 0;
    let bestId = '';
    if (candidates.size > 0) {
      const ids = [...candidates.keys()].slice(0, 50);
      const q = this.redis.pipeline();
      for (const id of ids) q.hget(reviewKey(r.tenant, id), 'sig');
      const sigs = (await q.exec()) ?? [];
      sigs.forEach(([err, s], j) => {
        if (err || typeof s !== 'string') return;
        const sim = signatureSimilarity(sig, decodeSignature(s));
        if (sim > best) {
          best = sim;
          bestId = ids[j];
        }
      });
    }
    const context: ReviewContext = {
      newAccountReviewsInWindow: newInWindow,
      reviewerReviews24h: reviewer24h,
      duplicateSimilarity: best,
      duplicateOfReviewId: bestId,
      ...(polarityRaw !== null ? { polarity: Number(polarityRaw) } : {}),
    };
    await this.redis.hset(rec, 'ctx', JSON.stringify(context));
    return context;
  }

  /** Stores the analysed polarity; returns the review as observed at submission, if it was. */
  async recordPolarity(
    tenant: string,
    reviewId: string,
    polarity: number,
  ): Promise<StoredReview | undefined> {
    const rec = reviewKey(tenant, reviewId);
    const [[e1], [e2, got]] = (await this.redis
      .multi()
      .hset(rec, 'polarity', polarity)
      .hgetall(rec)
      .exec()) ?? [[null], [null, {}]];
    if (e1 || e2) throw e1 ?? e2;
    const h = got as Record<string, string>;
    if (!h.ctx) {
      await this.redis.pexpire(rec, this.opts.ttlMs);
      return undefined;
    }
    const context = JSON.parse(h.ctx) as ReviewContext;
    return {
      productId: h.product,
      rating: Number(h.rating),
      verifiedPurchase: h.verified === '1',
      newAccount: h.new === '1',
      context: { ...context, polarity },
    };
  }

  /**
   * Erasure: removes every review this account wrote from the product timelines and LSH buckets,
   * then deletes the review records and the account's reviewer timeline.
   */
  async eraseUser(tenant: string, userId: string): Promise<number> {
    const user = this.hasher.hash('user', userId);
    const reviewer = reviewerKey(tenant, user);
    const ids = await this.redis.zrange(reviewer, 0, -1);
    const read = this.redis.pipeline();
    for (const id of ids) read.hmget(reviewKey(tenant, id), 'product', 'sig');
    const records = (await read.exec()) ?? [];
    const del = this.redis.pipeline();
    ids.forEach((id, i) => {
      const [err, v] = records[i] ?? [null, null];
      if (err) throw err;
      const [product, sig] = (v as (string | null)[] | null) ?? [null, null];
      if (product)
        del.zrem(productKey(tenant, product, 'all'), id).zrem(productKey(tenant, product, 'new'), id);
      if (sig)
        for (const b of lshBands(decodeSignature(sig))) del.lrem(bandKey(tenant, b), 0, `${id}|${user}`);
      del.del(reviewKey(tenant, id));
    });
    del.del(reviewer);
    const results = (await del.exec()) ?? [];
    for (const [err] of results) if (err) throw err;
    return ids.length;
  }
}
