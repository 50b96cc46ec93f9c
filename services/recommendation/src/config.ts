// recommendation's own settings on top of the shared ones (service kit); defaults in the README.
import { defineServiceConfig, type ConfigOf } from '@shopmind/service-kit';
import { z } from 'zod';

const int = (min: number, def: number) => z.coerce.number().int().min(min).default(def);

export const recommendationConfig = defineServiceConfig({
  service: 'recommendation',
  defaults: { httpPort: 8085 },
  env: {
    RECO_HALF_LIFE_HOURS: z.coerce.number().positive().default(168),
    RECO_NEIGHBOURS_KEPT: int(1, 50),
    RECO_RECENT_PRODUCTS_KEPT: int(1, 20),
    RECO_USER_SEEDS: int(1, 5),
    RECO_USER_CATEGORIES: int(0, 3),
    RECO_SESSION_PRODUCTS_KEPT: int(2, 30),
    RECO_SESSION_TTL_HOURS: int(1, 48),
    RECO_ORDER_ITEMS_PAIRED: int(2, 50),
    RECO_CANDIDATES_PER_SOURCE: int(10, 50),
    RECO_CONTENT_CANDIDATES: int(1, 200),
    RECO_CONTENT_NEIGHBOURS: int(1, 20),
    RECO_MAX_PER_BRAND: int(1, 3),
    RECO_MAX_PER_CATEGORY: int(1, 4),
    RECO_DIVERSITY_WINDOW: int(1, 10),
    RECO_GUIDE_TTL_HOURS: int(1, 24),
    RECO_GUIDE_CANDIDATES_PER_LIST: int(10, 100),
    RECO_GUIDE_MAX_READ: int(20, 400),
  },
  check: (e) => {
    const problems: string[] = [];
    const seeds = e.RECO_USER_SEEDS ?? 5;
    const kept = e.RECO_RECENT_PRODUCTS_KEPT ?? 20;
    if (seeds > kept)
      problems.push(`RECO_USER_SEEDS: ${seeds} is more than RECO_RECENT_PRODUCTS_KEPT (${kept}) remembers`);
    return problems;
  },
  settings: (e) => ({
    model: {
      /** Signals lose half their weight per this many ms of the tenant's own event time. */
      halfLifeMs: e.RECO_HALF_LIFE_HOURS * 3_600_000,
      /** Co-occurrence neighbours kept per product (the strongest). */
      neighboursKept: e.RECO_NEIGHBOURS_KEPT,
      /** Recent products remembered per user. */
      recentKept: e.RECO_RECENT_PRODUCTS_KEPT,
      /** Products of a session that a new one pairs with. */
      sessionProductsKept: e.RECO_SESSION_PRODUCTS_KEPT,
      sessionTtlSeconds: e.RECO_SESSION_TTL_HOURS * 3600,
      /** Items of one order paired with each other (the first ones). */
      orderItemsPaired: e.RECO_ORDER_ITEMS_PAIRED,
      /** A deleted product's tombstone blocks older upserts this long (the stream's retention and more). */
      tombstoneTtlSeconds: 30 * 24 * 3600,
    },
    content: {
      /** Products of the same top-level category a product is compared with (the most popular). */
      candidates: e.RECO_CONTENT_CANDIDATES,
      /** Content neighbours kept per product. */
      kept: e.RECO_CONTENT_NEIGHBOURS,
    },
    topK: {
      userSeeds: e.RECO_USER_SEEDS,
      userCategories: e.RECO_USER_CATEGORIES,
      candidatesPerSource: e.RECO_CANDIDATES_PER_SOURCE,
      caps: {
        perBrand: e.RECO_MAX_PER_BRAND,
        perCategory: e.RECO_MAX_PER_CATEGORY,
        window: e.RECO_DIVERSITY_WINDOW,
      },
    },
    guide: {
      /** A conversation is forgotten this long after its last turn (and may be evicted earlier). */
      ttlSeconds: e.RECO_GUIDE_TTL_HOURS * 3600,
      candidates: {
        perList: e.RECO_GUIDE_CANDIDATES_PER_LIST,
        maxRead: e.RECO_GUIDE_MAX_READ,
        userSeeds: e.RECO_USER_SEEDS,
        userCategories: e.RECO_USER_CATEGORIES,
      },
    },
  }),
});

export type RecommendationConfig = ConfigOf<typeof recommendationConfig>;

/** The configuration from the environment (process.env by default); throws ConfigError. */
export const loadConfig = (env?: Record<string, string | undefined>): RecommendationConfig =>
  recommendationConfig.load(env);
