// Redis store of per-product review aggregates and their cached summary. Every key of one product
// shares the hash tag `{review-sentiment:<tenant>:<product>}`, so the once-only script (effects
// plus done mark) and the summary read work on Redis Cluster too. Each counted review's share of
// the counters is kept with them, and each reviewer's reviews are listed under their own tag, so
// that erasing a customer takes exactly their reviews out (a script per product, under its tag).
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { EffectsLedger } from '@shopmind/bus';
import { RedisScript } from '@shopmind/redis';
import { ReviewSummaryReplySchema, type ReviewSummaryReply } from '@shopmind/contracts';
import type { RedisConnection } from '@shopmind/redis';
import {
  emptyAggregate,
  type AspectEvidence,
  type AspectTally,
  type ProductAggregate,
} from '../domain/product-aggregate.js';
import { countedOf, type QuoteCandidate, type ReviewContribution } from '../domain/review-contribution.js';

const KEY = {
  stats: 'stats',
  aspects: 'aspects',
  positiveQuotes: 'quotes:positive',
  negativeQuotes: 'quotes:negative',
  summary: 'summary',
  /** Hash: review event id → what it added to the counters (CountedReview JSON). */
  counted: 'counted',
  /** Under the reviewer's tag: set of [product id, review event id] JSON. */
  reviewerIndex: 'reviews',
} as const;

/** The keys of one product the record and erase scripts touch, in this order (K[1]..K[6]). */
const PRODUCT_KEYS = [
  KEY.stats,
  KEY.aspects,
  KEY.positiveQuotes,
  KEY.negativeQuotes,
  KEY.counted,
  KEY.summary,
];

// K = PRODUCT_KEYS; A[1] = contribution JSON, A[2] = quotes kept, A[3] = event id, A[4] = its
// CountedReview JSON. Quotes live in sorted sets by weight, trimmed to the strongest A[2] after each add.
const RECORD_LUA = `
local c = cjson.decode(A[1])
local kept = tonumber(A[2])
redis.call('HSET', K[5], A[3], A[4])
redis.call('HINCRBY', K[1], 'count', 1)
redis.call('HINCRBY', K[1], 'rating_sum', c.rating)
redis.call('HINCRBY', K[1], 'star:' .. c.rating, 1)
redis.call('HINCRBYFLOAT', K[1], 'score_sum', c.score)
redis.call('HINCRBY', K[1], 'polarity:' .. c.polarity, 1)
redis.call('HINCRBY', K[1], 'tier:' .. c.tier, 1)
if c.lowConfidence then redis.call('HINCRBY', K[1], 'low_confidence', 1) end
local last = tonumber(redis.call('HGET', K[1], 'updated_at') or '0')
if c.at > last then redis.call('HSET', K[1], 'updated_at', c.at) end
for _, a in ipairs(c.aspects) do
  redis.call('HINCRBY', K[2], a.name .. ':mentions', 1)
  redis.call('HINCRBY', K[2], a.name .. ':' .. a.polarity, 1)
  redis.call('HINCRBYFLOAT', K[2], a.name .. ':score_sum', a.score)
  if a.polarity ~= 'neutral' and string.len(a.evidence) > 0 then
    local field = 'best:' .. a.name .. ':' .. a.polarity
    local current = redis.call('HGET', K[2], field)
    if not current or math.abs(cjson.decode(current).score) < math.abs(a.score) then
      redis.call('HSET', K[2], field, cjson.encode({ text = a.evidence, score = a.score, reviewId = c.reviewId }))
    end
  end
end
if c.quote then
  local q = c.quote
  local key = K[3]
  if q.polarity == 'negative' then key = K[4] end
  redis.call('ZADD', key, q.weight, cjson.encode({ reviewId = q.reviewId, text = q.text, rating = q.rating, polarity = q.polarity, aspect = q.aspect, weight = q.weight }))
  redis.call('ZREMRANGEBYRANK', key, 0, -(kept + 1))
end
`;

