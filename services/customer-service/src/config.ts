// customer-service's own settings on top of the shared ones (service kit); defaults in the README.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineServiceConfig, type ConfigOf } from '@shopmind/service-kit';
import { z } from 'zod';
import { customerServiceAsset } from './service-assets.js';

/** Names customers' subjects when SUPPORT_SUBJECT_SECRET is not set (development and tests only). */
const DEV_SUBJECT_SECRET = 'shopmind-dev-only-support-subject-secret';

const int = (min: number, def: number) => z.coerce.number().int().min(min).default(def);

export const customerServiceConfig = defineServiceConfig({
  service: 'customer-service',
  defaults: { httpPort: 8086 },
  env: {
    NODE_ENV: z.string().default('development'),
    SUPPORT_SUBJECT_SECRET: z.string().min(16, 'must have at least 16 characters').optional(),
    SUPPORT_KB_DIR: z.string().optional(),
    SUPPORT_KB_CHECK_INTERVAL_MS: int(0, 5000),
    SUPPORT_KB_MIN_SCORE: z.coerce.number().min(0).default(4),
    SUPPORT_CONVERSATION_TTL_HOURS: int(1, 72),
    SUPPORT_HISTORY_TURNS: int(2, 20),
    SUPPORT_ORDER_TTL_DAYS: int(1, 400),
    SUPPORT_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.45),
    SUPPORT_NEGATIVE_SENTIMENT: z.coerce.number().min(-1).max(0).default(-0.6),
    SUPPORT_GUIDE_TIMEOUT_MS: int(50, 3000),
    SUPPORT_GRAPH_TIMEOUT_MS: int(50, 1000),
  },
  check: (e) => [
    ...(e.SUPPORT_KB_DIR && !existsSync(e.SUPPORT_KB_DIR)
      ? [`SUPPORT_KB_DIR: ${e.SUPPORT_KB_DIR} does not exist`]
      : []),
    ...(e.NODE_ENV === 'production' && !e.SUPPORT_SUBJECT_SECRET
      ? [
          'SUPPORT_SUBJECT_SECRET: is required in production (e-mail addresses name erasure lists as HMACs with it)',
        ]
      : []),
  ],
  settings: (e) => {
    const shipped = customerServiceAsset('knowledge-base');
    const dir = e.SUPPORT_KB_DIR ?? shipped;
    return {
      /** Key of the e-mail HMACs that name a customer's results and cache entries for erasure. */
      subjectSecret: e.SUPPORT_SUBJECT_SECRET ?? DEV_SUBJECT_SECRET,
      usingDevSubjectSecret: !e.SUPPORT_SUBJECT_SECRET,
      knowledgeBase: {
        /** One folder per tenant. */
        dir,
        /** For a tenant without its own folder: `<dir>/default` when present, else the shipped one. */
        defaultDir: existsSync(join(dir, 'default')) ? join(dir, 'default') : join(shipped, 'default'),
        checkIntervalMs: e.SUPPORT_KB_CHECK_INTERVAL_MS,
        search: { minScore: e.SUPPORT_KB_MIN_SCORE },
      },
      conversations: {
        ttlSeconds: e.SUPPORT_CONVERSATION_TTL_HOURS * 3600,
        /** Turns kept per conversation (customer and assistant lines each count). */
        historyTurns: e.SUPPORT_HISTORY_TURNS,
      },
      orders: { ttlSeconds: e.SUPPORT_ORDER_TTL_DAYS * 86_400 },
      escalation: {
        minConfidence: e.SUPPORT_MIN_CONFIDENCE,
        negativeSentiment: e.SUPPORT_NEGATIVE_SENTIMENT,
      },
      peers: { guideTimeoutMs: e.SUPPORT_GUIDE_TIMEOUT_MS, graphTimeoutMs: e.SUPPORT_GRAPH_TIMEOUT_MS },
    };
  },
});

export type CustomerServiceConfig = ConfigOf<typeof customerServiceConfig>;

/** The configuration from the environment (process.env by default); throws ConfigError. */
export const loadConfig = (env?: Record<string, string | undefined>): CustomerServiceConfig =>
  customerServiceConfig.load(env);
