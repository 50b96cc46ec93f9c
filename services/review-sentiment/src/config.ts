// review-sentiment's own settings on top of the shared ones (service kit); defaults in the README.
import { defineServiceConfig, type ConfigOf } from '@shopmind/service-kit';
import { z } from 'zod';

const int = (min: number, def: number) => z.coerce.number().int().min(min).default(def);

const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/**
 * The summary text's locale when a request names none: a default, then per-shop overrides,
 * "en,acme=zh" (shop acme reads Chinese, every other shop English).
 */
const summaryLocales = z
  .string()
  .default('en')
  .transform((text, ctx) => {
    let fallback = 'en';
    const byTenant: Record<string, string> = {};
    for (const item of text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [tenant, locale] = item.includes('=')
        ? item.split('=', 2).map((s) => s.trim())
        : [undefined, item];
      if (!locale || !LOCALE.test(locale)) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not a locale or tenant=locale` });
        continue;
      }
      if (tenant === undefined) fallback = locale;
      else byTenant[tenant] = locale;
    }
    return { fallback, byTenant };
  });

export const reviewSentimentConfig = defineServiceConfig({
  service: 'review-sentiment',
  defaults: { httpPort: 8080 },
  env: {
    REVIEW_SUMMARY_DEBOUNCE_MS: int(0, 1000),
    REVIEW_SUMMARY_QUOTES_KEPT: int(1, 10),
    REVIEW_SUMMARY_DEFAULT_QUOTES: int(0, 5),
    REVIEW_SUMMARY_LOCALES: summaryLocales,
  },
  settings: (e) => ({
    summary: {
      /** A product's summary is recomputed at most once per this many ms (per replica). */
      debounceMs: e.REVIEW_SUMMARY_DEBOUNCE_MS,
      /** Representative quotes kept per product and polarity. */
      quotesKept: e.REVIEW_SUMMARY_QUOTES_KEPT,
      /** Quotes in a reply when the request asks for 0. */
      defaultQuotes: e.REVIEW_SUMMARY_DEFAULT_QUOTES,
      /** Locale of the summary text when the request names none, per shop. */
      locales: e.REVIEW_SUMMARY_LOCALES,
    },
  }),
});

export type ReviewSentimentConfig = ConfigOf<typeof reviewSentimentConfig>;

/** The configuration from the environment (process.env by default); throws ConfigError. */
export const loadConfig = (env?: Record<string, string | undefined>): ReviewSentimentConfig =>
  reviewSentimentConfig.load(env);
