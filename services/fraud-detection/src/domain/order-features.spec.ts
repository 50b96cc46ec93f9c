import { describe, expect, it } from '@jest/globals';
import { anOrder, shippedRules } from '../fixtures/orders.js';
import {
  ENTITY_KINDS,
  LINK_WINDOWS,
  LINKS,
  ORDER_WINDOWS,
  inWindowMask,
  type EntityCounters,
  type OrderCounters,
} from './order-facts.js';
import { computeFeatures } from './order-features.js';

function counters(fillUnread: number): OrderCounters {
  const out: OrderCounters = {};
  ENTITY_KINDS.forEach((kind, k) => {
    const w = ORDER_WINDOWS[kind];
    const v = (bit: 1 | 2 | 4 | 8, real: number): number => (inWindowMask(w, bit) ? real : fillUnread);
    const c: EntityCounters = {
      added: true,
      n1h: v(1, 1 + k),
      n24h: v(2, 2 + k),
      n7d: v(4, 3 + k),
      small1h: k,
      prevOrders: v(8, 4),
      prevSumMinor: v(8, 9000),
      prevMaxMinor: v(8, 4000),
      firstSeen: 0,
      chargebacks: 0,
      list: '',
      linked: {},
    };
    for (const other of LINKS[kind]) {
      const lm = LINK_WINDOWS[kind][other] ?? 0;
      c.linked[other] = {
        d1h: inWindowMask(lm, 1) ? 2 : fillUnread,
        d24h: inWindowMask(lm, 2) ? 3 : fillUnread,
        d7d: inWindowMask(lm, 4) ? 4 : fillUnread,
        fresh: 1,
      };
    }
    out[kind] = c;
  });
  return out;
}

describe('order features', () => {
  it('read only the windows the feature store is asked to compute', () => {
    const rules = shippedRules();
    const o = anOrder();
    expect(computeFeatures(o, counters(97), rules)).toEqual(computeFeatures(o, counters(0), rules));
  });
});
