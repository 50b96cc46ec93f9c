// The catalogue's product titles (and brands), for recognising a product a customer names. Last
// writer wins by (version, occurred-at) per product: a late upsert never brings back a deleted
// product. All titles of a shop sit in one hash, read whole and kept in memory for a few seconds.
import type { EffectsLedger } from '@shopmind/bus';
import type { Redis } from 'ioredis';
import type { ProductTitle } from '../domain/support-entities.js';
import { SupportKeys, tenantEntity } from './support-keys.js';

export interface CatalogueEntry extends ProductTitle {
  readonly brand: string;
}

interface StoredEntry {
  v: number;
  at: number;
  deleted?: boolean;
  title?: string;
  brand?: string;
}

// K: the products hash. A: product id, version, occurred-at, entry JSON. An entry replaces the
// stored one only when (version, occurred-at) is newer, or equal and a delete.
const WRITE_LUA = `
local current = redis.call('HGET', K[1], A[1])
local newer = true
if current then
  local c = cjson.decode(current)
  local v, at = tonumber(A[2]), tonumber(A[3])
  local incoming = cjson.decode(A[4])
  if c.v > v or (c.v == v and c.at > at) or (c.v == v and c.at == at and (c.deleted or not incoming.deleted)) then
    newer = false
  end
end
if newer then redis.call('HSET', K[1], A[1], A[4]) end`;

const CACHE_MS = 5000;

export class ProductTitleStore {
  private readonly cache = new Map<string, { at: number; entries: CatalogueEntry[] }>();

  constructor(
    private readonly redis: Redis,
    private readonly ledger: EffectsLedger,
  ) {}

  async upsert(
    tenant: string,
    eventId: string,
    product: { id: string; title: string; brand: string },
    order: { version: number; atMs: number },
  ): Promise<void> {
    await this.write(tenant, eventId, product.id, order, { title: product.title, brand: product.brand });
  }

  async delete(tenant: string, eventId: string, productId: string, order: { version: number; atMs: number }) {
    await this.write(tenant, eventId, productId, order, { deleted: true });
  }

  /** The shop's products (not deleted), at most a few seconds old. */
  async catalogue(tenant: string): Promise<CatalogueEntry[]> {
    const cached = this.cache.get(tenant);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.entries;
    const all = await this.redis.hgetall(this.ledger.key(tenantEntity(tenant), SupportKeys.products()));
    const entries = Object.entries(all).flatMap(([productId, json]) => {
      const e = JSON.parse(json) as StoredEntry;
      return e.deleted || !e.title ? [] : [{ productId, title: e.title, brand: e.brand ?? '' }];
    });
    this.cache.set(tenant, { at: Date.now(), entries });
    return entries;
  }

  private async write(
    tenant: string,
    eventId: string,
    productId: string,
    order: { version: number; atMs: number },
    fields: Omit<StoredEntry, 'v' | 'at'>,
  ): Promise<void> {
    const entry: StoredEntry = { v: order.version, at: order.atMs, ...fields };
    await this.ledger.applyOnce({
      ...tenantEntity(tenant),
      eventId,
      script: {
        lua: WRITE_LUA,
        keys: [SupportKeys.products()],
        args: [productId, order.version, order.atMs, JSON.stringify(entry)],
      },
    });
    this.cache.delete(tenant);
  }
}
