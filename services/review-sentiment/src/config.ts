// Settings from the environment, validated at start-up: the process refuses to start and names
// every wrong setting, its own and the LLM gateway's together. Defaults are listed in the README.
import { GatewayConfigError, loadGatewayConfig, type GatewayConfig } from '@shopmind/llm-gateway';
import type { WireFormat } from '@shopmind/contracts';
import { z } from 'zod';

const int = (min: number, def: number) => z.coerce.number().int().min(min).default(def);

const schema = z.object({
  NATS_URL: z
    .string()
    .regex(/^(nats|tls|wss?):\/\//, 'must be a nats:// URL')
    .default('nats://127.0.0.1:4222'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SHOPMIND_PUBLISH_FORMAT: z.enum(['json', 'protobuf']).default('json'),
  SHOPMIND_SUBJECT_PREFIX: z
    .string()
    .regex(/^$|^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be empty or dot-separated subject tokens')
    .default(''),
  SHOPMIND_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  // Retention of the streams the service provisions (7 days, 1 GiB): ops size it per deployment.
  SHOPMIND_STREAM_MAX_AGE_MS: int(1000, 7 * 24 * 60 * 60 * 1000),
  SHOPMIND_STREAM_MAX_BYTES: int(1024 * 1024, 1024 * 1024 * 1024),
  SHOPMIND_BUS_MAX_DELIVER: int(1, 5),
  SHOPMIND_BUS_ACK_WAIT_MS: int(1000, 30_000),
  SHOPMIND_BUS_MAX_ACK_PENDING: int(1, 1000),
  SHOPMIND_BUS_CONCURRENCY: int(1, 64),
  SHOPMIND_BUS_RETRY_DELAY_MS: int(1, 1000),
  REVIEW_SUMMARY_DEBOUNCE_MS: int(0, 1000),
  REVIEW_SUMMARY_QUOTES_KEPT: int(1, 10),
  REVIEW_SUMMARY_DEFAULT_QUOTES: int(0, 5),
});

export interface ReviewSentimentConfig {
  natsUrl: string;
  redisUrl: string;
  httpPort: number;
  publishFormat: WireFormat;
  /** Namespace for isolated deployments and tests; empty in production. */
  subjectPrefix: string;
  bus: {
    /** JetStream stream and consumer replicas; at most the NATS cluster size. */
    replicas: number;
    /** Stream retention limits, applied when the streams are created or updated. */
    retention: { maxAgeMs: number; maxBytes: number };
    maxDeliver: number;
    ackWaitMs: number;
    maxAckPending: number;
    concurrency: number;
    retryDelayMs: number;
  };
  summary: {
    /** A product's summary is recomputed at most once per this many ms (per replica). */
    debounceMs: number;
    /** Representative quotes kept per product and polarity. */
    quotesKept: number;
    /** Quotes in a reply when the request asks for 0. */
    defaultQuotes: number;
  };
  llm: GatewayConfig;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`review-sentiment refuses to start:\n  ${problems.join('\n  ')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): ReviewSentimentConfig {
  const problems: string[] = [];
  // An empty variable means "not set" (compose files and Kubernetes often pass empty strings).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  let llm: GatewayConfig | undefined;
  try {
    // The gateway shares the service's Redis unless LLM settings say otherwise.
    llm = loadGatewayConfig({ ...cleaned, REDIS_URL: cleaned.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  } catch (err) {
    if (!(err instanceof GatewayConfigError)) throw err;
    problems.push(...err.issues);
  }
  if (!parsed.success || !llm || problems.length) throw new ConfigError(problems);
  const c = parsed.data;
  return {
    natsUrl: c.NATS_URL,
    redisUrl: c.REDIS_URL,
    httpPort: c.HTTP_PORT,
    publishFormat: c.SHOPMIND_PUBLISH_FORMAT,
    subjectPrefix: c.SHOPMIND_SUBJECT_PREFIX,
    bus: {
      replicas: c.SHOPMIND_STREAM_REPLICAS,
      retention: { maxAgeMs: c.SHOPMIND_STREAM_MAX_AGE_MS, maxBytes: c.SHOPMIND_STREAM_MAX_BYTES },
      maxDeliver: c.SHOPMIND_BUS_MAX_DELIVER,
      ackWaitMs: c.SHOPMIND_BUS_ACK_WAIT_MS,
      maxAckPending: c.SHOPMIND_BUS_MAX_ACK_PENDING,
      concurrency: c.SHOPMIND_BUS_CONCURRENCY,
      retryDelayMs: c.SHOPMIND_BUS_RETRY_DELAY_MS,
    },
    summary: {
      debounceMs: c.REVIEW_SUMMARY_DEBOUNCE_MS,
      quotesKept: c.REVIEW_SUMMARY_QUOTES_KEPT,
      defaultQuotes: c.REVIEW_SUMMARY_DEFAULT_QUOTES,
    },
    llm,
  };
}
