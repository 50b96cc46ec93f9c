// Settings from the environment, validated at start-up: the process refuses to start and names
// every wrong setting, its own and the LLM gateway's together. Defaults are listed in the README.
import type { WireFormat } from '@shopmind/contracts';
import { GatewayConfigError, loadGatewayConfig, type GatewayConfig } from '@shopmind/llm-gateway';
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
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8084),
  SHOPMIND_PUBLISH_FORMAT: z.enum(['json', 'protobuf']).default('json'),
  SHOPMIND_SUBJECT_PREFIX: z
    .string()
    .regex(/^$|^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be empty or dot-separated subject tokens')
    .default(''),
  // Every service provisions the shared streams: the same values as the others (one ConfigMap), or
  // the last one to start would re-size or downgrade them (replicas 3 → 1) for everybody.
  SHOPMIND_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  SHOPMIND_STREAM_MAX_AGE_MS: int(1000, 7 * 24 * 60 * 60 * 1000),
  SHOPMIND_STREAM_MAX_BYTES: int(1024 * 1024, 1024 * 1024 * 1024),
  SHOPMIND_BUS_MAX_DELIVER: int(1, 5),
  SHOPMIND_BUS_ACK_WAIT_MS: int(1000, 30_000),
  SHOPMIND_BUS_MAX_ACK_PENDING: int(1, 1000),
  SHOPMIND_BUS_CONCURRENCY: int(1, 32),
  SHOPMIND_BUS_RETRY_DELAY_MS: int(1, 1000),
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
});

export interface KnowledgeGraphConfig {
  natsUrl: string;
  redisUrl: string;
  httpPort: number;
  publishFormat: WireFormat;
  subjectPrefix: string;
  bus: {
    replicas: number;
    retention: { maxAgeMs: number; maxBytes: number };
    maxDeliver: number;
    ackWaitMs: number;
    maxAckPending: number;
    concurrency: number;
    retryDelayMs: number;
  };
  queryLimit: number;
  similar: { topK: number; threshold: number };
  tombstoneTtlSeconds: number;
  aliases: Record<string, string>;
  llm: GatewayConfig;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`knowledge-graph refuses to start:\n  ${problems.join('\n  ')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): KnowledgeGraphConfig {
  const problems: string[] = [];
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  let llm: GatewayConfig | undefined;
  try {
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
    queryLimit: c.KG_QUERY_LIMIT,
    similar: { topK: c.KG_SIMILAR_TOP_K, threshold: c.KG_SIMILAR_THRESHOLD },
    tombstoneTtlSeconds: c.KG_TOMBSTONE_TTL_S,
    aliases: JSON.parse(c.KG_ALIASES) as Record<string, string>,
    llm,
  };
}
