// review-sentiment's own settings on top of the shared ones (service kit); defaults in the README.
import { defineServiceConfig, type ConfigOf } from '@shopmind/service-kit';
import { z } from 'zod';

const int = (min: number, def: number) => z.coerce.number().int().min(min).default(def);

export const reviewSentimentConfig = defineServiceConfig({
  service: 'review-sentiment',
  defaults: { httpPort: 8080 },
  env: {
    REVIEW_SUMMARY_DEBOUNCE_MS: int(0, 1000),
    REVIEW_SUMMARY_QUOTES_KEPT: int(1, 10),
    REVIEW_SUMMARY_DEFAULT_QUOTES: int(0, 5),
  },
  settings: (e) => ({
    summary: {
      /** A product's summary is recomputed at most once per this many ms (per replica). */
      debounceMs: e.REVIEW_SUMMARY_DEBOUNCE_MS,
      /** Representative quotes kept per product and polarity. */
      quotesKept: e.REVIEW_SUMMARY_QUOTES_KEPT,
      /** Quotes in a reply when the request asks for 0. */
      defaultQuotes: e.REVIEW_SUMMARY_DEFAULT_QUOTES,
    },
  }),
});

export type ReviewSentimentConfig = ConfigOf<typeof reviewSentimentConfig>;

/** The configuration from the environment (process.env by default); throws ConfigError. */
export const loadConfig = (env?: Record<string, string | undefined>): ReviewSentimentConfig =>
  reviewSentimentConfig.load(env);
