// Redis feature store: one pipelined round trip per order, one atomic script per entity (entities
// live in different cluster slots), sorted sets on event time, identifiers as keyed hashes only.
// Batches over several entities go through `execBySlot`: one pipeline on a single server, one per
// master on a Redis Cluster. Nothing needs atomicity across entities: each entity's script is
// atomic and idempotent per order (its done mark), and the order record is written on its own.
import { context, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { Redis } from 'ioredis';
import { EffectsLedger, execBySlot, type RedisConnection, type SlotGroup } from '@shopmind/redis';
import { tracer } from '@shopmind/telemetry';
import {
  ENTITY_KINDS,
  FRESH_LINKS,
  LINK_WINDOWS,
  LINKS,
  ORDER_WINDOWS,
  entityIdentifiers,
  type EntityCounters,
  type EntityKind,
  type LinkCounts,
  type OrderCounters,
  type OrderFacts,
} from '../domain/order-facts.js';
import type { ChargebackNames, FeatureStore } from './feature-store.js';
import type { IdentifierHasher } from './identifier-hasher.js';
import { OBSERVE_ENTITY, OBSERVED_BEFORE, RECORD_CHARGEBACK } from './entity-scripts.js';
import { TagGroups } from './tag-groups.js';

export interface FeatureStoreOptions {
  /** TTL of the sliding-window sets (must exceed the longest window, 7 d). */
  windowTtlMs: number;
  /** TTL of lifetime stats (order count, amounts, first seen). */
  historyTtlMs: number;
  /** TTL of order → entities records and chargeback marks (chargebacks arrive months later). */
  chargebackTtlMs: number;
}

export const DEFAULT_FEATURE_STORE_OPTIONS: FeatureStoreOptions = {
  windowTtlMs: 8 * 86_400_000,
  historyTtlMs: 180 * 86_400_000,
  chargebackTtlMs: 180 * 86_400_000,
};

type ScriptReply = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  string,
  ...number[],
];

/** A context in which nothing is traced, made once (no context copies per checkout). */
const UNTRACED = suppressTracing(ROOT_CONTEXT);

/** All keys of one entity share the hash tag `{tenant:kind:hash}`. */
export function entityKey(tenant: string, kind: EntityKind, hash: string, part: string): string {
  return `fd:{${tenant}:${kind}:${hash}}:${part}`;
}

export function orderKey(tenant: string, orderId: string): string {
  return `fd:{${tenant}:order:${orderId}}`;
}

export class FraudFeatureStore implements FeatureStore {
  private corked = false;
  /**
   * An order counts once per entity: the ledger's done mark `fd:{<tenant>:<kind>:<hash>}:done:<order
   * id>`, kept as long as the window sets (a repeat within them is recognised).
   */
  private readonly ledger: EffectsLedger;

  constructor(
    private readonly redis: RedisConnection,
    private readonly hasher: IdentifierHasher,
    private readonly opts: FeatureStoreOptions = DEFAULT_FEATURE_STORE_OPTIONS,
  ) {
    this.ledger = new EffectsLedger(redis, {
      service: 'fraud-detection',
      keyOf: (ref, suffix) => `fd:{${ref.tenant}:${ref.entity}}:${suffix}`,
      doneTtlSeconds: Math.ceil(opts.windowTtlMs / 1000),
    });
  }

  private hashes(o: OrderFacts): Partial<Record<EntityKind, string>> {
    const ids = entityIdentifiers(o);
    const out: Partial<Record<EntityKind, string>> = {};
    for (const k of ENTITY_KINDS) if (ids[k]) out[k] = this.hasher.hash(k, ids[k]);
    return out;
  }