// K = PRODUCT_KEYS; A[1] = JSON list of the erased customer's review event ids on this product.
// Subtracts each counted review exactly, then removes every word of theirs the product keeps (the
// strongest evidence per aspect, the kept quotes) and the cached summary, and counts the erasure so
// that a summary computed from an earlier read is not cached. Evidence and quotes of other reviews
// that theirs had displaced were not kept and do not come back; new reviews fill the places again.
const ERASE_LUA = `
local erased = {}
for _, id in ipairs(cjson.decode(A[1])) do
  local raw = redis.call('HGET', K[5], id)
  if raw then
    local c = cjson.decode(raw)
    redis.call('HINCRBY', K[1], 'count', -1)
    redis.call('HINCRBY', K[1], 'rating_sum', -c.rating)
    redis.call('HINCRBY', K[1], 'star:' .. c.rating, -1)
    redis.call('HINCRBYFLOAT', K[1], 'score_sum', -c.score)
    redis.call('HINCRBY', K[1], 'polarity:' .. c.polarity, -1)
    redis.call('HINCRBY', K[1], 'tier:' .. c.tier, -1)
    if c.lowConfidence then redis.call('HINCRBY', K[1], 'low_confidence', -1) end
    for _, a in ipairs(c.aspects) do
      if redis.call('HINCRBY', K[2], a.name .. ':mentions', -1) <= 0 then
        redis.call('HDEL', K[2], a.name .. ':mentions', a.name .. ':positive', a.name .. ':negative',
          a.name .. ':neutral', a.name .. ':score_sum')
      else
        redis.call('HINCRBY', K[2], a.name .. ':' .. a.polarity, -1)
        redis.call('HINCRBYFLOAT', K[2], a.name .. ':score_sum', -a.score)
      end
    end
    redis.call('HDEL', K[5], id)
    erased[c.reviewId] = true
  end
end
-- No float dust in an emptied product's score.
if tonumber(redis.call('HGET', K[1], 'count') or '0') <= 0 then redis.call('HSET', K[1], 'score_sum', 0) end
local aspects = redis.call('HGETALL', K[2])
for i = 1, #aspects, 2 do
  local field = aspects[i]
  if string.sub(field, 1, 5) == 'best:' and erased[cjson.decode(aspects[i + 1]).reviewId] then
    redis.call('HDEL', K[2], field)
  end
end
for _, key in ipairs({K[3], K[4]}) do
  for _, member in ipairs(redis.call('ZRANGE', key, 0, -1)) do
    if erased[cjson.decode(member).reviewId] then redis.call('ZREM', key, member) end
  end
end
redis.call('DEL', K[6])
redis.call('HINCRBY', K[1], 'erasures', 1)
`;

// KEYS[1] = summary, KEYS[2] = stats; ARGV = erasures seen when the aggregate was read, count, at, pb.
// Writes only if no erasure happened since that read.
const WRITE_SUMMARY = new RedisScript<number>({
  name: 'reviews.writeSummary',
  keys: ['summary', 'stats'],
  lua: `
if tonumber(redis.call('HGET', KEYS[2], 'erasures') or '0') ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'count', ARGV[2], 'at', ARGV[3], 'pb', ARGV[4])
return 1
`,
});

export interface CachedSummary {
  /**
   * The cached summary, when one was computed. Shared with other reads of the same cached bytes:
   * read-only, callers copy before changing it.
   */
  summary?: ReviewSummaryReply;
  /** Reviews counted when the cached summary was computed. */
  summaryCount: number;
  /** Epoch ms of that computation. */
  computedAt: number;
  /** Reviews counted now. */
  count: number;
}

const num = (v: string | undefined): number => (v === undefined ? 0 : Number(v));

// Decoded summaries kept per product so a query whose cached bytes did not change since the last
// read skips decoding them again (comparing the bytes costs far less than decoding a summary with
// all its quotes and aspects). Bounded: the oldest entry goes first.
const DECODED_KEPT = 10_000;

