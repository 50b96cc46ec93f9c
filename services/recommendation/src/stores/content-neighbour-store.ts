// The content side of the model, beside recommendation-model-store.ts under the same hash tag:
// each product's graph facts (applied once per event id, last writer wins by product version),
// its content vector and its content neighbours (layout in model-scripts.ts).
import type { EffectsLedger } from '@shopmind/bus';
import { RedisScript } from '@shopmind/redis';
import type { RedisConnection } from '@shopmind/redis';
import type { ContentSource } from '../domain/content-similarity.js';
import type { ScoredId } from '../domain/recommender.js';
import type { GraphFactsChange } from '../messages/graph-facts-message.js';
import { CONTENT_NEIGHBOURS_LUA, GRAPH_FACTS_LUA } from './model-scripts.js';
import { execPipeline, MODEL_ENTITY } from './recommendation-model-store.js';

const CONTENT_NEIGHBOURS = new RedisScript<number>({
  name: 'reco.contentNeighbours',
  keys: ['product', 'neighbours', '...theirNeighbours'],
  lua: CONTENT_NEIGHBOURS_LUA,
});

/** What a product's content vector is made from; undefined when the catalogue does not have it. */
export interface ContentInput {
  source: ContentSource;
  /** Category keys, root first. */
  categoryKeys: string[];
  factKeys: string[];
}

export class ContentNeighbourStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly ledger: EffectsLedger,
  ) {}

  /** Applies a graph update's facts unless this event id was applied; true when applied now. */
  applyGraphFacts(tenant: string, eventId: string, change: GraphFactsChange): Promise<boolean> {
    return this.ledger.applyOnce({
      tenant,
      entity: MODEL_ENTITY,
      eventId,
      script: {
        lua: GRAPH_FACTS_LUA,
        keys: ['gfv', `gf:${change.productId}`],
        args: [
          change.productId,
          change.productVersion,
          change.removedFromGraph ? '1' : '0',
          JSON.stringify(change.added),
          JSON.stringify(change.removed),
        ],
      },
    });
  }

  async contentInput(tenant: string, productId: string): Promise<ContentInput | undefined> {
    const p = this.prefix(tenant);
    const [[deleted, src, ck], factKeys] = await execPipeline<[(string | null)[], string[]]>(
      this.redis
        .pipeline()
        .hmget(`${p}p:${productId}`, 'deleted', 'src', 'ck')
        .smembers(`${p}gf:${productId}`),
    );
    if (deleted !== '0' || !src) return undefined;
    return {
      source: JSON.parse(src) as ContentSource,
      categoryKeys: JSON.parse(ck ?? '[]') as string[],
      factKeys,
    };
  }

  /** The `limit` most popular products of the category key (of the whole shop when undefined). */
  async candidates(tenant: string, category: string | undefined, limit: number): Promise<string[]> {
    const p = this.prefix(tenant);
    return this.redis.zrevrange(category === undefined ? `${p}pop` : `${p}popc:${category}`, 0, limit - 1);
  }

  /** Stored content vectors of those products that have one. */
  async vectors(tenant: string, ids: string[]): Promise<Map<string, Float32Array>> {
    if (ids.length === 0) return new Map();
    const found = await this.redis.hmgetBuffer(`${this.prefix(tenant)}vec`, ...ids);
    const vectors = new Map<string, Float32Array>();
    ids.forEach((id, i) => {
      const b = found[i];
      if (b) vectors.set(id, new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
    });
    return vectors;
  }

  /** Stores the product's vector before its candidates are read, so of two products upserted at
   * once at least one sees the other. */
  async saveVector(tenant: string, productId: string, vector: ArrayLike<number>): Promise<void> {
    await this.redis.hset(
      `${this.prefix(tenant)}vec`,
      productId,
      Buffer.from(Float32Array.from(vector).buffer),
    );
  }

  /** Adds the product's neighbours, linking each back (at most `kept` per product). */
  async saveNeighbours(
    tenant: string,
    productId: string,
    neighbours: ScoredId[],
    kept: number,
  ): Promise<void> {
    const p = this.prefix(tenant);
    await CONTENT_NEIGHBOURS.run(
      this.redis,
      [`${p}p:${productId}`, `${p}cn:${productId}`, ...neighbours.map((n) => `${p}cn:${n.productId}`)],
      [productId, JSON.stringify(neighbours.map((n) => [n.productId, n.score])), kept],
    );
  }

  private prefix(tenant: string): string {
    return this.ledger.key({ tenant, entity: MODEL_ENTITY }, '');
  }
}
