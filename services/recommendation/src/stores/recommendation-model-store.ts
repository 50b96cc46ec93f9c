// The recommendation model in Redis, one hash tag per tenant (`{recommendation:<tenant>:model}`),
// so each event's writes run as one script with its done mark (EffectsLedger.runOnce): applied
// once per event id, whatever the redeliveries. Each script is given every key it touches: the
// event's own, and those named by stored data, read first in one pipelined call (interactions: as
// last seen) — a script that finds data its keys do not cover answers 'retry' and the store reads
// again. The layout is in model-scripts.ts.
import type { EffectsLedger } from '@shopmind/bus';
import { untilCovered } from '@shopmind/redis';
import type { Redis } from 'ioredis';
import type { RedisConnection } from '@shopmind/redis';
import type { ContentSource } from '../domain/content-similarity.js';
import { BEHAVIOUR_WEIGHTS, countsAsCoOccurrence } from '../domain/behaviour-weights.js';
import { categoryKey, type ProductFacts } from '../domain/product-facts.js';
import { productTerms } from '../domain/product-terms.js';
import type { InteractionSignal, OrderSignal } from '../messages/behaviour-message.js';
import { DELETE_LUA, ERASE_USER_LUA, INTERACTION_LUA, ORDER_LUA, UPSERT_LUA } from './model-scripts.js';

export interface ModelSettings {
  halfLifeMs: number;
  neighboursKept: number;
  recentKept: number;
  sessionProductsKept: number;
  sessionTtlSeconds: number;
  orderItemsPaired: number;
  tombstoneTtlSeconds: number;
}

/** A catalogue product as the model keeps it. */
export interface ProductUpsert {
  facts: ProductFacts;
  /** Kept for the content vector and the guide (title, attributes, description…). */
  content: ContentSource;
  /** The catalogue's age range in months, when it gives one (the guide's safety rules read it). */
  ages: { minMonths?: number; maxMonths?: number };
  stamp: ProductStamp;
}

/** Version of a product event: the shop's counter when it has one, else none (0). */
export interface ProductStamp {
  version: number;
  atMs: number;
}

export const MODEL_ENTITY = 'model';

/** INTERACTION_LUA's reply: status, the product's stored `ck`, the session's products. */
type InteractionReply = ['retry' | 'applied', string, string[]];

/** Products and sessions whose guess a store keeps (the least recently written go first): a
 * session lives for hours, so the active ones fit; a guess is only a first try. */
const PRODUCTS_SEEN = 100_000;
const SESSIONS_SEEN = 10_000;

function remember(seen: Map<string, string[]>, kept: number, key: string, value: string[]): void {
  seen.delete(key);
  seen.set(key, value);
  if (seen.size > kept) seen.delete(seen.keys().next().value!);
}

