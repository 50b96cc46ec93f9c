// Review submitted → sentiment (LLM or local model) → per-product aggregates, counted once per
// event id → ReviewAnalysed published → ack (by the transport, after this returns).
import { Controller, Inject } from '@nestjs/common';
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { BusPublisher, OnEvent, type EventContext } from '@shopmind/bus';
import { Events, type ReviewSubmitted } from '@shopmind/contracts';
import { reviewSentimentMetrics } from '../review-sentiment-metrics.js';
import { analysedReviewOf, RESULT_KIND } from '../messages/analysed-review-message.js';
import { ReviewAggregateStore } from '../stores/review-aggregate-store.js';
import { contributionOf } from '../domain/review-contribution.js';
import { SentimentAnalysis } from '../application/sentiment-analysis.js';
import { SummaryRefresher } from '../application/summary-refresher.js';
import { withLanguageReason } from '../tasks/review-sentiment-task.js';

@Controller()
export class ReviewSubmittedHandler {
  constructor(
    @Inject(SentimentAnalysis) private readonly sentiment: SentimentAnalysis,
    @Inject(ReviewAggregateStore) private readonly aggregates: ReviewAggregateStore,
    @Inject(SummaryRefresher) private readonly summaries: SummaryRefresher,
    @Inject(BusPublisher) private readonly publisher: BusPublisher,
  ) {}

  @OnEvent(Events.reviewSubmitted)
  async reviewSubmitted(review: ReviewSubmitted, ctx: EventContext): Promise<void> {
    // A review in a language no local model covers, answered locally, says so in its source.
    const result = withLanguageReason(await this.sentiment.analyse(review, ctx));
    const at = review.envelope?.occurredAt ? timestampMs(review.envelope.occurredAt) : Date.now();
    const counted = await this.aggregates.record(
      ctx.tenant,
      review.productId,
      ctx.eventId,
      review.userId,
      contributionOf(review, result.output, result.tier, at),
    );
    // Published after counting: a failed publish is retried on redelivery, the count is not repeated,
    // and the gateway hands back the stored analysis, so the retried result is the same one.
    await this.publisher.publish(Events.reviewAnalysed, ctx.tenant, analysedReviewOf(review, result, ctx), {
      causeEventId: ctx.eventId,
      kind: RESULT_KIND,
      // It carries the reviewer's id and words: erased with them.
      subjects: [review.userId],
    });
    // Also for a repeat: the delivery that counted it may have died before refreshing the summary.
    this.summaries.schedule(ctx.tenant, review.productId);
    const metrics = reviewSentimentMetrics();
    if (counted) {
      metrics.analysed.add(1, {
        tier: result.tier,
        polarity: result.output.polarity,
        degraded: result.source.degradedReason || 'none',
      });
    } else {
      metrics.duplicates.add(1);
    }
  }
}
