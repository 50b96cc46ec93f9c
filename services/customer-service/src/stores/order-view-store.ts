// The order view in Redis: each order's facts (order placed, status changed) stored once per event
// id, folded on read by domain/order-view.ts (last writer wins by occurred-at, so the order events
// arrive in any order and a redelivery changes nothing), with the indexes that find a customer's
// orders: by account (newest first) and by e-mail address. Entries live `ttlSeconds` after their
// last fact; an erased order's later facts are dropped.
import type { EffectsLedger } from '@shopmind/bus';
import type { RedisConnection } from '@shopmind/redis';
import { foldOrderFacts, type OrderFact, type OrderView } from '../domain/order-view.js';
import { SupportKeys, tenantEntity } from './support-keys.js';

// K: erased marker, facts, account index, e-mail index. A: event id, fact JSON, TTL, order id,
// placed-at score, '1' when there is an account, '1' when there is an e-mail, the fact's kind (the
// order's own placed-at beats the time of a status change seen first).
const APPLY_FACT_LUA = `
if redis.call('EXISTS', K[1]) == 0 then
  redis.call('HSET', K[2], A[1], A[2])
  redis.call('EXPIRE', K[2], A[3])
  if A[6] == '1' then
    if A[8] == 'placed' then redis.call('ZADD', K[3], A[5], A[4])
    else redis.call('ZADD', K[3], 'NX', A[5], A[4]) end
    redis.call('EXPIRE', K[3], A[3])
  end
  if A[7] == '1' then
    redis.call('SADD', K[4], A[4])
    redis.call('EXPIRE', K[4], A[3])
  end
end`;

export class OrderViewStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly ledger: EffectsLedger,
    private readonly options: { ttlSeconds: number },
  ) {}

  /** Records one fact of an order; false when this event was already applied. */
  async apply(tenant: string, eventId: string, fact: OrderFact): Promise<boolean> {
    const email = fact.kind === 'placed' ? fact.email : '';
    return this.ledger.applyOnce({
      ...tenantEntity(tenant),
      eventId,
      script: {
        lua: APPLY_FACT_LUA,
        keys: [
          SupportKeys.erasedOrder(fact.orderId),
          SupportKeys.orderFacts(fact.orderId),
          SupportKeys.userOrders(fact.userId || '-'),
          SupportKeys.emailOrders(email || '-'),
        ],
        args: [
          eventId,
          JSON.stringify(fact),
          this.options.ttlSeconds,
          fact.orderId,
          fact.kind === 'placed' ? (fact.placedAt ?? fact.occurredAt) : fact.occurredAt,
          fact.userId ? '1' : '0',
          email ? '1' : '0',
          fact.kind,
        ],
      },
    });
  }

  async view(tenant: string, orderId: string): Promise<OrderView | undefined> {
    const facts = await this.redis.hvals(this.key(tenant, SupportKeys.orderFacts(orderId)));
    return foldFacts(facts);
  }

  /** The account's orders, newest first, at most `limit`. */
  async ordersOf(tenant: string, userId: string, limit = 10): Promise<OrderView[]> {
    const ids = await this.redis.zrevrange(this.key(tenant, SupportKeys.userOrders(userId)), 0, limit - 1);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hvals(this.key(tenant, SupportKeys.orderFacts(id)));
    const results = (await pipeline.exec()) ?? [];
    return results.flatMap(([err, facts]) => {
      if (err) throw err;
      const view = foldFacts(facts as string[]);
      return view && view.userId === userId ? [view] : [];
    });
  }

  /** The order ids of an account and of e-mail addresses (for an erasure). */
  async orderIdsOf(
    tenant: string,
    customer: { userId: string; emails: readonly string[] },
  ): Promise<string[]> {
    const pipeline = this.redis.pipeline();
    if (customer.userId) pipeline.zrange(this.key(tenant, SupportKeys.userOrders(customer.userId)), 0, -1);
    for (const e of customer.emails) pipeline.smembers(this.key(tenant, SupportKeys.emailOrders(e)));
    const results = (await pipeline.exec()) ?? [];
    const ids = results.flatMap(([err, members]) => {
      if (err) throw err;
      return members as string[];
    });
    return [...new Set(ids)];
  }

  private key(tenant: string, suffix: string): string {
    return this.ledger.key(tenantEntity(tenant), suffix);
  }
}

function foldFacts(json: readonly string[]): OrderView | undefined {
  if (json.length === 0) return undefined;
  const facts = json.map((j) => JSON.parse(j) as OrderFact).sort((a, b) => a.occurredAt - b.occurredAt);
  return foldOrderFacts(facts);
}
