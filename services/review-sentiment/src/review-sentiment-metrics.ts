// The service's own metrics (meter `shopmind`), created on first use from the provider registered then.
import { metrics, type Counter, type Histogram } from '@opentelemetry/api';

interface ReviewSentimentInstruments {
  /** `shopmind.reviews.analysed` — attributes `tier` (cache | provider | local), `polarity`, `degraded`. */
  analysed: Counter;
  /** `shopmind.reviews.duplicates` — events whose effects were already counted (redeliveries, re-publishes). */
  duplicates: Counter;
  /** `shopmind.reviews.summary.refreshes` */
  summaryRefreshes: Counter;
  /** `shopmind.reviews.summary.refresh.duration` in seconds (aggregate read, build, cache write). */
  summaryRefreshDuration: Histogram;
  /** `shopmind.reviews.summary.queries` — attribute `answer` (cache | recomputed | empty). */
  summaryQueries: Counter;
}

let cached: ReviewSentimentInstruments | undefined;

export function reviewSentimentMetrics(): ReviewSentimentInstruments {
  if (!cached) {
    const m = metrics.getMeter('shopmind');
    cached = {
      analysed: m.createCounter('shopmind.reviews.analysed', {
        description: 'Reviews analysed, by answering tier and polarity',
      }),
      duplicates: m.createCounter('shopmind.reviews.duplicates', {
        description: 'Review events already counted (not counted again)',
      }),
      summaryRefreshes: m.createCounter('shopmind.reviews.summary.refreshes', {
        description: 'Product summaries recomputed',
      }),
      summaryRefreshDuration: m.createHistogram('shopmind.reviews.summary.refresh.duration', {
        description: 'Time to recompute one product summary',
        unit: 's',
      }),
      summaryQueries: m.createCounter('shopmind.reviews.summary.queries', {
        description: 'Summary queries answered, by how',
      }),
    };
  }
  return cached;
}