  async observeOrder(
    o: OrderFacts,
    smallAmount: number,
    source: 'checkout' | 'order' = 'order',
  ): Promise<OrderCounters> {
    const h = this.hashes(o);
    const kinds = ENTITY_KINDS.filter((k) => h[k]);
    const minor = Math.round(o.amount * 100);
    const small = o.amount <= smallAmount ? '1' : '0';
    const groups: SlotGroup[] = [];
    for (const kind of kinds) {
      const shape = SCRIPT_SHAPE[kind];
      // ARGV of OBSERVE_ENTITY, then per linked kind: hash, windows, track first use.
      const args: (string | number)[] = [
        o.occurredAt,
        o.orderId,
        minor,
        small,
        this.opts.windowTtlMs,
        this.opts.historyTtlMs,
        shape.orderWindows,
      ];
      for (const l of shape.links) args.push(h[l.kind] ?? '', l.windows, l.trackFirst);
      groups.push((pipe) =>
        this.ledger.queueOnce(pipe, {
          tenant: o.tenant,
          entity: `${kind}:${h[kind] as string}`,
          eventId: o.orderId,
          script: { lua: OBSERVE_ENTITY, keys: shape.parts, args, appliedBefore: OBSERVED_BEFORE },
        }),
      );
    }
    // Which entities the order touched, so that a chargeback months later can find them.
    if (source === 'order') {
      const rec = orderKey(o.tenant, o.orderId);
      groups.push((pipe) =>
        pipe.hset(rec, h as Record<string, string>).pexpire(rec, this.opts.chargebackTtlMs),
      );
    }
    const results = await this.roundTrip(groups, kinds.length + (source === 'order' ? 2 : 0), kinds.length);
    if (!results) throw new Error('feature store pipeline was discarded');
    const out: OrderCounters = {};
    kinds.forEach((kind, i) => {
      const [err, reply] = results[i];
      if (err) throw err;
      out[kind] = toCounters(kind, EffectsLedger.onceReply<ScriptReply>(reply).reply);
    });
    for (const [err] of results.slice(kinds.length)) if (err) throw err;
    return out;
  }

