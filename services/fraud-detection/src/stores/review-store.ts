// Redis state for fake-review detection: per-product review timelines (all / from new accounts),
// reviewer velocity, MinHash signatures and tenant-wide LSH buckets for near-duplicate text.
// Every command is idempotent per review id, so a redelivered review never counts twice; that is
// also why a batch need not be atomic: it goes through `execBySlot`, one pipeline per master on a
// Redis Cluster (the review, the product, the reviewer, each LSH band are in different slots).
import { execBySlot, type RedisConnection, type SlotGroup } from '@shopmind/redis';
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
import { TagGroups } from './tag-groups.js';

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

/** Replies of one LSH band's group: LRANGE (the bucket before this review), LREM, LPUSH, LTRIM, PEXPIRE. */
const BAND_REPLIES = 5;

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

    // Groups in reply order: the record (3 replies), the product's timeline (2), its new-account
    // timeline (2 or 3), the reviewer (3), then BAND_REPLIES per band (its entries first).
    const burstWindowMs = this.opts.burstWindowMs();
    const groups: SlotGroup[] = [
      (p) =>
        p
          .hset(rec, {
            product: r.productId,
            user,
            rating: r.rating,
            verified: r.verifiedPurchase ? 1 : 0,
            new: newAccount ? 1 : 0,
            sig: encodeSignature(sig),
            at: t,
          })
          .pexpire(rec, ttlMs)
          .hget(rec, 'polarity'),
      (p) => p.zadd(all, 'NX', t, r.reviewId).pexpire(all, ttlMs),
      (p) => {
        if (newAccount) p.zadd(fresh, 'NX', t, r.reviewId);
        p.zcount(fresh, t - burstWindowMs, t).pexpire(fresh, ttlMs);
      },
      (p) =>
        p
          .zadd(reviewer, 'NX', t, r.reviewId)
          .pexpire(reviewer, ttlMs)
          .zcount(reviewer, t - 24 * HOUR, t),
      ...bands.map((b): SlotGroup => {
        const k = bandKey(r.tenant, b);
        return (p) =>
          p
            .lrange(k, 0, -1)
            .lrem(k, 0, entry)
            .lpush(k, entry)
            .ltrim(k, 0, this.opts.bucketSize - 1)
            .pexpire(k, ttlMs);
      }),
    ];
    const res = await execBySlot(this.redis, groups);
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
    for (let b = 0; b < bands.length; b++, i += BAND_REPLIES) {
      for (const e of values[i] as string[]) {
        const [id, by] = e.split('|');
        if (by !== user && id !== r.reviewId) candidates.set(id, by);
      }
    }

    let best = 0;
    let bestId = '';
    if (candidates.size > 0) {
      const ids = [...candidates.keys()].slice(0, 50);
      const sigs = await execBySlot(
        this.redis,
        ids.map((id) => (q) => q.hget(reviewKey(r.tenant, id), 'sig')),
      );
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
    const records = await execBySlot(
      this.redis,
      ids.map((id) => (read) => read.hmget(reviewKey(tenant, id), 'product', 'sig')),
    );
    // Idempotent removals: an erasure cut short is completed by running it again.
    const del = new TagGroups();
    ids.forEach((id, i) => {
      const [err, v] = records[i] ?? [null, null];
      if (err) throw err;
      const [product, sig] = (v as (string | null)[] | null) ?? [null, null];
      if (product) {
        const all = productKey(tenant, product, 'all');
        const fresh = productKey(tenant, product, 'new');
        del.add(all, (p) => p.zrem(all, id).zrem(fresh, id));
      }
      if (sig)
        for (const b of lshBands(decodeSignature(sig))) {
          const band = bandKey(tenant, b);
          del.add(band, (p) => p.lrem(band, 0, `${id}|${user}`));
        }
      const rec = reviewKey(tenant, id);
      del.add(rec, (p) => p.del(rec));
    });
    del.add(reviewer, (p) => p.del(reviewer));
    const results = await execBySlot(this.redis, del.groups());
    for (const [err] of results) if (err) throw err;
    return ids.length;
  }
}
