// Answers q.<tenant>.reviews.summary from the cached summary: one Redis round trip in the common
// case, none when this replica read the same product's cached summary within the last
// `memoMs` (a fraction of the debounce window, so an answer lags the Redis cache by at most that;
// the summary itself already lags new reviews by up to the debounce window). A product without
// reviews gets an empty summary with zero counts (not an error): "no reviews yet" is a normal
// answer for a shop page, and the service cannot tell an unknown product from one nobody has
// reviewed.
import { create } from '@bufbuild/protobuf';
import { Controller, Inject } from '@nestjs/common';
import { DependencyState, OnQuery, TransientError, type QueryContext } from '@shopmind/bus';
import {
  Queries,
  ReplyMetaSchema,
  ReviewSummaryReplySchema,
  SourceTier,
  type ReviewSummaryReply,
  type ReviewSummaryRequest,
} from '@shopmind/contracts';
import { REVIEW_SENTIMENT_CONFIG } from '../review-sentiment-tokens.js';
import type { ReviewSentimentConfig } from '../config.js';
import { reviewSentimentMetrics } from '../review-sentiment-metrics.js';
import { ReviewAggregateStore } from '../stores/review-aggregate-store.js';
import { SummaryRefresher } from '../application/summary-refresher.js';

// Products whose last cached answer is remembered; past this the oldest is forgotten first.
const MEMO_KEPT = 10_000;

@Controller()
export class ReviewSummaryHandler {
  private readonly staleAfterMs: number;
  private readonly defaultQuotes: number;
  private readonly memoMs: number;
  /** Summaries answered from the cache lately, by tenant and product; read-only, shared. */
  private readonly memo = new Map<string, { summary: ReviewSummaryReply; until: number }>();

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
    // A quarter of the debounce window, at most 250 ms: a hot product page costs one Redis read per
    // window per replica instead of one per request; a debounce of 0 turns the memo off.
    this.memoMs = Math.min(250, Math.floor(config.summary.debounceMs / 4));
  }

  @OnQuery(Queries.reviewSummary)
  async reviewSummary(req: ReviewSummaryRequest, ctx: QueryContext): Promise<ReviewSummaryReply> {
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
    // A copy: the cached summary is shared with other queries for the same product.
    return {
      ...summary,
      quotes: summary.quotes.slice(0, req.maxQuotes || this.defaultQuotes),
      meta: create(ReplyMetaSchema, {
        requestId: ctx.requestId,
        correlationId: ctx.correlationId || ctx.requestId,
        source: { tier: SourceTier.STORE, provider: 'review-sentiment' },
      }),
    };
  }
}
