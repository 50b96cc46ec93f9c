// Which Redis the integration tests get: one server (default) or a Redis Cluster
// (`SHOPMIND_TEST_REDIS=cluster`), and a client for either.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { InfraUnavailableError } from './infra-unavailable-error.js';

export type TestRedisMode = 'single' | 'cluster';

export interface RedisNodeAddress {
  host: string;
  port: number;
}

/** How to reach the test Redis. `url` is always set: with a cluster, it is the first seed node's. */
export type TestRedisSpec =
  { mode: 'single'; url: string } | { mode: 'cluster'; url: string; nodes: RedisNodeAddress[] };

/** `SHOPMIND_TEST_REDIS`: `single` (default) or `cluster`. */
export function testRedisMode(env: NodeJS.ProcessEnv = process.env): TestRedisMode {
  const raw = (env.SHOPMIND_TEST_REDIS ?? '').trim() || 'single';
  if (raw !== 'single' && raw !== 'cluster') {
    throw new InfraUnavailableError(`SHOPMIND_TEST_REDIS is ${raw}; use single or cluster`);
  }
  return raw;
}

/** `REDIS_CLUSTER_NODES`: `host:port,host:port,...` (what the Jest global setup exports). */
export function parseClusterNodes(value: string): RedisNodeAddress[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(?:redis:\/\/)?([^:/]+):(\d+)\/?$/.exec(s);
      if (!m) throw new InfraUnavailableError(`REDIS_CLUSTER_NODES has ${s}; expected host:port`);
      return { host: m[1]!, port: Number(m[2]) };
    });
}

export function formatClusterNodes(nodes: RedisNodeAddress[]): string {
  return nodes.map((n) => `${n.host}:${n.port}`).join(',');
}

/**
 * A client for the test Redis: `new Redis(url)` for one server, `new Cluster(nodes)` for a cluster
 * (every command routed by its key's slot; a multi-key command over two slots fails with CROSSSLOT).
 * The caller closes it (`quit()` / `disconnect()`).
 */
export function connectTestRedis(
  spec: TestRedisSpec,
  options: { redis?: RedisOptions; cluster?: ClusterOptions } = {},
): Redis | Cluster {
  if (spec.mode === 'single') return new Redis(spec.url, options.redis ?? {});
  return new Cluster(spec.nodes, options.cluster ?? {});
}
