// Keeps each product's cached review summary fresh without recomputing it for every review: after a
// review is counted, the product's summary is recomputed once the debounce window has passed, so a
// burst of reviews costs one recomputation per window (per replica).
import type { ReviewSummaryReply } from '@shopmind/contracts';
import { createLogger } from '@shopmind/telemetry';
import { reviewSentimentMetrics } from '../review-sentiment-metrics.js';
import type { ReviewAggregateStore } from '../stores/review-aggregate-store.js';
import { buildReviewSummary } from '../domain/review-summary-builder.js';

const log = createLogger('review-sentiment.summary');
/** Reads before giving up when every write is refused (an erasure landed in between each time). */
const REFRESH_ATTEMPTS = 3;

export class SummaryRefresher {
  private readonly pending = new Map<string, { tenant: string; productId: string; timer: NodeJS.Timeout }>();
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly store: ReviewAggregateStore,
    private readonly debounceMs: number,
    /** Quotes kept in the cached summary: every kept quote of both sides. */
    private readonly quotesInSummary: number,
  ) {}

  /** Asks for the product's summary to be recomputed within the debounce window. */
  schedule(tenant: string, productId: string): void {
    const key = `${tenant}\u0000${productId}`;
    if (this.pending.has(key)) return;
    const timer = setTimeout(() => {
      this.pending.delete(key);
      this.track(
        this.refresh(tenant, productId).catch((err: unknown) =>
          log.warn({ err, tenant, productId }, 'summary refresh failed; the next query or review retries'),
        ),
      );
    }, this.debounceMs);
    this.pending.set(key, { tenant, productId, timer });
  }

  /**
   * Recomputes and caches the product's summary now. When a customer erasure changed the aggregate
   * between the read and the write, the summary may quote them: it is not cached, and is computed
   * again from a fresh read.
   */
  async refresh(tenant: string, productId: string): Promise<ReviewSummaryReply> {
    const t0 = performance.now();
    let summary: ReviewSummaryReply;
    for (let attempt = 1; ; attempt++) {
      const aggregate = await this.store.read(tenant, productId);
      summary = buildReviewSummary(aggregate, this.quotesInSummary);
      if (await this.store.writeSummary(tenant, productId, summary, Date.now(), aggregate)) break;
      if (attempt === REFRESH_ATTEMPTS) throw new Error('the aggregate kept changing under erasures');
    }
    const metrics = reviewSentimentMetrics();
    metrics.summaryRefreshes.add(1);
    metrics.summaryRefreshDuration.record((performance.now() - t0) / 1000);
    return summary;
  }

  /** Runs every pending refresh now and waits for them (graceful shutdown). */
  async flush(): Promise<void> {
    for (const [key, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(key);
      this.track(
        this.refresh(p.tenant, p.productId).catch((err: unknown) =>
          log.warn({ err, tenant: p.tenant, productId: p.productId }, 'summary refresh failed at shutdown'),
        ),
      );
    }
    await Promise.all(this.running);
  }

  private track(p: Promise<unknown>): void {
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }
}