  /**
   * One span for the whole pipelined round trip instead of one per command (the Redis
   * instrumentation would add eight spans to every checkout and cost a fifth of its CPU).
   */
  private async roundTrip(
    groups: readonly SlotGroup[],
    commands: number,
    entities: number,
  ): Promise<Array<[Error | null, unknown]>> {
    const span = tracer.startSpan('fraud.features observe', {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'redis',
        'db.operation.name': 'PIPELINE',
        'db.operation.batch.size': commands,
        'shopmind.fraud.entities': entities,
      },
    });
    try {
      this.coalesceWritesThisTick();
      // The commands run untraced (this span stands for them): nothing in there needs the parent.
      return await context.with(UNTRACED, () => execBySlot(this.redis, groups));
    } catch (err) {
      span.recordException(err as Error);
      throw err;
    } finally {
      span.end();
    }
  }

  /**
   * A burst of checkouts read from NATS in one go starts its pipelines in the same tick; corking
   * the socket until the tick ends sends them all in one write instead of one syscall (and one
   * wake-up of Redis) per checkout. Loopback writes were about a tenth of the service's CPU.
   */
  private coalesceWritesThisTick(): void {
    // `stream` is absent before the first connection (commands then wait in ioredis's queue).
    // (A Redis Cluster has one socket per node and none of its own: no corking there.)
    const socket = (this.redis as Partial<Pick<Redis, 'stream'>>).stream;
    if (this.corked || typeof socket?.cork !== 'function') return;
    this.corked = true;
    socket.cork();
    process.nextTick(() => {
      this.corked = false;
      socket.uncork();
    });
  }

  async recordChargeback(
    tenant: string,
    orderId: string,
    occurredAt: number,
    named: ChargebackNames = {},
  ): Promise<number> {
    let entities: Record<string, string> = await this.redis.hgetall(orderKey(tenant, orderId));
    if (Object.keys(entities).length === 0) {
      entities = {
        ...(named.cardFingerprint ? { card: this.hasher.hash('card', named.cardFingerprint) } : {}),
        ...(named.userId ? { user: this.hasher.hash('user', named.userId) } : {}),
      };
    }
    const kinds = Object.keys(entities) as EntityKind[];
    // One script per entity (each in its own slot); a repeat is idempotent per order id.
    const results = await execBySlot(
      this.redis,
      kinds.map((kind) => (pipe) => {
        RECORD_CHARGEBACK.queue(
          pipe,
          [entityKey(tenant, kind, entities[kind], 'cbo')],
          [orderId, occurredAt, this.opts.chargebackTtlMs],
        );
      }),
    );
    for (const [err] of results) if (err) throw err;
    return kinds.length;
  }

  async setList(
    tenant: string,
    kind: EntityKind,
    identifier: string,
    list: 'allow' | 'deny' | null,
  ): Promise<void> {
    const key = entityKey(
      tenant,
      kind,
      this.hasher.hash(kind, kind === 'email' ? identifier.toLowerCase() : identifier),
      'list',
    );
    if (list) await this.redis.set(key, list);
    else await this.redis.del(key);
  }

  /**
   * Erasure: deletes the account's keys, its order records and its e-mail addresses, and removes the
   * account from every card, device, IP and address that links to it.
   */
  async eraseUser(tenant: string, userId: string): Promise<void> {
    const user = this.hasher.hash('user', userId);
    const userKey = (p: string): string => entityKey(tenant, 'user', user, p);
    const read = this.redis.pipeline().zrange(userKey('ev'), 0, -1);
    for (const l of LINKS.user) read.zrange(userKey(`lk:${l}`), 0, -1);
    const got = await read.exec();
    if (!got) throw new Error('erasure read was discarded');
    const [orders, ...linked] = got.map(([err, v]) => {
      if (err) throw err;
      return v as string[];
    });
    const emails = linked[LINKS.user.indexOf('email')] ?? [];
    const emailOrders = await this.ordersOf(tenant, 'email', emails);
    // Deletions and unlinks, one pipeline per entity on a cluster: each is idempotent, so an
    // erasure cut short is completed by running it again (nothing needs them atomic together).
    const del = new TagGroups();
    const delKey = (key: string): TagGroups => del.add(key, (p) => p.del(key));
    for (const p of ['ev', 'sm', 'meta', 'cbo', 'list', 'fl', ...LINKS.user.map((l) => `lk:${l}`)])
      delKey(userKey(p));
    // The order records, and the done marks of the orders each erased entity counted (a repeat
    // after an erasure counts afresh, as for a new account).
    for (const id of orders) {
      delKey(orderKey(tenant, id));
      delKey(userKey(`done:${id}`));
    }
    LINKS.user.forEach((kind, i) => {
      for (const hash of linked[i]) {
        if (kind === 'email') {
          for (const p of ['ev', 'sm', 'meta', 'cbo', 'list', ...LINKS.email.map((l) => `lk:${l}`)])
            delKey(entityKey(tenant, 'email', hash, p));
          for (const id of emailOrders.get(hash) ?? [])
            delKey(entityKey(tenant, 'email', hash, `done:${id}`));
        } else {
          const links = entityKey(tenant, kind, hash, 'lk:user');
          del.add(links, (p) => p.zrem(links, user));
        }
      }
    });
    const results = await execBySlot(this.redis, del.groups());
    for (const [err] of results) if (err) throw err;
  }

  /**
   * Erasure of identifiers the shop names: a guest account behind each e-mail (`guest:<email>`,
   * erased like an account), then every named e-mail, card and device entity — its windows,
   * lifetime stats, chargeback marks, list entry and links — and its entry in the link sets of the
   * entities it links to. Links other entities hold to it without a way back (an IP's or address's
   * set of cards) carry only the keyed hash and expire with their window sets (8 days).
   * Idempotent. Returns how many named entities were erased.
   */
  async eraseIdentifiers(tenant: string, named: ErasureNames): Promise<number> {
    const emails = (named.emails ?? []).map((e) => e.toLowerCase()).filter(Boolean);
    for (const email of emails) await this.eraseUser(tenant, `guest:${email}`);
    const targets: [EntityKind, string][] = [
      ...emails.map((e): [EntityKind, string] => ['email', this.hasher.hash('email', e)]),
      ...(named.cardFingerprints ?? [])
        .filter(Boolean)
        .map((c): [EntityKind, string] => ['card', this.hasher.hash('card', c)]),
      ...(named.deviceIds ?? [])
        .filter(Boolean)
        .map((d): [EntityKind, string] => ['device', this.hasher.hash('device', d)]),
    ];
    if (targets.length === 0) return 0;
    // One read group per entity (its keys share its tag), replies in order.
    const got = await execBySlot(
      this.redis,
      targets.map(([kind, hash]) => (read) => {
        read.zrange(entityKey(tenant, kind, hash, 'ev'), 0, -1);
        for (const l of LINKS[kind]) read.zrange(entityKey(tenant, kind, hash, `lk:${l}`), 0, -1);
      }),
    );
    const del = new TagGroups();
    const delKey = (key: string): TagGroups => del.add(key, (p) => p.del(key));
    let i = 0;
    for (const [kind, hash] of targets) {
      for (const p of ['ev', 'sm', 'meta', 'cbo', 'list', 'fl', ...LINKS[kind].map((l) => `lk:${l}`)])
        delKey(entityKey(tenant, kind, hash, p));
      const [evErr, orders] = got[i++] ?? [null, []];
      if (evErr) throw evErr;
      for (const id of orders as string[]) delKey(entityKey(tenant, kind, hash, `done:${id}`));
      for (const other of LINKS[kind]) {
        const [err, v] = got[i++] ?? [null, []];
        if (err) throw err;
        if (!LINKS[other].includes(kind)) continue;
        for (const h of v as string[]) {
          const links = entityKey(tenant, other, h, `lk:${kind}`);
          del.add(links, (p) => p.zrem(links, hash));
        }
      }
    }
    const results = await execBySlot(this.redis, del.groups());
    for (const [err] of results) if (err) throw err;
    return targets.length;
  }

  /** The order ids in each entity's window set (the done marks it holds are theirs). */
  private async ordersOf(tenant: string, kind: EntityKind, hashes: string[]): Promise<Map<string, string[]>> {
    if (hashes.length === 0) return new Map();
    const got = await execBySlot(
      this.redis,
      hashes.map((hash) => (read) => read.zrange(entityKey(tenant, kind, hash, 'ev'), 0, -1)),
    );
    return new Map(
      hashes.map((hash, i) => {
        const [err, ids] = got[i] ?? [null, []];
        if (err) throw err;
        return [hash, ids as string[]];
      }),
    );
  }
}

