// fraud-detection's own settings on top of the shared ones (service kit); defaults in the README.
// The process refuses to start naming every wrong or missing setting.
import { defineServiceConfig, type ConfigOf } from '@shopmind/service-kit';
import { z } from 'zod';
import { serviceAsset } from './service-assets.js';

const DEV_SECRET = 'shopmind-dev-only-identifier-secret';

export const fraudConfig = defineServiceConfig({
  service: 'fraud-detection',
  // The bus's own delivery defaults (max deliver 5, ack wait 30 s, 1000 pending, 64 at a time).
  defaults: { httpPort: 3006 },
  env: {
    NODE_ENV: z.string().default('development'),
    FRAUD_HASH_SECRET: z.string().min(16, 'must have at least 16 characters').optional(),
    FRAUD_RULES_FILE: z.string().optional(),
    FRAUD_MODEL_FILE: z.string().optional(),
    FRAUD_RULES_RELOAD_MS: z.coerce.number().int().min(100).default(1000),
    FRAUD_AUDIT_MAXLEN: z.coerce.number().int().min(1).default(100_000),
    FRAUD_REVIEW_TTL_DAYS: z.coerce.number().positive().default(90),
    FRAUD_REDIS_DOWN_DECISION: z.enum(['approve', 'review', 'decline']).default('review'),
  },
  check: (e) =>
    e.NODE_ENV === 'production' && !e.FRAUD_HASH_SECRET
      ? ['FRAUD_HASH_SECRET: is required in production (identifiers are stored as HMACs with it)']
      : [],
  settings: (e) => ({
    /** Key of the identifier HMACs; the development secret when FRAUD_HASH_SECRET is not set. */
    hashSecret: e.FRAUD_HASH_SECRET ?? DEV_SECRET,
    usingDevSecret: !e.FRAUD_HASH_SECRET,
    rulesFile: e.FRAUD_RULES_FILE ?? serviceAsset('rules/default.yaml'),
    modelFile: e.FRAUD_MODEL_FILE ?? serviceAsset('model/weights.json'),
    /** How often the rules file is checked for changes. */
    rulesReloadMs: e.FRAUD_RULES_RELOAD_MS,
    /** Audit stream length per tenant (approximate cap). */
    auditMaxLen: e.FRAUD_AUDIT_MAXLEN,
    /** Review timelines, signatures and LSH buckets expire after this. */
    reviewTtlMs: e.FRAUD_REVIEW_TTL_DAYS * 86_400_000,
    /** The checkout's answer while Redis is down (the order placed event waits for Redis instead). */
    redisDownDecision: e.FRAUD_REDIS_DOWN_DECISION,
  }),
});

export type FraudConfig = ConfigOf<typeof fraudConfig>;

/** The configuration from the environment (process.env by default); throws ConfigError. */
export const loadFraudConfig = (env?: Record<string, string | undefined>): FraudConfig =>
  fraudConfig.load(env);
