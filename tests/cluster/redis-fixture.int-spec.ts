// SHOPMIND_TEST_REDIS=cluster: the testing lib's startInfra() gives a Redis Cluster, so a store's
// own int-specs can run against one (`connectTestRedis(infra.redis)`).
import { afterEach, describe, expect, it } from '@jest/globals';
import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis } from 'ioredis';
import { connectTestRedis, startInfra, startRedisCluster, uniqueName } from '@shopmind/testing';

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['SHOPMIND_TEST_REDIS', 'REDIS_CLUSTER_NODES']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('SHOPMIND_TEST_REDIS', () => {
  it('is a single server by default', async () => {
    delete process.env.SHOPMIND_TEST_REDIS;
    const infra = await startInfra();
    try {
      expect(infra.redis).toEqual({ mode: 'single', url: infra.redisUrl });
      const client = connectTestRedis(infra.redis);
      expect(client).toBeInstanceOf(Redis);
      client.disconnect();
    } finally {
      await infra.stop();
    }
  });

  it('=cluster starts a local Redis Cluster and hands out a Cluster client that refuses CROSSSLOT', async () => {
    process.env.SHOPMIND_TEST_REDIS = 'cluster';
    delete process.env.REDIS_CLUSTER_NODES;
    const infra = await startInfra({ sources: ['env', 'local'] });
    const client = connectTestRedis(infra.redis);
    try {
      expect(infra.redis.mode).toBe('cluster');
      expect(infra.sources.redis).toBe('local');
      expect(client).toBeInstanceOf(Cluster);
      const key = uniqueName('fixture');
      await client.set(`{${key}}:a`, '1');
      await client.set(`{${key}}:b`, '2');
      expect(await client.mget(`{${key}}:a`, `{${key}}:b`)).toEqual(['1', '2']);
      let other = `${key}:y-0`;
      for (let i = 1; calculateSlot(other) === calculateSlot(`${key}:x`); i++) other = `${key}:y-${i}`;
      await expect(client.eval('return 1', 2, `${key}:x`, other)).rejects.toThrow(/CROSSSLOT/);
    } finally {
      client.disconnect();
      await infra.stop();
    }
  }, 60_000);

  it('=cluster with REDIS_CLUSTER_NODES uses that cluster and starts nothing', async () => {
    const own = await startRedisCluster();
    try {
      process.env.SHOPMIND_TEST_REDIS = 'cluster';
      process.env.REDIS_CLUSTER_NODES = own.seeds.map((s) => `${s.host}:${s.port}`).join(',');
      const infra = await startInfra({ sources: ['env'] });
      expect(infra.redis).toEqual({
        mode: 'cluster',
        url: `redis://127.0.0.1:${own.seeds[0]!.port}`,
        nodes: own.seeds,
      });
      expect(infra.sources.redis).toBe('env');
      await infra.stop();
      // stop() left the cluster alone.
      const client = connectTestRedis(infra.redis);
      try {
        expect(await client.set(uniqueName('still-up'), 'yes')).toBe('OK');
      } finally {
        client.disconnect();
      }
    } finally {
      await own.stop();
    }
  }, 60_000);
});
