// Every Redis connection of the platform comes from here: a single server, a Sentinel-managed
// master or a Redis Cluster, chosen by settings (REDIS_URL, REDIS_SENTINELS + REDIS_SENTINEL_NAME,
// REDIS_CLUSTER_NODES), with the same behaviour (retries, offline queue, ready check) for all three.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { z } from 'zod';

/** A connection to Redis, whatever the topology; what stores and scripts take. */
export type RedisConnection = Redis | Cluster;

export interface RedisNodeAddress {
  host: string;
  port: number;
}

/** Where Redis is, parsed from settings (a secret when it holds a password: never log it). */
export type RedisEndpoint =
  | {
      kind: 'single';
      /** `redis://` or `rediss://`, credentials in it (redisUrlWithCredentials in the service kit). */
      url: string;
    }
  | {
      kind: 'sentinel';
      sentinels: RedisNodeAddress[];
      /** The master group the sentinels watch (`sentinel monitor <name> …`). */
      name: string;
      username?: string;
      password?: string;
      /** Only when the sentinels themselves require a password (they usually do not). */
      sentinelPassword?: string;
      tls?: boolean;
    }
  | {
      kind: 'cluster';
      /** Seed nodes: any few of the cluster's nodes; the rest are learned from CLUSTER SLOTS. */
      nodes: RedisNodeAddress[];
      username?: string;
      password?: string;
      tls?: boolean;
    };

/** A bad Redis configuration; its issues name the settings (`NAME: what is wrong`), never a secret. */
export class RedisEndpointError extends Error {
  override readonly name = 'RedisEndpointError';
  constructor(readonly issues: string[]) {
    super(`Redis settings: ${issues.join('; ')}`);
  }
}

const NODE_LIST = /^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/;
const nodeList = z.string().regex(NODE_LIST, 'must be host:port,host:port,…').optional();

/**
 * The Redis settings, as a service's (or the gateway's) env schema extends them. REDIS_URL has no
 * default here: the service kit adds one, and a URL beside cluster nodes or sentinels is refused.
 */
export const redisEnvShape = {
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  REDIS_SENTINELS: nodeList,
  REDIS_SENTINEL_NAME: z.string().min(1).optional(),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  REDIS_CLUSTER_NODES: nodeList,
  REDIS_TLS: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .optional()
    .transform((v) => v === 'true'),
  REDIS_USERNAME: z.string().optional(),
  REDIS_PASSWORD: z.string().optional(),
};

export type RedisEnv = Partial<Record<keyof typeof redisEnvShape, string | undefined>>;

