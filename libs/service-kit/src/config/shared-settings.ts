// The settings every service reads for its connections, its bus and its lifecycle, declared once.
// Each service used to declare its own copy, and copies drift: a service that misses the stream
// settings re-provisions the shared streams with other replicas or retention than its peers.
import { z } from 'zod';
import type { WireFormat } from '@shopmind/contracts';

const DAY_MS = 24 * 60 * 60 * 1000;
const int = (min: number, def: number) => z.coerce.number().int().min(min).default(def);

/** Per-service defaults; anything not given takes the bus's own default. */
export interface ServiceEnvDefaults {
  httpPort: number;
  ackWaitMs?: number;
  maxAckPending?: number;
  concurrency?: number;
}

/** The zod schema of the shared settings; a service extends it with its own. */
export function serviceEnvSchema(defaults: ServiceEnvDefaults) {
  return z.object({
    NATS_URL: z
      .string()
      .regex(/^(nats|tls|wss?):\/\//, 'must be a nats:// URL')
      .default('nats://127.0.0.1:4222'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .default('redis://127.0.0.1:6379'),
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(defaults.httpPort),
    SHOPMIND_PUBLISH_FORMAT: z.enum(['json', 'protobuf']).default('json'),
    SHOPMIND_SUBJECT_PREFIX: z
      .string()
      .regex(/^$|^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be empty or dot-separated subject tokens')
      .default(''),
    // Every service provisions the shared streams at start-up: all must use the same values (one
    // ConfigMap), or a start re-sizes them or downgrades them (replicas 3 → 1) for everybody.
    SHOPMIND_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
    SHOPMIND_STREAM_MAX_AGE_MS: int(1000, 7 * DAY_MS),
    SHOPMIND_STREAM_MAX_BYTES: int(1024 * 1024, 1024 * 1024 * 1024),
    SHOPMIND_BUS_MAX_DELIVER: int(1, 5),
    SHOPMIND_BUS_ACK_WAIT_MS: int(1000, defaults.ackWaitMs ?? 30_000),
    SHOPMIND_BUS_MAX_ACK_PENDING: int(1, defaults.maxAckPending ?? 1000),
    SHOPMIND_BUS_CONCURRENCY: int(1, defaults.concurrency ?? 64),
    SHOPMIND_BUS_RETRY_DELAY_MS: int(1, 1000),
    // Fairness between shops (libs/bus README): messages a consumer holds pulled (unset: 4 ×
    // concurrency, at most max ack pending), whether shops take turns, and one shop's handlers at once.
    SHOPMIND_BUS_READ_AHEAD: z.coerce.number().int().min(1).optional(),
    SHOPMIND_BUS_FAIRNESS: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default('true')
      .transform((v) => v === 'true'),
    SHOPMIND_BUS_TENANT_CONCURRENCY: z.coerce.number().int().min(1).optional(),
    // The furthest a query's deadline may be, whatever the caller's Shopmind-Deadline says; at most
    // what a Node timer holds (2^31 - 1 ms), past which it would fire at once.
    SHOPMIND_QUERY_MAX_DEADLINE_MS: z.coerce
      .number()
      .int()
      .min(1)
      .max(2 ** 31 - 1)
      .default(60_000),
    // Time a stopping service has to finish in-flight work and close its connections; past it the
    // process exits anyway. Below Kubernetes' terminationGracePeriodSeconds (30 s by default).
    SHOPMIND_SHUTDOWN_GRACE_MS: int(100, 25_000),
    // Readiness: how long Redis may take to answer PING before the service reports not ready.
    SHOPMIND_READINESS_TIMEOUT_MS: int(10, 1000),
  });
}

export type ServiceEnv = z.infer<ReturnType<typeof serviceEnvSchema>>;

export interface ServiceSettings {
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
    /** Pulled messages a consumer holds (running and waiting); undefined: the bus's default. */
    readAhead?: number;
    /** Shops take turns within the read-ahead window. */
    fairness: boolean;
    /** One shop's handlers at once per consumer; undefined: concurrency (no cap). */
    tenantConcurrency?: number;
    /** First redelivery delay after a transient failure (doubles per delivery). */
    retryDelayMs: number;
    /** The furthest a query's deadline may be from now; a later one is clamped to it. */
    queryMaxDeadlineMs: number;
  };
  /** Time a stopping service has to finish in-flight work before the process exits anyway. */
  shutdownGraceMs: number;
  /** Readiness: time Redis has to answer PING. */
  readinessTimeoutMs: number;
}

/** Maps the parsed shared settings to the shape services keep in their config. */
export function serviceSettingsOf(c: ServiceEnv): ServiceSettings {
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
      readAhead: c.SHOPMIND_BUS_READ_AHEAD,
      fairness: c.SHOPMIND_BUS_FAIRNESS,
      tenantConcurrency: c.SHOPMIND_BUS_TENANT_CONCURRENCY,
      retryDelayMs: c.SHOPMIND_BUS_RETRY_DELAY_MS,
      queryMaxDeadlineMs: c.SHOPMIND_QUERY_MAX_DEADLINE_MS,
    },
    shutdownGraceMs: c.SHOPMIND_SHUTDOWN_GRACE_MS,
    readinessTimeoutMs: c.SHOPMIND_READINESS_TIMEOUT_MS,
  };
}
