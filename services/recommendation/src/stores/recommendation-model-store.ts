// The recommendation model in Redis, one hash tag per tenant (`{recommendation:<tenant>:model}`),
// so each event's writes run as one script with its done mark (EffectsLedger.applyOnce): applied
// once per event id, whatever the redeliveries. Reads are pipelined; the layout is in model-scripts.ts.
import type { EffectsLedger } from '@shopmind/bus';
import type { Redis } from 'ioredis';
import type { ContentSource } from '../domain/content-similarity.js';
import { BEHAVIOUR_WEIGHTS, countsAsCoOccurrence } from '../domain/behaviour-weights.js';
import { categoryKey, type ProductFacts } from '../domain/product-facts.js';
import type { ScoredId } from '../domain/recommender.js';
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

export interface UserHistory {
  /** Most recent first. */
  recent: string[];
  /** Decayed (grown) product affinities. */
  affinities: Map<string, number>;
  /** Category keys by decayed affinity, strongest first. */
  categories: ScoredId[];
  purchased: Set<string>;
}

export interface Neighbourhood {
  neighbours: ScoredId[];
  bought: Set<string>;
}

/** Version of a product event: the shop's counter when it has one, else none (0). */
export interface ProductStamp {
  version: number;
  atMs: number;
}

export const MODEL_ENTITY = 'model';

export class RecommendationModelStore {
  constructor(
    private readonly redis: Redis,
    private readonly ledger: EffectsLedger,
    private readonly settings: ModelSettings,
  ) {}

  /** Records one interaction unless this event id was recorded; true when recorded now. */
  recordInteraction(tenant: string, eventId: string, s: InteractionSignal): Promise<boolean> {
    return this.runOnce(tenant, eventId, INTERACTION_LUA, [
      ...this.behaviourArgs(tenant, s.atMs),
      BEHAVIOUR_WEIGHTS[s.kind],
      s.userId,
      s.sessionId,
      s.productId,
      countsAsCoOccurrence(s.kind) ? '1' : '0',
      this.settings.sessionProductsKept,
      this.settings.sessionTtlSeconds,
    ]);
  }

  /** Records an order's items as purchases bought together; true when recorded now. */
  recordOrder(tenant: string, eventId: string, s: OrderSignal): Promise<boolean> {
    const names: Record<string, string> = {};
    for (const item of s.items) for (const c of item.categoryPath) names[categoryKey(c)] = c;
    const items = s.items.map((i) => ({ p: i.productId, c: i.categoryPath.map(categoryKey) }));
    return this.runOnce(tenant, eventId, ORDER_LUA, [
      ...this.behaviourArgs(tenant, s.atMs),
      BEHAVIOUR_WEIGHTS.purchase,
      s.userId,
      JSON.stringify(items),
      this.settings.orderItemsPaired,
      JSON.stringify(names),
    ]);
  }

  /** `content` (title, attributes, description…) is kept for the content vector. */
  upsertProduct(
    tenant: string,
    eventId: string,
    product: ProductFacts,
    content: ContentSource,
    stamp: ProductStamp,
  ): Promise<boolean> {
    const keys = product.categoryPath.map(categoryKey);
    const names = Object.fromEntries(product.categoryPath.map((c) => [categoryKey(c), c]));
    return this.runOnce(tenant, eventId, UPSERT_LUA, [
      this.prefix(tenant),
      product.id,
      stamp.version,
      stamp.atMs,
      JSON.stringify({ ...encodeProduct(product), src: JSON.stringify(content) }),
      JSON.stringify(keys),
      JSON.stringify(names),
    ]);
  }

  deleteProduct(tenant: string, eventId: string, productId: string, stamp: ProductStamp): Promise<boolean> {
    return this.runOnce(tenant, eventId, DELETE_LUA, [
      this.prefix(tenant),
      productId,
      stamp.version,
      stamp.atMs,
      this.settings.tombstoneTtlSeconds,
    ]);
  }

  /** Deletes the user's profile and history (popularity and co-occurrence stay), once per event id. */
  eraseUser(tenant: string, eventId: string, userId: string): Promise<boolean> {
    return this.runOnce(tenant, eventId, ERASE_USER_LUA, [this.prefix(tenant), userId]);
  }

  async userHistory(tenant: string, userId: string, recent: number): Promise<UserHistory> {
    const u = `${this.prefix(tenant)}u:${userId}`;
    const [seen, affinities, categories, purchased] = await this.exec<
      [string[], string[], string[], string[]]
    >(
      this.redis
        .pipeline()
        .zrevrange(`${u}:seen`, 0, recent - 1)
        .zrange(`${u}:p`, 0, -1, 'WITHSCORES')
        .zrevrange(`${u}:c`, 0, -1, 'WITHSCORES')
        .smembers(`${u}:bought`),
    );
    return {
      recent: seen,
      affinities: new Map(pairs(affinities).map((s) => [s.productId, s.score])),
      categories: pairs(categories),
      purchased: new Set(purchased),
    };
  }