export class RecommendationModelStore {
  /** Per tenant and product, its stored category keys as this store's scripts last saw them. */
  private readonly categoriesSeen = new Map<string, string[]>();
  /** Per tenant and session, its products as this store's scripts last saw them. */
  private readonly sessionsSeen = new Map<string, string[]>();
  /** Per tenant and session, the last of its interactions in flight in this store. */
  private readonly sessionWrites = new Map<string, Promise<void>>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly ledger: EffectsLedger,
    private readonly settings: ModelSettings,
  ) {}

  /**
   * Records one interaction unless this event id was recorded; true when recorded now. The hot
   * path, so no read first: it is tried with the product's categories and the session's products
   * as this store last saw them (from its previous replies); a script that finds otherwise answers
   * 'retry' with what it found, which the next attempt is given. One round trip when the guess is
   * right (with one replica, nearly always; a session's events spread over several replicas miss
   * more), two otherwise, as reading first would cost every time.
   */
  recordInteraction(tenant: string, eventId: string, s: InteractionSignal): Promise<boolean> {
    const pairing = countsAsCoOccurrence(s.kind) && s.sessionId !== '';
    if (!pairing) return this.interaction(tenant, eventId, s, false);
    // A session's events come one after another in the stream, so many are in flight together;
    // run one at a time here, each would otherwise find the others' products and try again.
    return this.inSessionOrder(`${tenant}\n${s.sessionId}`, () => this.interaction(tenant, eventId, s, true));
  }

  private async interaction(
    tenant: string,
    eventId: string,
    s: InteractionSignal,
    pairing: boolean,
  ): Promise<boolean> {
    const args = [
      ...this.behaviourArgs(tenant, s.atMs),
      BEHAVIOUR_WEIGHTS[s.kind],
      s.userId,
      s.sessionId,
      s.productId,
      countsAsCoOccurrence(s.kind) ? '1' : '0',
      this.settings.sessionProductsKept,
      this.settings.sessionTtlSeconds,
    ];
    const productSeen = `${tenant}\n${s.productId}`;
    const sessionSeen = `${tenant}\n${s.sessionId}`;
    let categories = this.categoriesSeen.get(productSeen) ?? [];
    let others = pairing ? (this.sessionsSeen.get(sessionSeen) ?? []) : [];
    const { first } = await untilCovered(
      'recommendation model write',
      async () => {
        const keys = new Set(['meta', 'pop', `p:${s.productId}`, ...categories.map((c) => `popc:${c}`)]);
        if (s.userId !== '') userKeys(keys, s.userId, pairing ? ['p', 'c', 'seen', 's'] : ['p', 'c', 'seen']);
        if (pairing) {
          keys.add(`s:${s.sessionId}`);
          keys.add(`co:${s.productId}`);
          for (const q of others) keys.add(`co:${q}`);
        }
        const run = await this.ledger.runOnce<InteractionReply | string | false>({
          tenant,
          entity: MODEL_ENTITY,
          eventId,
          script: { lua: INTERACTION_LUA, keys: [...keys], args },
        });
        if (Array.isArray(run.reply)) {
          const [, ck, members] = run.reply;
          categories = categoryKeysOf(ck || null);
          remember(this.categoriesSeen, PRODUCTS_SEEN, productSeen, categories);
          if (pairing) remember(this.sessionsSeen, SESSIONS_SEEN, sessionSeen, (others = members));
        }
        return run;
      },
      (run) => run.first && Array.isArray(run.reply) && run.reply[0] === 'retry',
    );
    return first;
  }

  /** Records an order's items as purchases bought together; true when recorded now. */
  recordOrder(tenant: string, eventId: string, s: OrderSignal): Promise<boolean> {
    const names: Record<string, string> = {};
    for (const item of s.items) for (const c of item.categoryPath) names[categoryKey(c)] = c;
    const items = s.items.map((i) => ({ p: i.productId, c: i.categoryPath.map(categoryKey) }));
    const args = [
      ...this.behaviourArgs(tenant, s.atMs),
      BEHAVIOUR_WEIGHTS.purchase,
      s.userId,
      JSON.stringify(items),
      this.settings.orderItemsPaired,
      JSON.stringify(names),
    ];
    return this.runCovered(tenant, eventId, ORDER_LUA, args, async () => {
      const p = this.prefix(tenant);
      const pipe = this.redis.pipeline();
      for (const it of items) pipe.hget(`${p}p:${it.p}`, 'ck');
      const stored = await execPipeline<(string | null)[]>(pipe);
      const keys = new Set(['meta', 'catname', 'pop']);
      items.forEach((it, i) => {
        keys.add(`p:${it.p}`);
        for (const c of [...it.c, ...categoryKeysOf(stored[i]!)]) keys.add(`popc:${c}`);
        if (i < this.settings.orderItemsPaired) {
          keys.add(`co:${it.p}`);
          keys.add(`cb:${it.p}`);
        }
      });
      if (s.userId !== '') userKeys(keys, s.userId, ['p', 'c', 'seen', 'bought']);
      return keys;
    });
  }

  /** Applies a catalogue upsert once per event id, last writer wins by its stamp. */
  upsertProduct(tenant: string, eventId: string, upsert: ProductUpsert): Promise<boolean> {
    const { facts, content, ages, stamp } = upsert;
    const keys = facts.categoryPath.map(categoryKey);
    const names = Object.fromEntries(facts.categoryPath.map((c) => [categoryKey(c), c]));
    const terms = productTerms(content);
    const args = [
      this.prefix(tenant),
      facts.id,
      stamp.version,
      stamp.atMs,
      JSON.stringify({
        ...encodeProduct(facts),
        src: JSON.stringify(content),
        age: JSON.stringify([ages.minMonths ?? null, ages.maxMonths ?? null]),
      }),
      JSON.stringify(keys),
      JSON.stringify(names),
      JSON.stringify({ s: terms.strong, w: terms.weak }),
      facts.price?.currency ?? '',
    ];
    // The categories the product's interactions are tried with first (see recordInteraction).
    remember(this.categoriesSeen, PRODUCTS_SEEN, `${tenant}\n${facts.id}`, keys);
    return this.runCovered(tenant, eventId, UPSERT_LUA, args, async () => {
      const [ck, tm] = await this.redis.hmget(`${this.prefix(tenant)}p:${facts.id}`, 'ck', 'tm');
      return listingKeys(
        new Set([`p:${facts.id}`, 'pop', 'meta', 'catname']),
        [...keys, ...categoryKeysOf(ck ?? null)],
        mergeTerms({ s: terms.strong, w: terms.weak }, tm ?? null),
      );
    });
  }

  deleteProduct(tenant: string, eventId: string, productId: string, stamp: ProductStamp): Promise<boolean> {
    const args = [
      this.prefix(tenant),
      productId,
      stamp.version,
      stamp.atMs,
      this.settings.tombstoneTtlSeconds,
    ];
    return this.runCovered(tenant, eventId, DELETE_LUA, args, async () => {
      const p = this.prefix(tenant);
      const [[ck, tm], neighbours] = await execPipeline<[(string | null)[], string[]]>(
        this.redis.pipeline().hmget(`${p}p:${productId}`, 'ck', 'tm').zrange(`${p}cn:${productId}`, 0, -1),
      );
      const keys = listingKeys(
        new Set([`p:${productId}`, 'pop', 'vec', `cn:${productId}`]),
        categoryKeysOf(ck ?? null),
        mergeTerms({ s: [], w: [] }, tm ?? null),
      );
      for (const n of neighbours) keys.add(`cn:${n}`);
      return keys;
    });
  }

  /** Deletes the user's profile and history (popularity and co-occurrence stay), once per event id. */
  eraseUser(tenant: string, eventId: string, userId: string): Promise<boolean> {
    return this.runCovered(tenant, eventId, ERASE_USER_LUA, [this.prefix(tenant), userId], async () => {
      const sessions = await this.redis.zrange(`${this.prefix(tenant)}u:${userId}:s`, 0, -1);
      const keys = userKeys(new Set<string>(), userId, ['p', 'c', 'seen', 'bought', 's']);
      for (const session of sessions) keys.add(`s:${session}`);
      return keys;
    });
  }

  /** Runs `write` after every earlier write queued under `key` has settled. */
  private inSessionOrder<T>(key: string, write: () => Promise<T>): Promise<T> {
    const next = (this.sessionWrites.get(key) ?? Promise.resolve()).then(write, write);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.sessionWrites.set(key, settled);
    void settled.then(() => {
      if (this.sessionWrites.get(key) === settled) this.sessionWrites.delete(key);
    });
    return next;
  }

  private behaviourArgs(tenant: string, atMs: number): (string | number)[] {
    const s = this.settings;
    return [this.prefix(tenant), atMs, s.halfLifeMs, s.neighboursKept, s.recentKept];
  }

  private prefix(tenant: string): string {
    return this.ledger.key({ tenant, entity: MODEL_ENTITY }, '');
  }

  /**
   * Runs the event's script once per event id with the keys `keysOf` names (suffixes under the
   * tenant's tag, after reading what stored data they depend on), again with fresh keys while it
   * answers 'retry'. True when applied now (also when it found a newer stamp: the event is done).
   */
  private async runCovered(
    tenant: string,
    eventId: string,
    lua: string,
    args: (string | number)[],
    keysOf: () => Promise<Set<string>>,
  ): Promise<boolean> {
    const { first } = await untilCovered(
      'recommendation model write',
      async () =>
        this.ledger.runOnce<string | false>({
          tenant,
          entity: MODEL_ENTITY,
          eventId,
          script: { lua, keys: [...(await keysOf())], args },
        }),
      (r) => r.first && r.reply === 'retry',
    );
    return first;
  }
}

