// Settings from the environment, validated at start-up: the process refuses to start and names
// every wrong or missing setting. Defaults are listed in the README.
import { GatewayConfigError, loadGatewayConfig, type GatewayConfig } from '@shopmind/llm-gateway';
import { serviceEnvSchema } from '@shopmind/bus';
import { z } from 'zod';
import { serviceAsset } from './service-assets.js';

const DEV_SECRET = 'shopmind-dev-only-identifier-secret';

// The shared connection and stream settings; fraud-detection keeps the bus's own delivery defaults.
const schema = serviceEnvSchema({ httpPort: 3006 })
  .pick({
    NATS_URL: true,
    REDIS_URL: true,
    HTTP_PORT: true,
    SHOPMIND_PUBLISH_FORMAT: true,
    SHOPMIND_SUBJECT_PREFIX: true,
    SHOPMIND_STREAM_REPLICAS: true,
    SHOPMIND_STREAM_MAX_AGE_MS: true,
    SHOPMIND_STREAM_MAX_BYTES: true,
    SHOPMIND_BUS_RETRY_DELAY_MS: true,
  })
  .extend({
    NODE_ENV: z.string().default('development'),
    FRAUD_HASH_SECRET: z.string().min(16, 'must have at least 16 characters').optional(),
    FRAUD_RULES_FILE: z.string().optional(),
    FRAUD_MODEL_FILE: z.string().optional(),
    FRAUD_RULES_RELOAD_MS: z.coerce.number().int().min(100).default(1000),
    FRAUD_AUDIT_MAXLEN: z.coerce.number().int().min(1).default(100_000),
    FRAUD_REVIEW_TTL_DAYS: z.coerce.number().positive().default(90),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.FRAUD_HASH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['FRAUD_HASH_SECRET'],
        message: 'is required in production (identifiers are stored as HMACs with it)',
      });
    }
  });

export interface FraudConfig {
  natsUrl: string;
  redisUrl: string;
  httpPort: number;
  publishFormat: 'json' | 'protobuf';
  subjectPrefix: string;
  bus: {
    /** JetStream stream and consumer replicas; at most the NATS cluster size. */
    replicas: number;
    /** Stream retention limits, applied when the streams are created or updated. */
    retention: { maxAgeMs: number; maxBytes: number };
    /** First redelivery delay after a transient failure (doubles per delivery). */
    retryDelayMs: number;
  };
  hashSecret: string;
  usingDevSecret: boolean;
  rulesFile: string;
  modelFile: string;
  rulesReloadMs: number;
  auditMaxLen: number;
  reviewTtlMs: number;
  /** LLM gateway settings (alert narratives); with no provider configured the local template writes them. */
  llm: GatewayConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`fraud-detection refuses to start:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadFraudConfig(env: NodeJS.ProcessEnv = process.env): FraudConfig {
  // An empty variable means "not set" (compose files and Kubernetes often pass empty strings).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const r = schema.safeParse(cleaned);
  const problems = r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  let llm: GatewayConfig | undefined;
  try {
    llm = loadGatewayConfig({ ...cleaned, REDIS_URL: cleaned.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  } catch (err) {
    if (!(err instanceof GatewayConfigError)) throw err;
    problems.push(...err.issues);
  }
  if (!r.success || !llm || problems.length) throw new ConfigError(problems);
  const c = r.data;
  return {
    natsUrl: c.NATS_URL,
    redisUrl: c.REDIS_URL,
    httpPort: c.HTTP_PORT,
    publishFormat: c.SHOPMIND_PUBLISH_FORMAT,
    subjectPrefix: c.SHOPMIND_SUBJECT_PREFIX,
    bus: {
      replicas: c.SHOPMIND_STREAM_REPLICAS,
      retention: { maxAgeMs: c.SHOPMIND_STREAM_MAX_AGE_MS, maxBytes: c.SHOPMIND_STREAM_MAX_BYTES },
      retryDelayMs: c.SHOPMIND_BUS_RETRY_DELAY_MS,
    },
    hashSecret: c.FRAUD_HASH_SECRET ?? DEV_SECRET,
    usingDevSecret: !c.FRAUD_HASH_SECRET,
    rulesFile: c.FRAUD_RULES_FILE ?? serviceAsset('rules/default.yaml'),
    modelFile: c.FRAUD_MODEL_FILE ?? serviceAsset('model/weights.json'),
    rulesReloadMs: c.FRAUD_RULES_RELOAD_MS,
    auditMaxLen: c.FRAUD_AUDIT_MAXLEN,
    reviewTtlMs: c.FRAUD_REVIEW_TTL_DAYS * 86_400_000,
    llm,
  };
}
