import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectTestRedis, startInfra, uniqueName, type Infra } from '@shopmind/testing';
import { scanKeys, type RedisConnection } from '@shopmind/redis';
import { DAY, HOUR } from '../domain/order-facts.js';
import { parseLabelledLine } from '../evaluation/order-replay.js';
import { anOrder, T0 } from '../fixtures/orders.js';
import { serviceAsset } from '../service-assets.js';
import { FraudFeatureStore } from './fraud-feature-store.js';
import { IdentifierHasher } from './identifier-hasher.js';
import { MemoryFeatureStore } from './memory-feature-store.js';

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

async function keysOf(tenant: string): Promise<string[]> {
  return scanKeys(redis, `fd:{${tenant}:*`);
}

/** Every entity's lifetime stats (order count, amounts, first seen), by key. */
async function metaOf(tenant: string): Promise<Record<string, Record<string, string>>> {
  const keys = (await keysOf(tenant)).filter((k) => k.endsWith(':meta')).sort();
  return Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await redis.hgetall(k)] as const)));
}

describe('FraudFeatureStore on Redis', () => {
  it('returns exactly the in-memory store’s counters when replaying a stream', async () => {
    const tenant = uniqueName('parity')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const rows = readFileSync(serviceAsset('../../tests/eval/data/fraud-dev.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(0, 300)
      .map((l, i) => parseLabelledLine(l, i + 1));
    const memory = new MemoryFeatureStore();
    for (const row of rows) {
      const facts = { ...row.facts, tenant };
      const fromRedis = await store.observeOrder(facts, 15);
      const fromMemory = await memory.observeOrder(facts, 15);
      expect(fromRedis).toEqual(fromMemory);
    }
  });

  it('does not count again an order the previous key layout counted (no done marks, only the window sets)', async () => {
    const tenant = uniqueName('upgrade')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const o = anOrder({ tenant });
    const first = await store.observeOrder(o, 15);
    // The previous version wrote the same window sets and lifetime stats, but no done marks: its
    // mark was the order id in each entity's window set (ZADD NX). Take the marks away.
    const marks = (await keysOf(tenant)).filter((k) => k.includes(':done:'));
    expect(marks.length).toBe(Object.keys(first).length);
    for (const mark of marks) await redis.del(mark); // one slot each (one per entity)
    const before = await metaOf(tenant);
    // Redelivered after the upgrade: nothing counted again, the marks are written in the new layout.
    const again = await store.observeOrder(o, 15);
    for (const kind of Object.keys(first))
      expect(again[kind as keyof typeof again]).toMatchObject({ added: false });
    expect(again.card).toMatchObject({ n1h: 1, n7d: 1, prevOrders: 0 });
    expect(await metaOf(tenant)).toEqual(before);
    expect((await keysOf(tenant)).filter((k) => k.includes(':done:')).sort()).toEqual(marks.sort());
  });

  it('counts an order recorded at checkout and again when placed only once', async () => {
    const tenant = uniqueName('dedupe')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const o = anOrder({ tenant });
    await store.observeOrder(o, 15);
    const again = await store.observeOrder(o, 15);
    expect(again.card).toMatchObject({ added: false, n1h: 1, n7d: 1 });
    const later = await store.observeOrder(anOrder({ tenant, occurredAt: T0 + 2 * HOUR }), 15);
    expect(later.card).toMatchObject({ added: true, n1h: 1, n24h: 2 });
  });

  it('stores identifiers only as keyed hashes, with TTLs on every key', async () => {
    const tenant = uniqueName('privacy')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    await store.observeOrder(
      anOrder({
        tenant,
        email: 'secret.person@example.com',
        cardFingerprint: 'fp-very-secret',
        ip: '198.51.100.77',
        deviceId: 'dev-secret',
      }),
      15,
    );
    const keys = await keysOf(tenant);
    expect(keys.length).toBeGreaterThan(10);
    const dump = [];
    for (const k of keys) {
      const type = await redis.type(k);
      dump.push(
        k,
        JSON.stringify(
          type === 'zset'
            ? await redis.zrange(k, 0, -1)
            : type === 'hash'
              ? await redis.hgetall(k)
              : await redis.get(k),
        ),
      );
      expect(await redis.pttl(k)).toBeGreaterThan(0);
    }
    const text = dump.join('\n');
    for (const clear of ['secret.person', 'fp-very-secret', '198.51.100.77', 'dev-secret', 'lindenweg'])
      expect(text).not.toContain(clear);
  });

  it('marks every entity of a charged-back order, once per order', async () => {
    const tenant = uniqueName('cb')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const o = anOrder({ tenant });
    await store.observeOrder(o, 15);
    expect(await store.recordChargeback(tenant, o.orderId, T0 + DAY)).toBe(6);
    await store.recordChargeback(tenant, o.orderId, T0 + DAY);
    const next = await store.observeOrder(
      anOrder({ tenant, userId: 'someone-else', email: 'else@example.com', occurredAt: T0 + 2 * DAY }),
      15,
    );
    expect(next.card?.chargebacks).toBe(1);
    expect(next.device?.chargebacks).toBe(1);
    expect(next.email?.chargebacks).toBe(0);
  });

  it('applies allow and deny lists in the same round trip', async () => {
    const tenant = uniqueName('lists')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    await store.setList(tenant, 'email', 'Bad@Example.com', 'deny');
    const c = await store.observeOrder(anOrder({ tenant, email: 'bad@example.com' }), 15);
    expect(c.email?.list).toBe('deny');
    await store.setList(tenant, 'email', 'bad@example.com', null);
    expect((await store.observeOrder(anOrder({ tenant, email: 'bad@example.com' }), 15)).email?.list).toBe(
      '',
    );
  });

  it('erases what it holds about a user: account, orders, e-mail, and links from shared entities', async () => {
    const tenant = uniqueName('erase')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const mine = anOrder({ tenant, userId: 'leaving', email: 'leaving@example.com' });
    await store.observeOrder(mine, 15);
    await store.observeOrder(
      anOrder({ tenant, userId: 'staying', email: 'staying@example.com', occurredAt: T0 + 1000 }),
      15,
    );
    await store.eraseUser(tenant, 'leaving');
    const user = hasher.hash('user', 'leaving');
    const keys = await keysOf(tenant);
    expect(keys.filter((k) => k.includes(user))).toEqual([]);
    expect(keys.filter((k) => k.includes(hasher.hash('email', 'leaving@example.com')))).toEqual([]);
    expect(keys).not.toContain(`fd:{${tenant}:order:${mine.orderId}}`);
    expect(await redis.zrange(`fd:{${tenant}:card:${hasher.hash('card', 'fp-1')}}:lk:user`, 0, -1)).toEqual([
      hasher.hash('user', 'staying'),
    ]);
  });
  it('erases named guest e-mails, cards and devices and unlinks them from the accounts that used them', async () => {
    const tenant = uniqueName('erase-named')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const guest = anOrder({
      tenant,
      userId: '',
      email: 'Guest@Example.com',
      cardFingerprint: 'fp-g',
      deviceId: 'dev-g',
    });
    await store.observeOrder(guest, 15);
    await store.observeOrder(
      anOrder({
        tenant,
        userId: 'other',
        email: 'other@example.com',
        cardFingerprint: 'fp-g',
        occurredAt: T0 + 1000,
      }),
      15,
    );
    expect(
      await store.eraseIdentifiers(tenant, {
        emails: ['guest@example.com'],
        cardFingerprints: ['fp-g'],
        deviceIds: ['dev-g'],
      }),
    ).toBe(3);
    const keys = await keysOf(tenant);
    for (const h of [
      hasher.hash('user', 'guest:guest@example.com'),
      hasher.hash('email', 'guest@example.com'),
      hasher.hash('card', 'fp-g'),
      hasher.hash('device', 'dev-g'),
    ])
      expect(keys.filter((k) => k.includes(h))).toEqual([]);
    // The other account that used the card keeps its own history but no longer links to the card.
    const other = hasher.hash('user', 'other');
    expect(await redis.zcard(`fd:{${tenant}:user:${other}}:ev`)).toBe(1);
    expect(await redis.zrange(`fd:{${tenant}:user:${other}}:lk:card`, 0, -1)).toEqual([]);
    // Erasing again finds nothing left and does not fail.
    await store.eraseIdentifiers(tenant, { emails: ['guest@example.com'], cardFingerprints: ['fp-g'] });
  });
});
