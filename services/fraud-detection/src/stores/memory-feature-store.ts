// In-process feature store with exactly the Redis store's semantics: used to replay labelled streams
// (evaluation, training) quickly and in unit tests. Not shared across replicas.
import {
  DAY,
  ENTITY_KINDS,
  HOUR,
  FRESH_LINKS,
  LINK_WINDOWS,
  LINKS,
  ORDER_WINDOWS,
  inWindowMask,
  WEEK,
  entityIdentifiers,
  type EntityCounters,
  type EntityKind,
  type LinkCounts,
  type OrderCounters,
  type OrderFacts,
} from '../domain/order-facts.js';
import type { ChargebackNames, FeatureStore } from './feature-store.js';

interface EntityState {
  ev: Map<string, number>;
  sm: Map<string, number>;
  n: number;
  sum: number;
  max: number;
  first: number | undefined;
  cbo: Set<string>;
  lk: Map<EntityKind, Map<string, number>>;
  firstLink: Map<string, string>;
}

const countSince = (m: Map<string, number>, from: number, to: number): number => {
  let c = 0;
  for (const t of m.values()) if (t >= from && t <= to) c++;
  return c;
};

const trim = (m: Map<string, number>, before: number): void => {
  for (const [k, t] of m) if (t < before) m.delete(k);
};

export class MemoryFeatureStore implements FeatureStore {
  private readonly entities = new Map<string, EntityState>();
  private readonly orders = new Map<string, Partial<Record<EntityKind, string>>>();
  private readonly lists = new Map<string, 'allow' | 'deny'>();

  private state(key: string): EntityState {
    let s = this.entities.get(key);
    if (!s) {
      s = {
        ev: new Map(),
        sm: new Map(),
        n: 0,
        sum: 0,
        max: 0,
        first: undefined,
        cbo: new Set(),
        lk: new Map(),
        firstLink: new Map(),
      };
      this.entities.set(key, s);
    }
    return s;
  }

  async observeOrder(
    o: OrderFacts,
    smallAmount: number,
    source: 'checkout' | 'order' = 'order',
  ): Promise<OrderCounters> {
    const ids = entityIdentifiers(o);
    const t = o.occurredAt;
    const minor = Math.round(o.amount * 100);
    const out: OrderCounters = {};
    if (source === 'order') {
      this.orders.set(
        `${o.tenant}:${o.orderId}`,
        Object.fromEntries(ENTITY_KINDS.filter((k) => ids[k]).map((k) => [k, ids[k]])),
      );
    }
    for (const kind of ENTITY_KINDS) {
      if (!ids[kind]) continue;
      const s = this.state(`${o.tenant}:${kind}:${ids[kind]}`);
      const added = !s.ev.has(o.orderId);
      if (added) s.ev.set(o.orderId, t);
      if (o.amount <= smallAmount && !s.sm.has(o.orderId)) s.sm.set(o.orderId, t);
      const stats = inWindowMask(ORDER_WINDOWS[kind], 8);
      let prev: [number, number, number];
      if (!stats) {
        prev = [0, 0, 0];
      } else if (added) {
        prev = [s.n, s.sum, s.max];
        s.n += 1;
        s.sum += minor;
        s.max = Math.max(s.max, minor);
        if (s.first === undefined || t < s.first) s.first = t;
      } else {
        prev = [Math.max(s.n - 1, 0), Math.max(s.sum - minor, 0), s.max];
      }
      const linked: Partial<Record<EntityKind, LinkCounts>> = {};
      for (const other of LINKS[kind]) {
        let m = s.lk.get(other);
        if (!m) s.lk.set(other, (m = new Map()));
        const h = ids[other];
        let fresh = 0;
        if (h) {
          if ((m.get(h) ?? -Infinity) < t) m.set(h, t);
          if (kind === 'user' && FRESH_LINKS.includes(other)) {
            const f = `${other}:${h}`;
            if (!s.firstLink.has(f)) s.firstLink.set(f, o.orderId);
            fresh = s.firstLink.get(f) === o.orderId ? 1 : 0;
          }
        }
        const lm = LINK_WINDOWS[kind][other] ?? 0;
        linked[other] = {
          d1h: inWindowMask(lm, 1) ? countSince(m, t - HOUR, t) : 0,
          d24h: inWindowMask(lm, 2) ? countSince(m, t - DAY, t) : 0,
          d7d: inWindowMask(lm, 4) ? countSince(m, t - WEEK, t) : 0,
          fresh,
        };
        trim(m, t - WEEK - DAY);
      }
      const counters: EntityCounters = {
        added,
        n1h: inWindowMask(ORDER_WINDOWS[kind], 1) ? countSince(s.ev, t - HOUR, t) : 0,
        n24h: inWindowMask(ORDER_WINDOWS[kind], 2) ? countSince(s.ev, t - DAY, t) : 0,
        n7d: inWindowMask(ORDER_WINDOWS[kind], 4) ? countSince(s.ev, t - WEEK, t) : 0,
        small1h: countSince(s.sm, t - HOUR, t),
        prevOrders: prev[0],
        prevSumMinor: prev[1],
        prevMaxMinor: prev[2],
        firstSeen: stats ? (s.first ?? t) : t,
        chargebacks: s.cbo.size,
        list:
          kind === 'user' || kind === 'address'
            ? ''
            : (this.lists.get(`${o.tenant}:${kind}:${ids[kind]}`) ?? ''),
        linked,
      };
      trim(s.ev, t - WEEK - DAY);
      trim(s.sm, t - WEEK - DAY);
      out[kind] = counters;
    }
    return out;
  }

  async recordChargeback(
    tenant: string,
    orderId: string,
    _occurredAt = 0,
    named: ChargebackNames = {},
  ): Promise<number> {
    const ids = this.orders.get(`${tenant}:${orderId}`) ?? {
      ...(named.cardFingerprint ? { card: named.cardFingerprint } : {}),
      ...(named.userId ? { user: named.userId } : {}),
    };
    let n = 0;
    for (const [kind, id] of Object.entries(ids)) {
      this.state(`${tenant}:${kind}:${id}`).cbo.add(orderId);
      n++;
    }
    return n;
  }

  async setList(
    tenant: string,
    kind: EntityKind,
    identifier: string,
    list: 'allow' | 'deny' | null,
  ): Promise<void> {
    const key = `${tenant}:${kind}:${kind === 'email' ? identifier.toLowerCase() : identifier}`;
    if (list) this.lists.set(key, list);
    else this.lists.delete(key);
  }
}