/** Problems of combination across the Redis settings (each `NAME: what is wrong`). */
export function redisSettingsProblems(env: RedisEnv): string[] {
  const set = (name: keyof RedisEnv): boolean => env[name] !== undefined && env[name] !== '';
  const problems: string[] = [];
  if (set('REDIS_CLUSTER_NODES') && set('REDIS_SENTINELS'))
    problems.push(
      'REDIS_CLUSTER_NODES: set together with REDIS_SENTINELS; set one (a Redis Cluster or a Sentinel-managed master)',
    );
  for (const topology of ['REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const)
    if (set(topology) && set('REDIS_URL'))
      problems.push(
        `REDIS_URL: set together with ${topology}; leave it empty (the nodes say where Redis is)`,
      );
  if (set('REDIS_SENTINELS') && !set('REDIS_SENTINEL_NAME'))
    problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the master group they watch)');
  if (set('REDIS_SENTINEL_NAME') && !set('REDIS_SENTINELS'))
    problems.push('REDIS_SENTINELS: required with REDIS_SENTINEL_NAME');
  if (set('REDIS_SENTINEL_PASSWORD') && !set('REDIS_SENTINELS'))
    problems.push('REDIS_SENTINELS: required with REDIS_SENTINEL_PASSWORD');
  if (set('REDIS_USERNAME') && !set('REDIS_PASSWORD'))
    problems.push('REDIS_PASSWORD: required with REDIS_USERNAME');
  return problems;
}

/**
 * The endpoint the settings describe: REDIS_CLUSTER_NODES selects a Redis Cluster,
 * REDIS_SENTINELS a Sentinel-managed master, otherwise REDIS_URL (`defaultUrl` when unset) a single
 * server. Throws RedisEndpointError naming every wrong setting.
 */
export function redisEndpointFromEnv(env: RedisEnv, defaultUrl = 'redis://127.0.0.1:6379'): RedisEndpoint {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  const parsed = z.object(redisEnvShape).safeParse(cleaned);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  problems.push(...redisSettingsProblems(cleaned));
  if (!parsed.success || problems.length) throw new RedisEndpointError(problems);
  return redisEndpointOf(parsed.data, defaultUrl);
}

/** The endpoint of settings already parsed (and checked with redisSettingsProblems). */
export function redisEndpointOf(
  s: {
    REDIS_URL?: string;
    REDIS_SENTINELS?: string;
    REDIS_SENTINEL_NAME?: string;
    REDIS_SENTINEL_PASSWORD?: string;
    REDIS_CLUSTER_NODES?: string;
    REDIS_TLS?: boolean;
    REDIS_USERNAME?: string;
    REDIS_PASSWORD?: string;
  },
  defaultUrl = 'redis://127.0.0.1:6379',
): RedisEndpoint {
  const credentials = {
    ...(s.REDIS_USERNAME !== undefined ? { username: s.REDIS_USERNAME } : {}),
    ...(s.REDIS_PASSWORD !== undefined ? { password: s.REDIS_PASSWORD } : {}),
    ...(s.REDIS_TLS ? { tls: true } : {}),
  };
  if (s.REDIS_CLUSTER_NODES)
    return { kind: 'cluster', nodes: parseNodeList(s.REDIS_CLUSTER_NODES), ...credentials };
  if (s.REDIS_SENTINELS)
    return {
      kind: 'sentinel',
      sentinels: parseNodeList(s.REDIS_SENTINELS),
      name: s.REDIS_SENTINEL_NAME ?? '',
      ...credentials,
      ...(s.REDIS_SENTINEL_PASSWORD !== undefined ? { sentinelPassword: s.REDIS_SENTINEL_PASSWORD } : {}),
    };
  return {
    kind: 'single',
    url: urlWithCredentials(s.REDIS_URL ?? defaultUrl, s.REDIS_USERNAME, s.REDIS_PASSWORD),
  };
}

/** `host:port,host:port` → addresses (IPv6 hosts are not supported in this form). */
export function parseNodeList(list: string): RedisNodeAddress[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const at = s.lastIndexOf(':');
      return { host: s.slice(0, at), port: Number(s.slice(at + 1)) };
    });
}

/**
 * The URL with the user and password in it (URL-encoded; ioredis decodes them). Given ones replace
 * any in the URL; without them the URL is returned as it is.
 */
export function urlWithCredentials(url: string, username?: string, password?: string): string {
  if ((username === undefined && password === undefined) || !URL.canParse(url)) return url;
  const u = new URL(url);
  u.username = username === undefined ? '' : encodeURIComponent(username);
  u.password = password === undefined ? '' : encodeURIComponent(password);
  return u.toString();
}

