// Product copy state in Redis, one hash tag per tenant and product ({copy:<tenant>:<product>}):
//   variants  hash  "<locale>|<channel>|<tone>" → stored copy (JSON) with its content hash and version
//   product   hash  latest product (proto3 JSON) with its last-writer-wins stamp, for on-demand requests
// A product deletion leaves a tombstone stamp so a late upsert does not bring its copy back.

import { RedisScript } from '@shopmind/redis';
import type { RedisConnection } from '@shopmind/redis';

export interface StoredCopy<C> {
  contentHash: string;
  copyVersion: number;
  /** The event (or request) the copy was written for: its redelivery republishes this copy. */
  eventId: string;
  copy: C;
}

export type ProductWrite = 'applied' | 'duplicate' | 'stale';

export interface ProductStamp {
  version: number;
  occurredAtMs: number;
}

// KEYS: variants, product; ARGV: field, content hash, copy JSON, event id, guard event id ('' = none).
// Keeps the stored copy when nothing changed.
// KEYS[2]: the product; with a guard (ARGV[5]) the copy is saved only while that event is still the
// product's latest write, so copy from an older version finishing late never replaces newer copy.
const SAVE = new RedisScript<string | null>({
  name: 'copy.save',
  keys: ['variants', 'product'],
  lua: `
if ARGV[5] ~= '' and redis.call('HGET', KEYS[2], 'event_id') ~= ARGV[5] then return false end
local old = redis.call('HGET', KEYS[1], ARGV[1])
local version = 1
if old then
  local stored = cjson.decode(old)
  if stored.contentHash == ARGV[2] then return old end
  version = (tonumber(stored.copyVersion) or 0) + 1
end
local record = cjson.encode({ contentHash = ARGV[2], copyVersion = version, eventId = ARGV[4], copy = cjson.decode(ARGV[3]) })
redis.call('HSET', KEYS[1], ARGV[1], record)
return record
`,
});

// KEYS: product, variants; ARGV: version, occurred ms, product JSON ('' = deletion), tombstone ttl, event id.
// Returns 1 applied, 2 the same event again (a redelivery), 0 stale.
const PRODUCT = new RedisScript<number>({
  name: 'copy.product',
  keys: ['product', 'variants'],
  lua: `
if redis.call('HGET', KEYS[1], 'event_id') == ARGV[5] then return 2 end
local sv = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
local so = tonumber(redis.call('HGET', KEYS[1], 'occurred_at') or '-1')
local v, o = tonumber(ARGV[1]), tonumber(ARGV[2])
local newer
if v > 0 and sv > 0 and v ~= sv then newer = v > sv else newer = o > so end
if not newer then return 0 end
redis.call('HSET', KEYS[1], 'version', v, 'occurred_at', o, 'json', ARGV[3], 'event_id', ARGV[5])
if ARGV[3] == '' then
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
  redis.call('DEL', KEYS[2])
else
  redis.call('PERSIST', KEYS[1])
end
return 1
`,
});

export class CopyStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly tombstoneTtlSeconds = 30 * 24 * 3600,
  ) {}

  private key(tenant: string, productId: string, suffix: string): string {
    return `{copy:${tenant}:${productId}}:${suffix}`;
  }

  static variant(locale: string, channel: string, tone: string): string {
    return `${locale}|${channel}|${tone}`;
  }

  async get<C>(tenant: string, productId: string, variant: string): Promise<StoredCopy<C> | undefined> {
    const raw = await this.redis.hget(this.key(tenant, productId, 'variants'), variant);
    return raw ? (JSON.parse(raw) as StoredCopy<C>) : undefined;
  }

  /** True when no copy was written yet from exactly these facts. */
  async needsCopy(tenant: string, productId: string, variant: string, contentHash: string): Promise<boolean> {
    return (await this.get(tenant, productId, variant))?.contentHash !== contentHash;
  }

  /**
   * Stores copy; the version goes up only when the content hash changed (else the stored copy is
   * returned). With `onlyWhileLatest`, nothing is stored (undefined) once a newer product write won.
   */
  async save<C>(
    tenant: string,
    productId: string,
    variant: string,
    contentHash: string,
    eventId: string,
    copy: C,
    onlyWhileLatest = false,
  ): Promise<StoredCopy<C> | undefined> {
    const raw = await SAVE.run(
      this.redis,
      [this.key(tenant, productId, 'variants'), this.key(tenant, productId, 'product')],
      [variant, contentHash, JSON.stringify(copy), eventId, onlyWhileLatest ? eventId : ''],
    );
    return raw ? (JSON.parse(raw) as StoredCopy<C>) : undefined;
  }

  /** Remembers the latest product, last writer wins: 'stale' when an equal or newer write came first. */
  async saveProduct(
    tenant: string,
    productId: string,
    stamp: ProductStamp & { eventId: string },
    productJson: string,
  ): Promise<ProductWrite> {
    const result = await PRODUCT.run(
      this.redis,
      [this.key(tenant, productId, 'product'), this.key(tenant, productId, 'variants')],
      [stamp.version, stamp.occurredAtMs, productJson, this.tombstoneTtlSeconds, stamp.eventId],
    );
    return result === 1 ? 'applied' : result === 2 ? 'duplicate' : 'stale';
  }

  /** Forgets the product's copy; a late upsert older than the deletion is then refused by saveProduct. */
  async deleteProduct(
    tenant: string,
    productId: string,
    stamp: ProductStamp & { eventId: string },
  ): Promise<ProductWrite> {
    return this.saveProduct(tenant, productId, stamp, '');
  }

  async latestProduct(tenant: string, productId: string): Promise<string | undefined> {
    const json = await this.redis.hget(this.key(tenant, productId, 'product'), 'json');
    return json ? json : undefined;
  }
}