/** Identifiers an erasure request names besides the account (guest e-mails, cards, devices). */
export interface ErasureNames {
  emails?: readonly string[];
  cardFingerprints?: readonly string[];
  deviceIds?: readonly string[];
}

/** Per entity kind, what its script call looks like apart from the order: computed once. */
const SCRIPT_SHAPE = Object.fromEntries(
  ENTITY_KINDS.map((kind) => [
    kind,
    {
      parts: ['ev', 'sm', 'meta', 'cbo', 'list', 'fl', ...LINKS[kind].map((l) => `lk:${l}`)],
      orderWindows: ORDER_WINDOWS[kind],
      links: LINKS[kind].map((l) => ({
        kind: l,
        windows: LINK_WINDOWS[kind][l] ?? 0,
        trackFirst: kind === 'user' && FRESH_LINKS.includes(l) ? '1' : '0',
      })),
    },
  ]),
) as Record<
  EntityKind,
  {
    parts: string[];
    orderWindows: number;
    links: { kind: EntityKind; windows: number; trackFirst: string }[];
  }
>;

function toCounters(kind: EntityKind, r: ScriptReply): EntityCounters {
  const linked: Partial<Record<EntityKind, LinkCounts>> = {};
  LINKS[kind].forEach((other, i) => {
    linked[other] = {
      d1h: Number(r[11 + i * 4]),
      d24h: Number(r[12 + i * 4]),
      d7d: Number(r[13 + i * 4]),
      fresh: Number(r[14 + i * 4]),
    };
  });
  const list = r[10];
  return {
    added: Number(r[0]) === 1,
    n1h: Number(r[1]),
    n24h: Number(r[2]),
    n7d: Number(r[3]),
    small1h: Number(r[4]),
    prevOrders: Number(r[5]),
    prevSumMinor: Number(r[6]),
    prevMaxMinor: Number(r[7]),
    firstSeen: Number(r[8]),
    chargebacks: Number(r[9]),
    list: list === 'allow' || list === 'deny' ? list : '',
    linked,
  };
}
