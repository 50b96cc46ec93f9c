// Answers q.<tenant>.reviews.summary from the cached summary: one Redis round trip in the common
// case, none when this replica read the same product's cached summary within the last
// `memoMs` (a fraction of the debounce window, so an answer lags the Redis cache by at most that;
// the summary itself already lags new reviews by up to the debounce window). A product without
// reviews gets an empty summary with zero counts (not an error): "no reviews yet" is a normal
// answer for a shop page, and the service cannot tell an unknown product from one nobody has
// reviewed. The summary is cached in English and worded in the request's locale (or the shop's
// default) when answering; a locale the local tier cannot write gets English, marked degraded. The
// reply's bulk (everything but its meta) is encoded once per summary, language and quote count
// and reused until the summary changes: a changed summary is another object, with its own.
import { create } from '@bufbuild/protobuf';
import { Controller, Inject } from '@nestjs/common';
import {
  DependencyState,
  EncodedReplyBody,
  OnQuery,
  PreEncodedReply,
  TransientError,
  type QueryContext,
} from '@shopmind/bus';
import {
  Queries,
  ReviewSummaryReplySchema,
  SourceTier,
  type ReviewSummaryReply,
  type ReviewSummaryRequest,
} from '@shopmind/contracts';
import type { LocalLanguage } from '@shopmind/vocabulary';
import { REVIEW_SENTIMENT_CONFIG } from '../review-sentiment-tokens.js';
import type { ReviewSentimentConfig } from '../config.js';
import { reviewSentimentMetrics } from '../review-sentiment-metrics.js';
import { ReviewAggregateStore } from '../stores/review-aggregate-store.js';
import { SummaryRefresher } from '../application/summary-refresher.js';
import { summaryIn } from '../domain/review-summary-builder.js';
import { summaryLanguageFor } from '../domain/summary-language.js';

// Products whose last cached answer is remembered; past this the oldest is forgotten first.
const MEMO_KEPT = 10_000;

type SummaryBody = EncodedReplyBody<typeof ReviewSummaryReplySchema>;

@Controller()
export class ReviewSummaryHandler {
  private readonly staleAfterMs: number;
  private readonly defaultQuotes: number;
  private readonly memoMs: number;
  /** Summaries answered from the cache lately, by tenant and product; read-only, shared. */
  private readonly memo = new Map<string, { summary: ReviewSummaryReply; until: number }>();
  /**
   * Encoded replies per summary object and quote count. The store hands out the same object for
   * as long as the cached summary's bytes stay the same, and a new one when they change, so an
   * entry lives exactly as long as the summary it was encoded from (and goes with it).
   */
  private readonly bodies = new WeakMap<ReviewSummaryReply, Map<string, SummaryBody>>();
  private readonly locales: ReviewSentimentConfig['summary']['locales'];

  constructor(
    @Inject(ReviewAggregateStore) private readonly aggregates: ReviewAggregateStore,
    @Inject(SummaryRefresher) private readonly refresher: SummaryRefresher,
    @Inject(REVIEW_SENTIMENT_CONFIG) config: ReviewSentimentConfig,
    @Inject(DependencyState) private readonly dependencies: DependencyState,
  ) {
    // Past this the debounced refresh should have run; if the summary still lags (the replica that
    // counted the review stopped first), recompute while answering.
    this.staleAfterMs = 2 * config.summary.debounceMs + 1000;
    this.defaultQuotes = config.summary.defaultQuotes;
    this.locales = config.summary.locales;
    // A quarter of the debounce window, at most 250 ms: a hot product page costs one Redis read per
    // window per replica instead of one per request; a debounce of 0 turns the memo off.
    this.memoMs = Math.min(250, Math.floor(config.summary.debounceMs / 4));
  }

  @OnQuery(Queries.reviewSummary)
  async reviewSummary(
    req: ReviewSummaryRequest,
    ctx: QueryContext,
  ): Promise<PreEncodedReply<typeof ReviewSummaryReplySchema>> {
    let summary: ReviewSummaryReply | undefined;
    let answer: 'cache' | 'recomputed' | 'empty' = 'cache';
    const memoKey = `${ctx.tenant}\u0000${req.productId}`;
    const now = Date.now();
    const remembered = this.memo.get(memoKey);
    if (remembered && remembered.until > now) {
      summary = remembered.summary;
    } else {
      try {
        // While Redis is down: `unavailable` at once, not a wait in the client's offline queue.
        const cached = await this.dependencies.whileUp('redis', () =>
          this.aggregates.readSummary(ctx.tenant, req.productId),
        );
        summary = cached.summary;
        if (cached.count === 0 && !summary) {
          answer = 'empty';
          summary = create(ReviewSummaryReplySchema, { productId: req.productId });
        } else if (
          !summary ||
          (cached.count > cached.summaryCount && Date.now() - cached.computedAt > this.staleAfterMs)
        ) {
          answer = 'recomputed';
          summary = await this.dependencies.whileUp('redis', () =>
            this.refresher.refresh(ctx.tenant, req.productId),
          );
        } else if (this.memoMs > 0) {
          this.memo.delete(memoKey);
          if (this.memo.size >= MEMO_KEPT) this.memo.delete(this.memo.keys().next().value!);
          this.memo.set(memoKey, { summary, until: now + this.memoMs });
        }
      } catch (err) {
        // The store is a dependency, not the caller's mistake: tell the caller to retry.
        throw new TransientError(
          `review aggregates unavailable: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    reviewSentimentMetrics().summaryQueries.add(1, { answer });
    const { language, degradedReason } = summaryLanguageFor(
      req.locale,
      this.locales.byTenant[ctx.tenant] ?? this.locales.fallback,
    );
    const meta = {
      requestId: ctx.requestId,
      correlationId: ctx.correlationId || ctx.requestId,
      source: {
        tier: SourceTier.STORE,
        provider: 'review-sentiment',
        ...(degradedReason ? { degradedReason } : {}),
      },
    };
    return new PreEncodedReply(meta, this.bodyOf(summary, language, req.maxQuotes || this.defaultQuotes));
  }

  /** The summary in `language` with its first `quotes` quotes, as a reply body encoded once and shared. */
  private bodyOf(summary: ReviewSummaryReply, language: LocalLanguage, quotes: number): SummaryBody {
    const kept = Math.min(quotes, summary.quotes.length);
    let byKey = this.bodies.get(summary);
    if (!byKey) {
      byKey = new Map();
      this.bodies.set(summary, byKey);
    }
    const key = `${language}:${kept}`;
    let body = byKey.get(key);
    if (!body) {
      // A copy: the cached summary is shared with other queries for the same product.
      const worded = summaryIn(summary, language);
      body = new EncodedReplyBody(ReviewSummaryReplySchema, {
        ...worded,
        quotes: worded.quotes.slice(0, kept),
      });
      byKey.set(key, body);
    }
    return body;
  }
}
