import { describe, expect, it } from '@jest/globals';
import { HOUR, DAY } from '../domain/order-facts.js';
import { anOrder, T0 } from '../fixtures/orders.js';
import { MemoryFeatureStore } from './memory-feature-store.js';

describe('MemoryFeatureStore', () => {
  it('counts orders in sliding windows on event time, not arrival time', async () => {
    const store = new MemoryFeatureStore();
    await store.observeOrder(anOrder({ occurredAt: T0 }), 15);
    await store.observeOrder(anOrder({ occurredAt: T0 + 2 * HOUR }), 15);
    const c = await store.observeOrder(anOrder({ occurredAt: T0 + 2 * DAY }), 15);
    expect(c.user).toMatchObject({ n1h: 1, n24h: 1, n7d: 3, prevOrders: 2 });
  });

  it('counts the same order id once (checkout query, then order placed)', async () => {
    const store = new MemoryFeatureStore();
    const o = anOrder();
    const first = await store.observeOrder(o, 15);
    const again = await store.observeOrder(o, 15);
    expect(first.card?.added).toBe(true);
    expect(again.card?.added).toBe(false);
    expect(again.card?.n24h).toBe(1);
    expect(again.user?.prevOrders).toBe(0);
  });

  it('counts distinct cards per device and distinct users per card', async () => {
    const store = new MemoryFeatureStore();
    for (let i = 0; i < 3; i++)
      await store.observeOrder(
        anOrder({
          userId: `u${i}`,
          email: `u${i}@x.test`,
          cardFingerprint: `fp${i % 2}`,
          occurredAt: T0 + i,
        }),
        15,
      );
    const c = await store.observeOrder(
      anOrder({ userId: 'u9', email: 'u9@x.test', cardFingerprint: 'fp0', occurredAt: T0 + 10 }),
      15,
    );
    expect(c.device?.linked.card?.d1h).toBe(2);
    expect(c.device?.linked.user?.d7d).toBe(4);
    expect(c.card?.linked.user?.d7d).toBe(3);
  });

  it('marks a card as new to the account only for the order that first used it, however often that order is recorded', async () => {
    const store = new MemoryFeatureStore();
    await store.observeOrder(anOrder({ cardFingerprint: 'fp-old', occurredAt: T0 }), 15);
    const o = anOrder({ cardFingerprint: 'fp-new', occurredAt: T0 + DAY });
    expect((await store.observeOrder(o, 15)).user?.linked.card?.fresh).toBe(1);
    expect((await store.observeOrder(o, 15)).user?.linked.card?.fresh).toBe(1);
    expect(
      (await store.observeOrder(anOrder({ cardFingerprint: 'fp-new', occurredAt: T0 + 2 * DAY }), 15)).user
        ?.linked.card?.fresh,
    ).toBe(0);
  });
});