export class ReviewAggregateStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly ledger: EffectsLedger,
    private readonly quotesKept: number,
  ) {}

  private readonly decoded = new Map<string, { pb: Buffer; summary: ReviewSummaryReply }>();

  private key(tenant: string, productId: string, suffix: string): string {
    return this.ledger.key({ tenant, entity: productId }, suffix);
  }

  /** The reviewer's list of [product id, review event id]: under their own tag, no TTL (as the counts). */
  private reviewerIndex(tenant: string, userId: string): string {
    return this.ledger.key({ tenant, entity: `user:${userId}` }, KEY.reviewerIndex);
  }

  /**
   * Adds one review's contribution unless this event was already counted; true when added now. The
   * review is listed under its author first (a repeat lists it again, harmlessly), so nothing is
   * counted that their erasure could not find.
   */
  async record(
    tenant: string,
    productId: string,
    eventId: string,
    userId: string,
    contribution: ReviewContribution,
  ): Promise<boolean> {
    if (userId)
      await this.redis.sadd(this.reviewerIndex(tenant, userId), JSON.stringify([productId, eventId]));
    return this.ledger.applyOnce({
      tenant,
      entity: productId,
      eventId,
      script: {
        lua: RECORD_LUA,
        keys: PRODUCT_KEYS,
        args: [
          JSON.stringify(contribution),
          this.quotesKept,
          eventId,
          JSON.stringify(countedOf(contribution)),
        ],
      },
    });
  }

  /**
   * Erasure: takes every review the customer wrote out of each product's aggregates (once per
   * erasure event and product), then forgets the list. Idempotent. Resolves the products changed.
   */
  async eraseReviewer(tenant: string, erasureEventId: string, userId: string): Promise<string[]> {
    const index = this.reviewerIndex(tenant, userId);
    const byProduct = new Map<string, string[]>();
    for (const member of await this.redis.smembers(index)) {
      const [productId, eventId] = JSON.parse(member) as [string, string];
      byProduct.set(productId, [...(byProduct.get(productId) ?? []), eventId]);
    }
    for (const [productId, eventIds] of byProduct)
      await this.ledger.applyOnce({
        tenant,
        entity: productId,
        eventId: erasureEventId,
        script: { lua: ERASE_LUA, keys: PRODUCT_KEYS, args: [JSON.stringify(eventIds)] },
      });
    await this.redis.del(index);
    return [...byProduct.keys()];
  }

  /** Everything counted for a product (an empty aggregate for a product without reviews). */
  async read(tenant: string, productId: string): Promise<ProductAggregate> {
    const k = (s: string): string => this.key(tenant, productId, s);
    const replies = await this.redis
      .pipeline()
      .hgetall(k(KEY.stats))
      .hgetall(k(KEY.aspects))
      .zrevrange(k(KEY.positiveQuotes), 0, -1)
      .zrevrange(k(KEY.negativeQuotes), 0, -1)
      .exec();
    if (!replies) throw new Error('redis pipeline returned nothing');
    for (const [err] of replies) if (err) throw err;
    const [stats, aspects, positive, negative] = replies.map(([, v]) => v) as [
      Record<string, string>,
      Record<string, string>,
      string[],
      string[],
    ];
    const agg = emptyAggregate(productId);
    agg.count = num(stats.count);
    agg.ratingSum = num(stats.rating_sum);
    agg.scoreSum = num(stats.score_sum);
    agg.stars = [1, 2, 3, 4, 5].map((s) => num(stats[`star:${s}`])) as ProductAggregate['stars'];
    agg.polarity = {
      positive: num(stats['polarity:positive']),
      negative: num(stats['polarity:negative']),
      neutral: num(stats['polarity:neutral']),
    };
    agg.lowConfidence = num(stats.low_confidence);
    agg.updatedAt = num(stats.updated_at);
    agg.aspects = aspectsOf(aspects);
    agg.quotes = { positive: positive.map(parseQuote), negative: negative.map(parseQuote) };
    agg.erasures = num(stats.erasures);
    return agg;
  }

  /**
   * Caches a computed summary together with the review count it reflects, unless a customer erasure
   * changed the aggregate since it was read (`basis`): then it may quote an erased review. True when
   * written.
   */
  async writeSummary(
    tenant: string,
    productId: string,
    summary: ReviewSummaryReply,
    computedAt: number,
    basis: Pick<ProductAggregate, 'erasures'>,
  ): Promise<boolean> {
    const written = await WRITE_SUMMARY.run(
      this.redis,
      [this.key(tenant, productId, KEY.summary), this.key(tenant, productId, KEY.stats)],
      [
        basis.erasures,
        summary.reviewCount,
        computedAt,
        Buffer.from(toBinary(ReviewSummaryReplySchema, summary)),
      ],
    );
    return written === 1;
  }

  /** The cached summary and the current review count, in one round trip. */
  async readSummary(tenant: string, productId: string): Promise<CachedSummary> {
    const replies = await this.redis
      .pipeline()
      .hmgetBuffer(this.key(tenant, productId, KEY.summary), 'count', 'at', 'pb')
      .hget(this.key(tenant, productId, KEY.stats), 'count')
      .exec();
    if (!replies) throw new Error('redis pipeline returned nothing');
    for (const [err] of replies) if (err) throw err;
    const [count, at, pb] = replies[0]![1] as (Buffer | null)[];
    const current = replies[1]![1] as string | null;
    return {
      summary: pb ? this.decodeSummary(`${tenant}\u0000${productId}`, pb) : undefined,
      summaryCount: count ? Number(count.toString()) : 0,
      computedAt: at ? Number(at.toString()) : 0,
      count: current ? Number(current) : 0,
    };
  }

  private decodeSummary(key: string, pb: Buffer): ReviewSummaryReply {
    const known = this.decoded.get(key);
    if (known && known.pb.equals(pb)) return known.summary;
    const summary = fromBinary(ReviewSummaryReplySchema, pb);
    this.decoded.delete(key);
    if (this.decoded.size >= DECODED_KEPT) this.decoded.delete(this.decoded.keys().next().value!);
    this.decoded.set(key, { pb, summary });
    return summary;
  }
}

function aspectsOf(hash: Record<string, string>): Map<string, AspectTally> {
  const out = new Map<string, AspectTally>();
  const tally = (name: string): AspectTally => {
    let t = out.get(name);
    if (!t) out.set(name, (t = { mentions: 0, positive: 0, negative: 0, neutral: 0, scoreSum: 0 }));
    return t;
  };
  for (const [field, value] of Object.entries(hash)) {
    if (field.startsWith('best:')) {
      const [, name, polarity] = field.split(':') as [string, string, string];
      const e = JSON.parse(value) as AspectEvidence;
      if (polarity === 'positive') tally(name).bestPositive = e;
      else if (polarity === 'negative') tally(name).bestNegative = e;
      continue;
    }
    const cut = field.lastIndexOf(':');
    const name = field.slice(0, cut);
    const t = tally(name);
    switch (field.slice(cut + 1)) {
      case 'mentions':
        t.mentions = Number(value);
        break;
      case 'positive':
        t.positive = Number(value);
        break;
      case 'negative':
        t.negative = Number(value);
        break;
      case 'neutral':
        t.neutral = Number(value);
        break;
      case 'score_sum':
        t.scoreSum = Number(value);
        break;
    }
  }
  return out;
}

function parseQuote(member: string): QuoteCandidate {
  return JSON.parse(member) as QuoteCandidate;
}
