// `check aggregates` against the Redis the services use, from the same settings: one server
// (REDIS_URL) or, with SHOPMIND_TEST_REDIS=cluster, a Redis Cluster (REDIS_CLUSTER_NODES) whose
// shops' keys are on several masters. The stores' layouts are written here as the services write
// them; a counted-twice event is made by writing its counters a second time.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RedisConnection } from '@shopmind/redis';
import { connectTestRedis, freePort, startInfra, uniqueTenant, type Infra } from '@shopmind/testing';
import { captureIo } from '../capture-io.js';
import { runCli } from '../run-cli.js';

let infra: Infra;
let redis: RedisConnection;
let redisEnv: Record<string, string>;

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
  redisEnv =
    infra.redis.mode === 'cluster'
      ? { REDIS_CLUSTER_NODES: infra.redis.nodes.map((n) => `${n.host}:${n.port}`).join(',') }
      : { REDIS_URL: infra.redis.url };
});

afterAll(async () => {
  redis?.disconnect();
  await infra?.stop();
});

const T0 = Date.UTC(2026, 10, 1, 12);

/** One shop as the three services store it: two reviewed products, one account with two orders. */
async function shop(): Promise<string> {
  const t = uniqueTenant('chk');
  for (const p of ['p-1', 'p:2']) {
    const rs = `{review-sentiment:${t}:${p}}:`;
    const review = {
      reviewId: 'r',
      rating: 4,
      polarity: 'positive',
      score: 0.5,
      lowConfidence: false,
      tier: 'local',
      aspects: [{ name: 'quality', polarity: 'positive', score: 0.5 }],
    };
    await redis.hset(`${rs}counted`, 'e-1', JSON.stringify(review));
    await redis.hset(`${rs}stats`, {
      count: 1,
      rating_sum: 4,
      'star:4': 1,
      score_sum: 0.5,
      'polarity:positive': 1,
      'tier:local': 1,
    });
    await redis.hset(`${rs}aspects`, {
      'quality:mentions': 1,
      'quality:positive': 1,
      'quality:score_sum': 0.5,
    });
    const kg = `{kg:${t}}:p:${p}:`;
    await redis.hset(`${kg}revby`, {
      'e-1': JSON.stringify([['PRAISED_FOR', 'quality']]),
      'e-2': JSON.stringify([
        ['PRAISED_FOR', 'quality'],
        ['CRITICIZED_FOR', 'price'],
      ]),
    });
    await redis.hset(`${kg}rev`, { 'PRAISED_FOR|quality': 2, 'CRITICIZED_FOR|price': 1 });
  }
  const fd = `fd:{${t}:user:a1b2c3}:`;
  await redis.zadd(`${fd}ev`, T0, 'o-1', T0 + 3_600_000, 'o-2');
  await redis.hset(`${fd}meta`, { n: 2, sum: 8400, max: 4200, first: T0 });
  return t;
}

async function check(args: string[], env: Record<string, string> = redisEnv) {
  const io = captureIo({ env });
  const code = await runCli(['check', 'aggregates', ...args], io);
  return { code, io };
}

describe('check aggregates', () => {
  it('finds a consistent shop consistent in all three services (exit 0)', async () => {
    const t = await shop();
    const { code, io } = await check(['--service', 'all', '--tenant', t]);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    expect(io.stdout).toEqual([
      'review-sentiment: 2 products checked, 0 differences',
      'knowledge-graph: 2 products checked, 0 differences',
      'fraud-detection: 1 accounts checked, 0 differences',
    ]);
  });

  it('reports what was counted twice, field by field, in each service (exit 1), and changes nothing', async () => {
    const t = await shop();
    await redis.hincrby(`{review-sentiment:${t}:p:2}:stats`, 'count', 1);
    await redis.hincrby(`{review-sentiment:${t}:p:2}:stats`, 'rating_sum', 4);
    await redis.hincrby(`{kg:${t}}:p:p-1:rev`, 'PRAISED_FOR|quality', 1);
    await redis.hincrby(`fd:{${t}:user:a1b2c3}:meta`, 'n', 1);
    const { code, io } = await check(['--service', 'all', '--tenant', t, '--json']);
    expect(code).toBe(1);
    expect(io.json()).toEqual([
      {
        service: 'review-sentiment',
        checked: 2,
        differences: [
          { tenant: t, subject: 'p:2', field: 'stats.count', counter: 2, recount: 1 },
          { tenant: t, subject: 'p:2', field: 'stats.rating_sum', counter: 8, recount: 4 },
        ],
      },
      {
        service: 'knowledge-graph',
        checked: 2,
        notCheckable: 0,
        differences: [
          { tenant: t, subject: 'p-1', field: 'rev.PRAISED_FOR|quality', counter: 3, recount: 2 },
        ],
      },
      {
        service: 'fraud-detection',
        checked: 1,
        notCheckable: 0,
        differences: [{ tenant: t, subject: 'user:a1b2c3', field: 'meta.n', counter: 3, recount: 2 }],
      },
    ]);
    expect(await redis.hget(`{kg:${t}}:p:p-1:rev`, 'PRAISED_FOR|quality')).toBe('3');

    // One service, one product, as text.
    const one = await check(['--service', 'knowledge-graph', '--tenant', t, '--product', 'p-1']);
    expect(one.code).toBe(1);
    expect(one.io.stdout).toEqual([
      `knowledge-graph ${t} p-1 rev.PRAISED_FOR|quality: counter 3, recount 2`,
      'knowledge-graph: 1 products checked, 1 differences',
    ]);
    expect(one.io.stderr.join('\n')).toContain('counted twice');
    expect((await check(['--service', 'knowledge-graph', '--tenant', t, '--product', 'p:2'])).code).toBe(0);
  });

  it('says which graph products are not checkable instead of reporting them', async () => {
    const t = uniqueTenant('chkold');
    await redis.hset(`{kg:${t}}:p:old:rev`, 'PRAISED_FOR|quality', 3);
    const { code, io } = await check(['--service', 'knowledge-graph', '--tenant', t]);
    expect(code).toBe(0);
    expect(io.stdout).toEqual([
      'knowledge-graph: 0 products checked, 0 differences, 1 not checkable (reviews counted before the record existed, none since)',
    ]);
  });

  it('checks every shop when no tenant is given (every master of a cluster)', async () => {
    const shops = [await shop(), await shop(), await shop(), await shop()];
    for (const t of shops) await redis.hincrby(`{kg:${t}}:p:p:2:rev`, 'CRITICIZED_FOR|price', 1);
    const { code, io } = await check(['--service', 'knowledge-graph', '--json']);
    expect(code).toBe(1);
    const [line] = io.json<{ differences: { tenant: string; subject: string }[] }>();
    expect(
      line!.differences
        .filter((d) => shops.includes(d.tenant))
        .map((d) => d.tenant)
        .sort(),
    ).toEqual([...shops].sort());
  });

  it('refuses a product without its shop, or for fraud-detection (exit 2), and an unreachable Redis (exit 3)', async () => {
    expect((await check(['--service', 'review-sentiment', '--product', 'p-1'])).code).toBe(2);
    expect((await check(['--service', 'fraud-detection', '--tenant', 'acme', '--product', 'p-1'])).code).toBe(
      2,
    );
    expect((await check(['--service', 'recommendation'])).code).toBe(2);
    const down = await check(['--service', 'all'], { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect(down.code).toBe(3);
    expect(down.io.stderr.join('\n')).toContain('cannot connect to Redis');
  });
});
