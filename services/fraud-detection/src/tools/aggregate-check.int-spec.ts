// The lifetime order count check on a real Redis with the real feature store: consistent after orders
// (and a redelivered one); an order counted twice (the count written a second time) is reported; an
// account first seen before its window is not checkable rather than a false difference. With
// SHOPMIND_TEST_REDIS=cluster the same spec runs on a three-master Redis Cluster (every master scanned).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectTestRedis, startInfra, uniqueName, type Infra } from '@shopmind/testing';
import { isRedisCluster, type RedisConnection } from '@shopmind/redis';
import { DAY, HOUR } from '../domain/order-facts.js';
import { anOrder, T0 } from '../fixtures/orders.js';
import { FraudFeatureStore } from '../stores/fraud-feature-store.js';
import { IdentifierHasher } from '../stores/identifier-hasher.js';
import { checkFraudAggregates } from './aggregate-check.js';

let infra: Infra;
let redis: RedisConnection;
let store: FraudFeatureStore;
const hasher = new IdentifierHasher('integration-test-secret-123');

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
  store = new FraudFeatureStore(redis, hasher);
});
afterAll(async () => {
  await redis.quit();
  await infra.stop();
});

const user = (userId: string) => `user:${hasher.hash('user', userId)}`;
const meta = (tenant: string, userId: string) => `fd:{${tenant}:${user(userId)}}:meta`;

/** Three accounts: u-1 (three orders), u-2 (one), u-3 (first seen ten days before its last order). */
async function shop(): Promise<string> {
  const tenant = uniqueName('fdagg');
  const orders = [
    anOrder({ tenant, userId: 'u-1', occurredAt: T0 }),
    anOrder({ tenant, userId: 'u-1', occurredAt: T0 + HOUR }),
    anOrder({ tenant, userId: 'u-1', occurredAt: T0 + 2 * DAY }),
    anOrder({ tenant, userId: 'u-2', email: 'ben@example.com', cardFingerprint: 'fp-2', occurredAt: T0 }),
    anOrder({ tenant, userId: 'u-3', email: 'cleo@example.com', occurredAt: T0 - 10 * DAY }),
    anOrder({ tenant, userId: 'u-3', email: 'cleo@example.com', occurredAt: T0 }),
  ];
  for (const o of orders) await store.observeOrder(o, 15);
  // A redelivery counts nothing.
  await store.observeOrder(orders[1]!, 15);
  return tenant;
}

describe('checkFraudAggregates (real Redis, the real feature store)', () => {
  it('finds the accounts first seen within their window consistent, the others not checkable', async () => {
    const tenant = await shop();
    expect(await redis.hget(meta(tenant, 'u-3'), 'n')).toBe('2');
    expect(await checkFraudAggregates(redis, { tenant })).toEqual({
      entities: 2,
      differences: [],
      notCheckable: 1,
    });
  });

  it('reports an order counted twice and changes nothing', async () => {
    const tenant = await shop();
    // u-1's count written a second time for one order (as a replay past its done mark would).
    await redis.hincrby(meta(tenant, 'u-1'), 'n', 1);
    const before = await redis.hgetall(meta(tenant, 'u-1'));
    expect(await checkFraudAggregates(redis, { tenant })).toEqual({
      entities: 2,
      differences: [{ tenant, entity: user('u-1'), field: 'meta.n', counter: 4, recount: 3 }],
      notCheckable: 1,
    });
    expect(await redis.hgetall(meta(tenant, 'u-1'))).toEqual(before);
  });

  it('checks every shop found when no tenant is given, on every master', async () => {
    // Two accounts counted twice, on two different masters of a cluster.
    const ownerOf = async (key: string): Promise<string> =>
      isRedisCluster(redis)
        ? (redis as unknown as { slots: string[][] }).slots[
            (await redis.cluster('KEYSLOT', key)) as number
          ]![0]!
        : 'single';
    const shops: string[] = [];
    const twice = new Map<string, { tenant: string; userId: string }>();
    while (twice.size < (isRedisCluster(redis) ? 2 : 1) || shops.length < 2) {
      const tenant = await shop();
      shops.push(tenant);
      for (const userId of ['u-1', 'u-2']) {
        const owner = await ownerOf(meta(tenant, userId));
        if (!twice.has(owner)) twice.set(owner, { tenant, userId });
      }
    }
    for (const { tenant, userId } of twice.values()) await redis.hincrby(meta(tenant, userId), 'n', 1);
    const report = await checkFraudAggregates(redis);
    expect(
      report.differences
        .filter((d) => shops.includes(d.tenant))
        .map((d) => `${d.tenant} ${d.entity} ${d.counter - d.recount}`)
        .sort(),
    ).toEqual([...twice.values()].map(({ tenant, userId }) => `${tenant} ${user(userId)} 1`).sort());
    expect(report.entities).toBeGreaterThanOrEqual(shops.length * 2);
  });
});
