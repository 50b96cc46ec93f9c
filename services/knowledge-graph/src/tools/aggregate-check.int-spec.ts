// The graph's review-count check on a real Redis with the real store writing the counts and their
// record: consistent after reviews; a review counted twice (its counts written a second time) is
// reported field by field and nothing is changed; a product counted before the record existed is
// "not checkable" until its next review, then checked; the record goes with the product. With
// SHOPMIND_TEST_REDIS=cluster the same spec runs on a three-master Redis Cluster (every master scanned).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Infra, connectTestRedis, startInfra, uniqueTenant } from '@shopmind/testing';
import { isRedisCluster, type RedisConnection } from '@shopmind/redis';
import { GraphStore } from '../stores/graph-store.js';
import { checkGraphAggregates } from './aggregate-check.js';

let infra: Infra;
let redis: RedisConnection;
let store: GraphStore;

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
  store = new GraphStore(redis);
});

afterAll(async () => {
  redis.disconnect();
  await infra.stop();
});

const stamp = (version: number, eventId: string) => ({ version, occurredAtMs: version * 1000, eventId });

/** Two products of a new shop, p1 (three reviews) and p:2 (one, a product id with a colon). */
async function shop(): Promise<string> {
  const t = uniqueTenant('kgagg');
  await store.replaceProductFacts(t, 'p1', 'Oak chair', stamp(1, 'u1'), []);
  await store.replaceProductFacts(t, 'p:2', 'Lamp', stamp(1, 'u2'), []);
  await store.addReviewAspects(t, 'p1', 'r1', [
    { relation: 'PRAISED_FOR', aspect: 'quality' },
    { relation: 'CRITICIZED_FOR', aspect: 'price' },
  ]);
  await store.addReviewAspects(t, 'p1', 'r2', [{ relation: 'PRAISED_FOR', aspect: 'quality' }]);
  await store.addReviewAspects(t, 'p1', 'r3', []);
  await store.addReviewAspects(t, 'p:2', 'r4', [{ relation: 'PRAISED_FOR', aspect: 'design' }]);
  return t;
}

describe('checkGraphAggregates (real Redis, the real store)', () => {
  it('finds every product of a shop consistent, and a redelivered review changes nothing', async () => {
    const t = await shop();
    expect(
      (await store.addReviewAspects(t, 'p1', 'r2', [{ relation: 'PRAISED_FOR', aspect: 'quality' }])).status,
    ).toBe('duplicate');
    expect(await checkGraphAggregates(redis, { tenant: t })).toEqual({
      products: 2,
      differences: [],
      notCheckable: [],
    });
    expect(await redis.hgetall(`{kg:${t}}:p:p1:revby`)).toEqual({
      r1: JSON.stringify([
        ['PRAISED_FOR', 'quality'],
        ['CRITICIZED_FOR', 'price'],
      ]),
      r2: JSON.stringify([['PRAISED_FOR', 'quality']]),
      r3: '[]',
    });
  });

  it('reports a review counted twice, field by field, and changes nothing', async () => {
    const t = await shop();
    // What r1 counted, written a second time (as a replay past its done mark would).
    const rev = `{kg:${t}}:p:p1:rev`;
    await redis.hincrby(rev, 'PRAISED_FOR|quality', 1);
    await redis.hincrby(rev, 'CRITICIZED_FOR|price', 1);
    const before = await redis.hgetall(rev);
    const report = await checkGraphAggregates(redis, { tenant: t });
    expect(report.products).toBe(2);
    expect(report.notCheckable).toEqual([]);
    expect(report.differences).toEqual([
      { tenant: t, product: 'p1', field: 'rev.CRITICIZED_FOR|price', counter: 2, recount: 1 },
      { tenant: t, product: 'p1', field: 'rev.PRAISED_FOR|quality', counter: 3, recount: 2 },
    ]);
    expect(await redis.hgetall(rev)).toEqual(before);
    // One product asked for: only it is read.
    expect(await checkGraphAggregates(redis, { tenant: t, product: 'p:2' })).toEqual({
      products: 1,
      differences: [],
      notCheckable: [],
    });
  });

  it('says "not checkable" for counts made before the record existed, and checks them from the next review on', async () => {
    const t = uniqueTenant('kgold');
    await store.replaceProductFacts(t, 'old', 'Desk', stamp(1, 'u1'), []);
    // The previous version's counts: `rev` without any record.
    await redis.hset(`{kg:${t}}:p:old:rev`, { 'PRAISED_FOR|quality': 4, 'CRITICIZED_FOR|noise': 1 });
    expect(await checkGraphAggregates(redis, { tenant: t })).toEqual({
      products: 0,
      differences: [],
      notCheckable: [{ tenant: t, product: 'old' }],
    });
    await store.addReviewAspects(t, 'old', 'r9', [{ relation: 'PRAISED_FOR', aspect: 'quality' }]);
    expect(await redis.hget(`{kg:${t}}:p:old:rev`, 'PRAISED_FOR|quality')).toBe('5');
    expect(await checkGraphAggregates(redis, { tenant: t })).toEqual({
      products: 1,
      differences: [],
      notCheckable: [],
    });
    await redis.hincrby(`{kg:${t}}:p:old:rev`, 'PRAISED_FOR|quality', 1);
    expect((await checkGraphAggregates(redis, { tenant: t })).differences).toEqual([
      { tenant: t, product: 'old', field: 'rev.PRAISED_FOR|quality', counter: 6, recount: 5 },
    ]);
  });

  it('deletes the record with the product', async () => {
    const t = await shop();
    expect((await store.deleteProduct(t, 'p1', stamp(2, 'd1'))).status).toBe('applied');
    expect(await redis.exists(`{kg:${t}}:p:p1:revby`, `{kg:${t}}:p:p1:rev`)).toBe(0);
    expect(await checkGraphAggregates(redis, { tenant: t })).toEqual({
      products: 1,
      differences: [],
      notCheckable: [],
    });
  });

  it('checks every shop found when no tenant is given, on every master', async () => {
    const shops = [await shop(), await shop()];
    if (isRedisCluster(redis)) {
      // Shops on more than one master (each shop is one slot: its tag).
      const ownerOf = async (t: string) =>
        (redis as unknown as { slots: string[][] }).slots[
          (await redis.cluster('KEYSLOT', `{kg:${t}}:x`)) as number
        ]![0];
      const owners = new Set([await ownerOf(shops[0]!), await ownerOf(shops[1]!)]);
      while (owners.size < 2) {
        const t = await shop();
        shops.push(t);
        owners.add(await ownerOf(t));
      }
    }
    const last = shops.at(-1)!;
    await redis.hincrby(`{kg:${last}}:p:p:2:rev`, 'PRAISED_FOR|design', 1);
    const report = await checkGraphAggregates(redis);
    expect(report.differences.filter((d) => shops.includes(d.tenant))).toEqual([
      { tenant: last, product: 'p:2', field: 'rev.PRAISED_FOR|design', counter: 2, recount: 1 },
    ]);
    expect(report.products).toBeGreaterThanOrEqual(shops.length * 2);
  });
});
