// The Redis settings → endpoint mapping, and the options each topology's client is built with.
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  createRedisConnection,
  describeRedisEndpoint,
  isRedisCluster,
  redisEndpointFromEnv,
  RedisEndpointError,
  type RedisConnection,
} from './redis-connection.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    redisEndpointFromEnv(env);
  } catch (err) {
    if (err instanceof RedisEndpointError) return err.issues;
    throw err;
  }
  return [];
};

describe('redisEndpointFromEnv', () => {
  it('is the local single server when nothing is set, with credentials put into the URL', () => {
    expect(redisEndpointFromEnv({})).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379' });
    expect(
      redisEndpointFromEnv({ REDIS_URL: 'redis://r:6380/2', REDIS_USERNAME: 'svc', REDIS_PASSWORD: 'p@ss' }),
    ).toEqual({ kind: 'single', url: 'redis://svc:p%40ss@r:6380/2' });
  });

  it('selects a Redis Cluster with REDIS_CLUSTER_NODES, credentials for every node', () => {
    expect(
      redisEndpointFromEnv({
        REDIS_CLUSTER_NODES: 'redis-0:6379, redis-1:6379,10.0.0.3:7000',
        REDIS_USERNAME: 'svc',
        REDIS_PASSWORD: 'pw',
      }),
    ).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'redis-0', port: 6379 },
        { host: 'redis-1', port: 6379 },
        { host: '10.0.0.3', port: 7000 },
      ],
      username: 'svc',
      password: 'pw',
    });
  });

  it('selects a Sentinel-managed master with REDIS_SENTINELS and REDIS_SENTINEL_NAME', () => {
    expect(
      redisEndpointFromEnv({
        REDIS_SENTINELS: 's-0:26379,s-1:26379',
        REDIS_SENTINEL_NAME: 'shopmind',
        REDIS_PASSWORD: 'pw',
        REDIS_SENTINEL_PASSWORD: 'spw',
      }),
    ).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's-0', port: 26379 },
        { host: 's-1', port: 26379 },
      ],
      name: 'shopmind',
      password: 'pw',
      sentinelPassword: 'spw',
    });
  });

  it('refuses a bad combination, naming the settings', () => {
    expect(
      problems({ REDIS_CLUSTER_NODES: 'a:1', REDIS_SENTINELS: 'b:2', REDIS_SENTINEL_NAME: 'm' }),
    ).toEqual([
      'REDIS_CLUSTER_NODES: set together with REDIS_SENTINELS; set one (a Redis Cluster or a Sentinel-managed master)',
    ]);
    expect(problems({ REDIS_CLUSTER_NODES: 'a:1', REDIS_URL: 'redis://x:1' })).toEqual([
      'REDIS_URL: set together with REDIS_CLUSTER_NODES; leave it empty (the nodes say where Redis is)',
    ]);
    expect(problems({ REDIS_SENTINELS: 'b:2' })).toEqual([
      'REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the master group they watch)',
    ]);
    expect(problems({ REDIS_CLUSTER_NODES: 'redis-0', REDIS_USERNAME: 'u' })).toEqual([
      'REDIS_CLUSTER_NODES: must be host:port,host:port,…',
      'REDIS_PASSWORD: required with REDIS_USERNAME',
    ]);
  });

  it('treats an empty setting as unset (compose and Kubernetes pass empty strings)', () => {
    expect(redisEndpointFromEnv({ REDIS_URL: '', REDIS_CLUSTER_NODES: 'a:1' }).kind).toBe('cluster');
  });
});

describe('describeRedisEndpoint', () => {
  it('never shows a password', () => {
    const shown = [
      redisEndpointFromEnv({ REDIS_URL: 'redis://u:secret@r:1' }),
      redisEndpointFromEnv({ REDIS_CLUSTER_NODES: 'a:1', REDIS_PASSWORD: 'secret' }),
      redisEndpointFromEnv({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'm', REDIS_PASSWORD: 'secret' }),
    ].map(describeRedisEndpoint);
    expect(shown).toEqual(['redis://r:1', 'cluster via a:1', "sentinel master 'm' via a:1"]);
  });
});

describe('createRedisConnection (options only; nothing connects)', () => {
  const made: RedisConnection[] = [];
  const make = (...args: Parameters<typeof createRedisConnection>) => {
    const c = createRedisConnection(args[0], { lazyConnect: true, ...args[1] });
    made.push(c);
    return c;
  };
  afterAll(() => made.forEach((c) => c.disconnect()));

  it('gives a cluster the reads-on-masters and failover options, and the credentials to every node', () => {
    const c = make(
      { kind: 'cluster', nodes: [{ host: 'a', port: 1 }], username: 'svc', password: 'pw' },
      {
        maxRetriesPerRequest: 1,
      },
    );
    expect(isRedisCluster(c)).toBe(true);
    if (!isRedisCluster(c)) return;
    expect(c.options.scaleReads).toBe('master');
    expect(c.options.enableReadyCheck).toBe(false); // a restricted user may not run CLUSTER INFO
    expect(typeof c.options.clusterRetryStrategy).toBe('function');
    expect(c.options.redisOptions).toMatchObject({
      username: 'svc',
      password: 'pw',
      maxRetriesPerRequest: 1,
    });
  });

  it('checks readiness for the default user only, in every topology', () => {
    const single = make({ kind: 'single', url: 'redis://edge:pw@r:1' });
    const sentinel = make({
      kind: 'sentinel',
      sentinels: [{ host: 's', port: 1 }],
      name: 'm',
      password: 'pw',
    });
    expect(isRedisCluster(single) ? undefined : single.options.enableReadyCheck).toBe(false);
    expect(isRedisCluster(sentinel) ? undefined : sentinel.options).toMatchObject({
      enableReadyCheck: true,
      name: 'm',
      role: 'master',
      password: 'pw',
    });
    expect(isRedisCluster(sentinel) ? undefined : sentinel.options.sentinelPassword).toBeUndefined();
  });
});
