// knowledge-graph's own settings on top of the shared ones (service kit); defaults in the README.
import { defineServiceConfig, type ConfigOf, type Env } from '@shopmind/service-kit';
import { z } from 'zod';

const int = (min: number, def: number) => z.coerce.number().int().min(min).default(def);

export const knowledgeGraphConfig = defineServiceConfig({
  service: 'knowledge-graph',
  defaults: { httpPort: 8084, concurrency: 32 },
  env: {
    KG_QUERY_LIMIT: int(1, 50),
    KG_SIMILAR_TOP_K: int(0, 5),
    KG_SIMILAR_THRESHOLD: z.coerce.number().min(0).max(1).default(0.3),
    KG_TOMBSTONE_TTL_S: int(60, 30 * 24 * 3600),
    /** JSON object "Type:surface form" → canonical name, e.g. {"Brand:hasbro gaming":"hasbro"}. */
    KG_ALIASES: z
      .string()
      .default('{}')
      .refine((s) => {
        try {
          const v: unknown = JSON.parse(s);
          return (
            typeof v === 'object' &&
            v !== null &&
            !Array.isArray(v) &&
            Object.values(v).every((x) => typeof x === 'string')
          );
        } catch {
          return false;
        }
      }, 'must be a JSON object of strings, e.g. {"Brand:hasbro gaming":"hasbro"}'),
  },
  settings: (e) => ({
    /** Results per query when the request says 0. */
    queryLimit: e.KG_QUERY_LIMIT,
    /** SIMILAR_TO edges per product (topK 0 turns similarity off) and their minimum weight. */
    similar: { topK: e.KG_SIMILAR_TOP_K, threshold: e.KG_SIMILAR_THRESHOLD },
    /** How long a deletion blocks late upserts. */
    tombstoneTtlSeconds: e.KG_TOMBSTONE_TTL_S,
    /** Extra entity aliases, "Type:surface form" → canonical name. */
    aliases: JSON.parse(e.KG_ALIASES) as Record<string, string>,
  }),
});

export type KnowledgeGraphConfig = ConfigOf<typeof knowledgeGraphConfig>;

/** The configuration from the environment (process.env by default); throws ConfigError. */
export const loadConfig = (env?: Env): KnowledgeGraphConfig => knowledgeGraphConfig.load(env);