/** The same endpoint (credentials included): two users of it may share one connection. */
export function sameRedisEndpoint(a: RedisEndpoint | undefined, b: RedisEndpoint | undefined): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** Where the endpoint points, without credentials: for logs and errors. */
export function describeRedisEndpoint(endpoint: RedisEndpoint): string {
  switch (endpoint.kind) {
    case 'single': {
      if (!URL.canParse(endpoint.url)) return endpoint.url;
      const u = new URL(endpoint.url);
      u.username = '';
      u.password = '';
      return u.toString();
    }
    case 'sentinel':
      return `sentinel master '${endpoint.name}' via ${endpoint.sentinels.map((n) => `${n.host}:${n.port}`).join(',')}`;
    case 'cluster':
      return `cluster via ${endpoint.nodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  }
}

/** The ACL user the endpoint connects as (`default` when none is given). */
export function redisUserOf(endpoint: RedisEndpoint): string {
  if (endpoint.kind !== 'single') return endpoint.username ?? 'default';
  const user = URL.canParse(endpoint.url) ? decodeURIComponent(new URL(endpoint.url).username) : '';
  return user === '' ? 'default' : user;
}

/** How a connection behaves; the same meaning for every topology. */
export interface RedisConnectionOptions {
  /** Connect on the first command or `connect()` (default false: connect now). */
  lazyConnect?: boolean;
  /** Queue commands while (re)connecting (default true); false: fail them at once. */
  enableOfflineQueue?: boolean;
  /** Attempts of one command across reconnects before it fails (ioredis default 20). */
  maxRetriesPerRequest?: number | null;
  connectTimeout?: number;
  /** Drop a connection that does not answer for this long (default none). */
  socketTimeout?: number;
  /** Delay before reconnect attempt `times`; null: do not reconnect. Default 50 ms × times, ≤ 2 s. */
  retryStrategy?: (times: number) => number | null;
  /**
   * Wait for the server to say it is ready (INFO; CLUSTER INFO on a cluster) before sending
   * commands. Default: only for the `default` user, since a restricted ACL user (the edge's) may not
   * run INFO.
   */
  enableReadyCheck?: boolean;
  /** Passed on as they are (connectionName, keyPrefix must not be used with RedisScript, …). */
  connectionName?: string;
}

const defaultRetry = (times: number): number => Math.min(times * 50, 2_000);

/** A connection to the endpoint: `Redis` for a single server or a Sentinel master, `Cluster` for a cluster. */
export function createRedisConnection(
  endpoint: RedisEndpoint,
  options: RedisConnectionOptions = {},
): RedisConnection {
  const readyCheck = options.enableReadyCheck ?? redisUserOf(endpoint) === 'default';
  const common: RedisOptions = {
    lazyConnect: options.lazyConnect ?? false,
    enableOfflineQueue: options.enableOfflineQueue ?? true,
    enableReadyCheck: readyCheck,
    ...(options.maxRetriesPerRequest !== undefined
      ? { maxRetriesPerRequest: options.maxRetriesPerRequest }
      : {}),
    ...(options.connectTimeout !== undefined ? { connectTimeout: options.connectTimeout } : {}),
    ...(options.socketTimeout !== undefined ? { socketTimeout: options.socketTimeout } : {}),
    ...(options.connectionName !== undefined ? { connectionName: options.connectionName } : {}),
  };
  const retryStrategy = options.retryStrategy ?? defaultRetry;
  switch (endpoint.kind) {
    case 'single':
      return new Redis(endpoint.url, { ...common, retryStrategy });
    case 'sentinel':
      return new Redis({
        ...common,
        sentinels: endpoint.sentinels,
        name: endpoint.name,
        role: 'master',
        ...(endpoint.username !== undefined ? { username: endpoint.username } : {}),
        ...(endpoint.password !== undefined ? { password: endpoint.password } : {}),
        // ioredis sends `password` to the master only; sentinels get their own, when they need one.
        ...(endpoint.sentinelPassword !== undefined ? { sentinelPassword: endpoint.sentinelPassword } : {}),
        ...(endpoint.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
        // Reconnecting asks the sentinels again, so a failover is followed.
        sentinelRetryStrategy: retryStrategy,
        retryStrategy,
      });
    case 'cluster':
      return new Cluster(endpoint.nodes, clusterOptions(endpoint, common, retryStrategy));
  }
}

function clusterOptions(
  endpoint: Extract<RedisEndpoint, { kind: 'cluster' }>,
  common: RedisOptions,
  retryStrategy: (times: number) => number | null,
): ClusterOptions {
  const { lazyConnect, enableOfflineQueue, enableReadyCheck, ...perNode } = common;
  return {
    lazyConnect,
    enableOfflineQueue,
    // CLUSTER INFO's cluster_state:ok; a restricted user may lack it, as INFO for a single server.
    enableReadyCheck,
    // Every read goes to the master of its slot: a read must see the caller's own writes
    // (replication is asynchronous).
    scaleReads: 'master',
    clusterRetryStrategy: (times) => retryStrategy(times),
    // CLUSTER SLOTS after a failover or MOVED: given a second before another node is asked.
    slotsRefreshTimeout: 1_000,
    // While a replica is promoted (a few seconds) commands wait for the new slot map and are retried.
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 200,
    maxRedirections: 16,
    redisOptions: {
      ...perNode,
      ...(endpoint.username !== undefined ? { username: endpoint.username } : {}),
      ...(endpoint.password !== undefined ? { password: endpoint.password } : {}),
      ...(endpoint.tls ? { tls: {} } : {}),
    },
  };
}

/**
 * A second connection to the same Redis with other options (a subscriber beside a client):
 * `Redis.duplicate` and `Cluster.duplicate` take different arguments.
 */
export function duplicateRedisConnection(
  connection: RedisConnection,
  overrides: Pick<RedisConnectionOptions, 'lazyConnect' | 'enableOfflineQueue' | 'socketTimeout'>,
): RedisConnection {
  if (connection instanceof Cluster) {
    const { lazyConnect, enableOfflineQueue, socketTimeout } = overrides;
    const own = connection.options;
    return connection.duplicate([], {
      ...(lazyConnect !== undefined ? { lazyConnect } : {}),
      ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
      redisOptions: { ...own.redisOptions, socketTimeout },
    });
  }
  return connection.duplicate(overrides);
}

export { Cluster as RedisCluster };

/** True for a Redis Cluster connection. */
export function isRedisCluster(connection: RedisConnection): connection is Cluster {
  return connection instanceof Cluster;
}
