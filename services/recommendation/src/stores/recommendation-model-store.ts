// The recommendation model in Redis, one hash tag per tenant (`{recommendation:<tenant>:model}`),
// so each event's writes run as one script with its done mark (EffectsLedger.applyOnce): applied
// once per event id, whatever the redeliveries. Reads are pipelined; the layout is in model-scripts.ts.
import type { EffectsLedger } from '@shopmind/bus';
import type { Redis } from 'ioredis';
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

  /** Applies a catalogue upsert once per event id, last writer wins by its stamp. */
  upsertProduct(tenant: string, eventId: string, upsert: ProductUpsert): Promise<boolean> {
    const { facts, content, ages, stamp } = upsert;
    const keys = facts.categoryPath.map(categoryKey);
    const names = Object.fromEntries(facts.categoryPath.map((c) => [categoryKey(c), c]));
    const terms = productTerms(content);
    return this.runOnce(tenant, eventId, UPSERT_LUA, [
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