  /** Category keys of each product the catalogue has (root first). */
  async categoryKeys(tenant: string, productIds: string[]): Promise<Map<string, string[]>> {
    const p = this.prefix(tenant);
    const pipe = this.redis.pipeline();
    for (const id of productIds) pipe.hget(`${p}p:${id}`, 'ck');
    const found = await this.exec<(string | null)[]>(pipe);
    return new Map(productIds.map((id, i) => [id, found[i] ? (JSON.parse(found[i]) as string[]) : []]));
  }

  async neighbourhoods(
    tenant: string,
    seedIds: string[],
    limit: number,
  ): Promise<Map<string, Neighbourhood>> {
    const p = this.prefix(tenant);
    const pipe = this.redis.pipeline();
    for (const id of seedIds)
      pipe.zrevrange(`${p}co:${id}`, 0, limit - 1, 'WITHSCORES').zrange(`${p}cb:${id}`, 0, -1);
    const found = await this.exec<string[][]>(pipe);
    return new Map(
      seedIds.map((id, i) => [id, { neighbours: pairs(found[2 * i]!), bought: new Set(found[2 * i + 1]) }]),
    );
  }

  /** The most popular products overall (key undefined) or of each category key. */
  async popular(tenant: string, categoryKeys: (string | undefined)[], limit: number): Promise<ScoredId[][]> {
    const p = this.prefix(tenant);
    const pipe = this.redis.pipeline();
    for (const c of categoryKeys)
      pipe.zrevrange(c === undefined ? `${p}pop` : `${p}popc:${c}`, 0, limit - 1, 'WITHSCORES');
    return (await this.exec<string[][]>(pipe)).map(pairs);
  }

  async categoryNames(tenant: string, keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const names = await this.redis.hmget(`${this.prefix(tenant)}catname`, ...keys);
    return new Map(keys.map((k, i) => [k, names[i] ?? k]));
  }

  /** Facts of the products the catalogue still has (unknown and deleted ones are left out). */
  async products(tenant: string, ids: string[]): Promise<Map<string, ProductFacts>> {
    const p = this.prefix(tenant);
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hgetall(`${p}p:${id}`);
    const found = await this.exec<Record<string, string>[]>(pipe);
    const facts = new Map<string, ProductFacts>();
    ids.forEach((id, i) => {
      const decoded = decodeProduct(id, found[i]!);
      if (decoded) facts.set(id, decoded);
    });
    return facts;
  }

  private behaviourArgs(tenant: string, atMs: number): (string | number)[] {
    const s = this.settings;
    return [this.prefix(tenant), atMs, s.halfLifeMs, s.neighboursKept, s.recentKept];
  }

  private prefix(tenant: string): string {
    return this.ledger.key({ tenant, entity: MODEL_ENTITY }, '');
  }

  private runOnce(tenant: string, eventId: string, lua: string, args: (string | number)[]): Promise<boolean> {
    return this.ledger.applyOnce({ tenant, entity: MODEL_ENTITY, eventId, script: { lua, keys: [], args } });
  }

  private exec<T>(pipe: ReturnType<Redis['pipeline']>): Promise<T> {
    return execPipeline<T>(pipe);
  }
}

/** The pipeline's results, throwing the first error. */
export async function execPipeline<T>(pipe: ReturnType<Redis['pipeline']>): Promise<T> {
  const results = (await pipe.exec()) ?? [];
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  }) as T;
}

/** `[member, score, member, score, …]` → scored ids. */
export function pairs(flat: string[]): ScoredId[] {
  const out: ScoredId[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ productId: flat[i]!, score: Number(flat[i + 1]) });
  return out;
}

function encodeProduct(p: ProductFacts): Record<string, string> {
  return {
    title: p.title,
    brand: p.brand,
    cats: JSON.stringify(p.categoryPath),
    ck: JSON.stringify(p.categoryPath.map(categoryKey)),
    price: p.price ? `${p.price.currency} ${p.price.amountMinor}` : '',
    stock: p.stock === undefined ? '' : String(p.stock),
    url: p.url,
    img: p.imageUrl,
  };
}

function decodeProduct(id: string, h: Record<string, string>): ProductFacts | undefined {
  if (h.deleted !== '0' || h.title === undefined) return undefined;
  const [currency, amount] = (h.price ?? '').split(' ');
  return {
    id,
    title: h.title,
    brand: h.brand ?? '',
    categoryPath: JSON.parse(h.cats ?? '[]') as string[],
    price: currency && amount ? { currency, amountMinor: BigInt(amount) } : undefined,
    stock: h.stock ? Number(h.stock) : undefined,
    url: h.url ?? '',
    imageUrl: h.img ?? '',
  };
}
