// The model's event scripts are given every key they touch; those named by stored data are read
// first. These tests put a real concurrent write between that read and the script: the script must
// notice the keys it was given no longer cover what it finds, change nothing, and the store must read
// again and apply (or give up with a TransientError while the data keeps changing).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TransientError } from '@shopmind/errors';
import { EffectsLedger } from '@shopmind/redis';
import { type Infra, connectTestRedis, startInfra, uniqueTenant } from '@shopmind/testing';
import type { RedisConnection } from '@shopmind/redis';
import type { ContentSource } from '../domain/content-similarity.js';
import { categoryKey } from '../domain/product-facts.js';
import {
  MODEL_ENTITY,
  type ModelSettings,
  type ProductUpsert,
  RecommendationModelStore,
} from './recommendation-model-store.js';

const SETTINGS: ModelSettings = {
  halfLifeMs: 7 * 24 * 3_600_000,
  neighboursKept: 50,
  recentKept: 20,
  sessionProductsKept: 30,
  sessionTtlSeconds: 3600,
  orderItemsPaired: 10,
  tombstoneTtlSeconds: 3600,
};

let infra: Infra;
let redis: RedisConnection;
let ledger: EffectsLedger;
/** The other writer: a store on its own connection. */
let other: RecommendationModelStore;
const clients: RedisConnection[] = [];

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
  ledger = new EffectsLedger(redis, { service: 'recommendation' });
  clients.push(connectTestRedis(infra.redis));
  other = new RecommendationModelStore(clients[0]!, ledger, SETTINGS);
});

afterAll(async () => {
  redis.disconnect();
  for (const c of clients) c.disconnect();
  await infra.stop();
});

/**
 * A store whose client runs `write` right after each of its reads (a pipeline, HMGET or ZRANGE;
 * the scripts go by EVALSHA), the first `times` of them: another replica's write landing between
 * the store's read and its script.
 */
