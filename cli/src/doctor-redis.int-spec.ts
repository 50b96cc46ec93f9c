// doctor against the Redis the services use, from the same settings: one server (REDIS_URL) or, with
// SHOPMIND_TEST_REDIS=cluster, a Redis Cluster (REDIS_CLUSTER_NODES), whose budget keys are on
// several masters (a SCAN of one node would miss some).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RedisConnection } from '@shopmind/redis';
import { connectTestRedis, startInfra, uniqueName, type Infra } from '@shopmind/testing';
import { captureIo } from './capture-io.js';
import { runCli } from './run-cli.js';

let infra: Infra;
let redis: RedisConnection;

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
});

afterAll(async () => {
  redis?.disconnect();
  await infra?.stop();
});

describe('doctor on the configured Redis', () => {
  it('connects with the services’ settings and finds every tenant’s budget spent today', async () => {
    const keyPrefix = uniqueName('llm').replace(/[^A-Za-z0-9]/g, '');
    const day = new Date().toISOString().slice(0, 10);
    const tenants = Array.from({ length: 8 }, (_, i) => `shop${i}`);
    for (const [i, tenant] of tenants.entries())
      await redis.hset(`${keyPrefix}:budget:{${tenant}}:${day}`, 'tokens', i === 5 ? 950 : 10);
    const redisEnv =
      infra.redis.mode === 'cluster'
        ? { REDIS_CLUSTER_NODES: infra.redis.nodes.map((n) => `${n.host}:${n.port}`).join(',') }
        : { REDIS_URL: infra.redis.url };
    const io = captureIo({
      env: { ...redisEnv, LLM_KEY_PREFIX: keyPrefix, LLM_BUDGET_TENANT_TOKENS_PER_DAY: '1000' },
    });
    await runCli(['doctor', '--json', '--nats-url', infra.natsUrl, '--prefix', keyPrefix.toLowerCase()], io);
    const checks = io.json<{ checks: { check: string; status: string; detail: string }[] }>()[0]!.checks;
    const redisCheck = checks.find((c) => c.check === 'redis');
    expect(redisCheck).toMatchObject({ status: 'ok' });
    if (infra.redis.mode === 'cluster') expect(redisCheck?.detail).toContain('cluster via');
    expect(checks.filter((c) => c.check.startsWith('budget '))).toEqual([
      expect.objectContaining({ check: 'budget shop5', status: 'warn' }),
    ]);
  });
});