/** A stored `ck` (JSON category keys) as a list. */
function categoryKeysOf(ck: string | null): string[] {
  return ck ? (JSON.parse(ck) as string[]) : [];
}

/** The terms given plus those of a stored `tm` (JSON {s, w}). */
function mergeTerms(terms: { s: string[]; w: string[] }, tm: string | null): { s: string[]; w: string[] } {
  if (!tm) return terms;
  const stored = JSON.parse(tm) as { s: string[]; w: string[] };
  return { s: [...terms.s, ...stored.s], w: [...terms.w, ...stored.w] };
}

/** Adds the popularity and term index keys of a product's categories and terms. */
function listingKeys(
  keys: Set<string>,
  categories: string[],
  terms: { s: string[]; w: string[] },
): Set<string> {
  for (const c of categories) keys.add(`popc:${c}`);
  for (const w of terms.s) keys.add(`tt:${w}`);
  for (const w of terms.w) keys.add(`td:${w}`);
  return keys;
}

/** Adds the user's keys `u:<user>:<suffix>`. */
function userKeys(keys: Set<string>, userId: string, suffixes: string[]): Set<string> {
  for (const s of suffixes) keys.add(`u:${userId}:${s}`);
  return keys;
}

/** The pipeline's results, throwing the first error. */
export async function execPipeline<T>(pipe: ReturnType<Redis['pipeline']>): Promise<T> {
  const results = (await pipe.exec()) ?? [];
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  }) as T;
}

/** The facts a top-k request reads, packed into one field (`f`) so that reading a product is one
 * HMGET: [title, brand, category path, "CUR amountMinor" or "", stock or "", url, image url]. */
type PackedFacts = [string, string, string[], string, string, string, string];

function encodeProduct(p: ProductFacts): Record<string, string> {
  const packed: PackedFacts = [
    p.title,
    p.brand,
    p.categoryPath,
    p.price ? `${p.price.currency} ${p.price.amountMinor}` : '',
    p.stock === undefined ? '' : String(p.stock),
    p.url,
    p.imageUrl,
  ];
  return { f: JSON.stringify(packed), ck: JSON.stringify(p.categoryPath.map(categoryKey)) };
}

export function decodeProduct(id: string, packed: string): ProductFacts {
  const [title, brand, categoryPath, price, stock, url, imageUrl] = JSON.parse(packed) as PackedFacts;
  const [currency, amount] = price.split(' ');
  return {
    id,
    title,
    brand,
    categoryPath,
    price: currency && amount ? { currency, amountMinor: BigInt(amount) } : undefined,
    stock: stock ? Number(stock) : undefined,
    url,
    imageUrl,
  };
}