function storeRacedBy(write: () => Promise<unknown>, times: number): RecommendationModelStore {
  const client = connectTestRedis(infra.redis);
  clients.push(client);
  let left = times;
  const race = async <T>(read: Promise<T>): Promise<T> => {
    const value = await read;
    if (left-- > 0) await write();
    return value;
  };
  const raced = new Proxy(client, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (name === 'hmget' || name === 'zrange') {
        return (...args: unknown[]) =>
          race((value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      }
      if (name === 'pipeline') {
        return () => {
          const pipe = target.pipeline();
          const exec = pipe.exec.bind(pipe);
          pipe.exec = () => race(exec());
          return pipe;
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return new RecommendationModelStore(raced, ledger, SETTINGS);
}

const key = (tenant: string, suffix: string): string => ledger.key({ tenant, entity: MODEL_ENTITY }, suffix);

function product(id: string, title: string, category: string, version: number): ProductUpsert {
  const content: ContentSource = {
    title,
    brand: 'Acme',
    categoryPath: [category],
    attributes: {},
    description: '',
  };
  return {
    facts: { id, title, brand: 'Acme', categoryPath: [category], url: `https://shop/${id}`, imageUrl: '' },
    content,
    ages: {},
    stamp: { version, atMs: 1_000 * version },
  };
}

const view = (productId: string, userId: string, sessionId: string, atMs: number) =>
  ({ kind: 'view', userId, sessionId, productId, atMs }) as const;

describe('RecommendationModelStore: keys read first, then given to the script', () => {
  it('pairs an interaction with a product another replica added to the session since this one saw it', async () => {
    const t = uniqueTenant();
    const store = new RecommendationModelStore(redis, ledger, SETTINGS);
    await store.recordInteraction(t, 'e1', view('a', 'u1', 's1', 1_000));
    await other.recordInteraction(t, 'e2', view('c', 'u2', 's1', 2_000));

    expect(await store.recordInteraction(t, 'e3', view('b', 'u1', 's1', 3_000))).toBe(true);

    expect(await redis.zrange(key(t, 's:s1'), 0, -1)).toEqual(['a', 'c', 'b']);
    expect((await redis.zrange(key(t, 'co:b'), 0, -1)).sort()).toEqual(['a', 'c']);
    expect((await redis.zrange(key(t, 'co:c'), 0, -1)).sort()).toEqual(['a', 'b']);
    expect(await redis.exists(ledger.doneKey({ tenant: t, entity: MODEL_ENTITY }, 'e3'))).toBe(1);
    expect(await store.recordInteraction(t, 'e3', view('b', 'u1', 's1', 3_000))).toBe(false);
    // Counted once (one view, grown by the decay since the first event).
    expect(Number(await redis.zscore(key(t, 'pop'), 'b'))).toBeCloseTo(1, 4);
  });

  it('pairs every product of a session whose interactions arrive together', async () => {
    const t = uniqueTenant();
    const store = new RecommendationModelStore(redis, ledger, SETTINGS);
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];

    const recorded = await Promise.all(
      ids.map((id, i) => store.recordInteraction(t, `e${i}`, view(id, 'u1', 's1', 1_000 + i))),
    );

    expect(recorded).toEqual(ids.map(() => true));
    for (const id of ids) {
      expect((await redis.zrange(key(t, `co:${id}`), 0, -1)).sort()).toEqual(ids.filter((o) => o !== id));
    }
  });

  it('credits the categories a product was given since the store last saw it', async () => {
    const t = uniqueTenant();
    const store = new RecommendationModelStore(redis, ledger, SETTINGS);
    await store.recordInteraction(t, 'e1', view('p', 'u1', 's1', 1_000));
    await other.upsertProduct(t, 'e2', product('p', 'Oak table', 'Tables', 1));

    expect(await store.recordInteraction(t, 'e3', view('p', 'u1', 's1', 3_000))).toBe(true);

    expect(Number(await redis.zscore(key(t, `popc:${categoryKey('Tables')}`), 'p'))).toBeCloseTo(1, 4);
    expect(await redis.zrange(key(t, 'u:u1:c'), 0, -1)).toEqual([categoryKey('Tables')]);
  });

  it('credits an order with the categories a product was given after the store read them', async () => {
    const t = uniqueTenant();
    const store = storeRacedBy(() => other.upsertProduct(t, 'e1', product('p', 'Oak table', 'Tables', 1)), 1);

    await store.recordOrder(t, 'e2', {
      orderId: 'o1',
      userId: 'u1',
      items: [{ productId: 'p', categoryPath: ['Desks'] }],
      atMs: 5_000,
    });

    // The stored categories win over the order's (as before): Tables, read on the second attempt.
    expect(await redis.zscore(key(t, `popc:${categoryKey('Tables')}`), 'p')).toBe('10');
    expect(await redis.zscore(key(t, `popc:${categoryKey('Desks')}`), 'p')).toBeNull();
  });

  it('unlists the terms and categories a concurrent upsert stored between the read and the script', async () => {
    const t = uniqueTenant();
    await other.upsertProduct(t, 'e1', product('p', 'Oak table', 'Tables', 1));
    const store = storeRacedBy(
      () => other.upsertProduct(t, 'e2', product('p', 'Walnut desk', 'Desks', 2)),
      1,
    );

    expect(await store.upsertProduct(t, 'e3', product('p', 'Pine shelf', 'Shelves', 3))).toBe(true);

    expect(await redis.sismember(key(t, 'tt:walnut'), 'p')).toBe(0);
    expect(await redis.sismember(key(t, 'tt:oak'), 'p')).toBe(0);
    expect(await redis.sismember(key(t, 'tt:pine'), 'p')).toBe(1);
    expect(await redis.zscore(key(t, `popc:${categoryKey('Desks')}`), 'p')).toBeNull();
    expect(await redis.zscore(key(t, `popc:${categoryKey('Shelves')}`), 'p')).toBe('0');
  });

  it('deletes a product from the content neighbours it gained after the store read them', async () => {
    const t = uniqueTenant();
    await other.upsertProduct(t, 'e1', product('p', 'Oak table', 'Tables', 1));
    const store = storeRacedBy(async () => {
      await redis.zadd(key(t, 'cn:p'), 0.9, 'q');
      await redis.zadd(key(t, 'cn:q'), 0.9, 'p');
    }, 1);

    expect(await store.deleteProduct(t, 'e2', 'p', { version: 2, atMs: 2_000 })).toBe(true);

    expect(await redis.zrange(key(t, 'cn:q'), 0, -1)).toEqual([]);
    expect(await redis.exists(key(t, 'cn:p'))).toBe(0);
    expect(await redis.sismember(key(t, 'tt:oak'), 'p')).toBe(0);
    expect(await redis.hget(key(t, 'p:p'), 'deleted')).toBe('1');
  });

  it('deletes a product from the terms and categories a concurrent upsert stored after the read', async () => {
    const t = uniqueTenant();
    await other.upsertProduct(t, 'e1', product('p', 'Oak table', 'Tables', 1));
    const store = storeRacedBy(
      () => other.upsertProduct(t, 'e2', product('p', 'Walnut desk', 'Desks', 2)),
      1,
    );

    expect(await store.deleteProduct(t, 'e3', 'p', { version: 3, atMs: 3_000 })).toBe(true);

    expect(await redis.sismember(key(t, 'tt:walnut'), 'p')).toBe(0);
    expect(await redis.zscore(key(t, `popc:${categoryKey('Desks')}`), 'p')).toBeNull();
    expect(await redis.zscore(key(t, 'pop'), 'p')).toBeNull();
  });

  it("erases a session the user started after the store read the user's sessions", async () => {
    const t = uniqueTenant();
    await other.recordInteraction(t, 'e1', view('a', 'u1', 's1', 1_000));
    const store = storeRacedBy(() => other.recordInteraction(t, 'e2', view('b', 'u1', 's2', 2_000)), 1);

    expect(await store.eraseUser(t, 'e3', 'u1')).toBe(true);

    for (const suffix of ['s:s1', 's:s2', 'u:u1:p', 'u:u1:c', 'u:u1:seen', 'u:u1:s']) {
      expect(await redis.exists(key(t, suffix))).toBe(0);
    }
  });

  it('gives up with a TransientError, having changed nothing, while the stored data keeps changing', async () => {
    const t = uniqueTenant();
    await other.recordInteraction(t, 'e1', view('a', 'u1', 's1', 1_000));
    let n = 0;
    const store = storeRacedBy(() => redis.zadd(key(t, 'u:u1:s'), 1_000, `new-${n++}`), 100);

    await expect(store.eraseUser(t, 'e2', 'u1')).rejects.toBeInstanceOf(TransientError);

    expect(await redis.zrange(key(t, 'u:u1:seen'), 0, -1)).toEqual(['a']);
    expect(await redis.exists(key(t, 's:s1'))).toBe(1);
    expect(await redis.exists(ledger.doneKey({ tenant: t, entity: MODEL_ENTITY }, 'e2'))).toBe(0);
  });
});
