// Redis store of per-product review aggregates and their cached summary. Every key of one product
// shares the hash tag `{review-sentiment:<tenant>:<product>}`, so the once-only script (effects
// plus done mark) and the summary read work on Redis Cluster too.
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { EffectsLedger } from '@shopmind/bus';
import { ReviewSummaryReplySchema, type ReviewSummaryReply } from '@shopmind/contracts';
import type { Redis } from 'ioredis';
import {
  emptyAggregate,
  type AspectEvidence,
  type AspectTally,
  type ProductAggregate,
} from '../domain/product-aggregate.js';
import type { QuoteCandidate, ReviewContribution } from '../domain/review-contribution.js';

const KEY = {
  stats: 'stats',
  aspects: 'aspects',
  positiveQuotes: 'quotes:positive',
  negativeQuotes: 'quotes:negative',
  summary: 'summary',
} as const;

// K = stats, aspects, positive quotes, negative quotes; A[1] = contribution JSON, A[2] = quotes kept.
// Quotes live in sorted sets by weight, trimmed to the strongest A[2] after each add.
const RECORD_LUA = `
local c = cjson.decode(A[1])
local kept = tonumber(A[2])
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
    private readonly redis: Redis,
    private readonly ledger: EffectsLedger,
    private readonly quotesKept: number,
  ) {}

  private readonly decoded = new Map<string, { pb: Buffer; summary: ReviewSummaryReply }>();

  private key(tenant: string, productId: string, suffix: string): string {
    return this.ledger.key({ tenant, entity: productId }, suffix);
  }

  /** Adds one review's contribution unless this event was already counted; true when added now. */
  record(
    tenant: string,
    productId: string,
    eventId: string,
    contribution: ReviewContribution,
  ): Promise<boolean> {
    return this.ledger.applyOnce({
      tenant,
      entity: productId,
      eventId,
      script: {
        lua: RECORD_LUA,
        keys: [KEY.stats, KEY.aspects, KEY.positiveQuotes, KEY.negativeQuotes],
        args: [JSON.stringify(contribution), this.quotesKept],
      },
    });
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
    return agg;
  }

  /** Caches a computed summary together with the review count it reflects. */
  async writeSummary(
    tenant: string,
    productId: string,
    summary: ReviewSummaryReply,
    computedAt: number,
  ): Promise<void> {
    await this.redis.hset(this.key(tenant, productId, KEY.summary), {
      count: summary.reviewCount,
      at: computedAt,
      pb: Buffer.from(toBinary(ReviewSummaryReplySchema, summary)),
    });
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
