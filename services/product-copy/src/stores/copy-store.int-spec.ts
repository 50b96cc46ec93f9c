import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Infra, connectTestRedis, startInfra, uniqueTenant } from '@shopmind/testing';
import type { RedisConnection } from '@shopmind/redis';
import { CopyStore } from './copy-store.js';

let infra: Infra;
let redis: RedisConnection;
let store: CopyStore;

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
  store = new CopyStore(redis);
});

afterAll(async () => {
  redis.disconnect();
  await infra.stop();
});

describe('CopyStore', () => {
  it('asks for new copy only when the content hash changed, and versions each change', async () => {
    const t = uniqueTenant('copy');
    const v = CopyStore.variant('en', 'web', 'warm');
    expect(await store.needsCopy(t, 'p1', v, 'h1')).toBe(true);
    expect((await store.save(t, 'p1', v, 'h1', 'e1', { title: 'A' }))?.copyVersion).toBe(1);
    expect(await store.needsCopy(t, 'p1', v, 'h1')).toBe(false);
    expect((await store.save(t, 'p1', v, 'h1', 'e2', { title: 'A again' }))?.copy).toEqual({ title: 'A' });
    expect(await store.needsCopy(t, 'p1', v, 'h2')).toBe(true);
    expect(await store.save(t, 'p1', v, 'h2', 'e3', { title: 'B' })).toEqual({
      contentHash: 'h2',
      copyVersion: 2,
      eventId: 'e3',
      copy: { title: 'B' },
    });
  });

  it('does not store copy of an older version that finishes after a newer version was saved', async () => {
    const t = uniqueTenant('copy');
    const v = CopyStore.variant('en', 'web', 'warm');
    await store.saveProduct(t, 'p1', { version: 1, occurredAtMs: 100, eventId: 'u1' }, '{"v":1}');
    await store.saveProduct(t, 'p1', { version: 2, occurredAtMs: 200, eventId: 'u2' }, '{"v":2}');
    expect(await store.save(t, 'p1', v, 'h1', 'u1', { title: 'old' }, true)).toBeUndefined();
    expect((await store.save(t, 'p1', v, 'h2', 'u2', { title: 'new' }, true))?.copy).toEqual({
      title: 'new',
    });
    expect((await store.get(t, 'p1', v))?.copy).toEqual({ title: 'new' });
  });

  it('keeps the newest product and refuses a late upsert after a deletion', async () => {
    const t = uniqueTenant('copy');
    expect(
      await store.saveProduct(t, 'p1', { version: 2, occurredAtMs: 200, eventId: 'u2' }, '{"v":2}'),
    ).toBe('applied');
    expect(
      await store.saveProduct(t, 'p1', { version: 2, occurredAtMs: 200, eventId: 'u2' }, '{"v":2}'),
    ).toBe('duplicate');
    expect(
      await store.saveProduct(t, 'p1', { version: 1, occurredAtMs: 300, eventId: 'u1' }, '{"v":1}'),
    ).toBe('stale');
    expect(await store.latestProduct(t, 'p1')).toBe('{"v":2}');
    await store.save(t, 'p1', 'en|web|warm', 'h', 'u2', { title: 'x' });
    expect(await store.deleteProduct(t, 'p1', { version: 3, occurredAtMs: 400, eventId: 'd3' })).toBe(
      'applied',
    );
    expect(await store.latestProduct(t, 'p1')).toBeUndefined();
    expect(await store.get(t, 'p1', 'en|web|warm')).toBeUndefined();
    expect(
      await store.saveProduct(t, 'p1', { version: 2, occurredAtMs: 250, eventId: 'u2-late' }, '{"v":2}'),
    ).toBe('stale');
  });
});
