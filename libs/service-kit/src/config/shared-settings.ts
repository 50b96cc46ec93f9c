// The settings every service reads for its connections, its bus and its lifecycle, declared once.
// Each service used to declare its own copy, and copies drift. The stream settings are read by the
// admin's `shopmind provision` from the same variables (services only verify the streams).
import { z } from 'zod';
import type { WireFormat } from '@shopmind/contracts';
import { redisEndpointOf, redisEnvShape, urlWithCredentials, type RedisEndpoint } from '@shopmind/redis';

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
    // The service's NATS user (docs/decisions/permission-model.md); both or neither.
    NATS_USER: z.string().optional(),
    NATS_PASSWORD: z.string().optional(),
    // PEM file of the CA that signed the NATS server's certificate (with a tls:// URL).
    NATS_TLS_CA_FILE: z.string().optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .default('redis://127.0.0.1:6379'),
    // Put into REDIS_URL by redisUrlWithCredentials, so manifests keep the URL free of secrets.
    REDIS_USERNAME: z.string().optional(),
    REDIS_PASSWORD: z.string().optional(),
    // Redis Cluster seed nodes, or Sentinels and the master group they watch, instead of REDIS_URL
    // (@shopmind/redis: one connection factory; a bad combination is refused at start-up).
    REDIS_CLUSTER_NODES: redisEnvShape.REDIS_CLUSTER_NODES,
    REDIS_SENTINELS: redisEnvShape.REDIS_SENTINELS,
    REDIS_SENTINEL_NAME: redisEnvShape.REDIS_SENTINEL_NAME,
    REDIS_SENTINEL_PASSWORD: redisEnvShape.REDIS_SENTINEL_PASSWORD,
    REDIS_TLS: redisEnvShape.REDIS_TLS,
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(defaults.httpPort),
    SHOPMIND_PUBLISH_FORMAT: z.enum(['json', 'protobuf']).default('json'),
    SHOPMIND_SUBJECT_PREFIX: z
      .string()
      .regex(/^$|^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be empty or dot-separated subject tokens')
      .default(''),
    // Read by `shopmind provision` (and the services' own durable consumers: replicas): one ConfigMap
    // for all, so provisioning and the services agree.
    SHOPMIND_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
    SHOPMIND_STREAM_MAX_AGE_MS: int(1000, 7 * DAY_MS),
    SHOPMIND_STREAM_MAX_BYTES: int(1024 * 1024, 1024 * 1024 * 1024),
    SHOPMIND_BUS_MAX_DELIVER: int(1, 5),
    SHOPMIND_BUS_ACK_WAIT_MS: int(1000, defaults.ackWaitMs ?? 30_000),
    SHOPMIND_BUS_MAX_ACK_PENDING: int(1, defaults.maxAckPending ?? 1000),
    SHOPMIND_BUS_CONCURRENCY: int(1, defaults.concurrency ?? 64),
    SHOPMIND_BUS_RETRY_DELAY_MS: int(1, 1000),
    // While the streams are not provisioned (the service is up, not ready): how often it checks again.
    SHOPMIND_BUS_VERIFY_RETRY_MS: int(10, 5000),
    // Fairness between shops (libs/bus README): messages a consumer holds pulled (unset: 4 ×
    // concurrency, at most max ack pending), whether shops take turns, and one shop's handlers at once.
    SHOPMIND_BUS_READ_AHEAD: z.coerce.number().int().min(1).optional(),
    SHOPMIND_BUS_FAIRNESS: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default('true')
      .transform((v) => v === 'true'),
    SHOPMIND_BUS_TENANT_CONCURRENCY: z.coerce.number().int().min(1).optional(),
    // Query replies checked against their contract before they are sent; unset: on, except under
    // NODE_ENV=production (where checking re-proves on every reply what the tests prove).
    SHOPMIND_BUS_VALIDATE_REPLIES: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'true')),
    // `production` (the image) turns reply validation off unless the setting above says otherwise.
    NODE_ENV: z.string().default('development'),
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

/** Problems across the shared settings, `NAME: what is wrong` (none name a secret's value). */
export function sharedSettingsProblems(env: Partial<ServiceEnv>): string[] {
  const problems: string[] = [];
  if (env.NATS_USER !== undefined && env.NATS_PASSWORD === undefined)
    problems.push('NATS_PASSWORD: required with NATS_USER');
  if (env.NATS_PASSWORD !== undefined && env.NATS_USER === undefined)
    problems.push('NATS_USER: required with NATS_PASSWORD');
  if (env.REDIS_USERNAME !== undefined && env.REDIS_PASSWORD === undefined)
    problems.push('REDIS_PASSWORD: required with REDIS_USERNAME');
  return problems;
}

/**
 * The Redis URL with the user and password in it (URL-encoded; ioredis decodes them), so every
 * Redis client made from it — the bus's, the gateway's — authenticates. Given ones replace any in
 * the URL; without them the URL is returned as it is.
 */
export function redisUrlWithCredentials(url: string, username?: string, password?: string): string {
  return urlWithCredentials(url, username, password);
}

export interface ServiceSettings {
  natsUrl: string;
  /** NATS user and password of the service, and the CA its TLS connection trusts; unset: none. */
  nats: { user?: string; password?: string; tlsCaFile?: string };
  /**
   * With REDIS_USERNAME / REDIS_PASSWORD in it: a secret, never log it. The single server's URL;
   * with a Redis Cluster or Sentinel it is not where Redis is: use `redis`.
   */
  redisUrl: string;
  /** Where Redis is (single server, Sentinel or Redis Cluster), for `createRedisConnection`; a secret. */
  redis: RedisEndpoint;
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
    /** Query replies checked against their contract before they are sent. */
    validateReplies: boolean;
    /** First redelivery delay after a transient failure (doubles per delivery). */
    retryDelayMs: number;
    /** The furthest a query's deadline may be from now; a later one is clamped to it. */
    queryMaxDeadlineMs: number;
    /** How often the streams are checked again while they are not provisioned. */
    verifyRetryMs: number;
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
    nats: { user: c.NATS_USER, password: c.NATS_PASSWORD, tlsCaFile: c.NATS_TLS_CA_FILE },
    redisUrl: redisUrlWithCredentials(c.REDIS_URL, c.REDIS_USERNAME, c.REDIS_PASSWORD),
    redis: redisEndpointOf(c),
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
      validateReplies: c.SHOPMIND_BUS_VALIDATE_REPLIES ?? c.NODE_ENV !== 'production',
      retryDelayMs: c.SHOPMIND_BUS_RETRY_DELAY_MS,
      queryMaxDeadlineMs: c.SHOPMIND_QUERY_MAX_DEADLINE_MS,
      verifyRetryMs: c.SHOPMIND_BUS_VERIFY_RETRY_MS,
    },
    shutdownGraceMs: c.SHOPMIND_SHUTDOWN_GRACE_MS,
    readinessTimeoutMs: c.SHOPMIND_READINESS_TIMEOUT_MS,
  };
}
