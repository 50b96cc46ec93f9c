// The catalogue's product titles (and brands), for recognising a product a customer names. Last
// writer wins by (version, occurred-at) per product: a late upsert never brings back a deleted
// product. Each title is indexed by its terms (domain titleTerms) as it is written, so a lookup
// reads only the products that share the best share of words with the message, never the catalogue.
import type { EffectsLedger } from '@shopmind/bus';
import { RedisScript, untilCovered, type RedisConnection } from '@shopmind/redis';
import { createLogger } from '@shopmind/telemetry';
import { matchProducts, titleTerms, type ProductMention } from '../domain/support-entities.js';
import { SupportKeys, tenantEntity } from './support-keys.js';

const log = createLogger('customer-service.product-titles');

/** A product the message names, with the brand the catalogue gives it. */
export interface CatalogueMatch extends ProductMention {
  readonly brand: string;
}

interface CatalogueEntry {
  readonly productId: string;
  readonly title: string;
  readonly brand: string;
}

interface StoredEntry {
  v: number;
  at: number;
  deleted?: boolean;
  title?: string;
  brand?: string;
  /** The title's terms, as indexed (so that a rename or a delete takes them out again). */
  terms?: string[];
}

// The write both an event and the migration of an entry of the previous layout apply: replaces the
// stored entry only when (version, occurred-at) is newer, or equal and a delete; moves the product
// from its old title's term sets to the new one's, scored 1 / (number of terms), so a sum over the
// message's terms is the share of the title's terms the message has. The store passes the term sets
// of both titles as keys (`terms`: term → position in K), having read the stored entry: `expected`
// is that entry, and the write is refused (false) when the entry changed since.
const WRITE_ENTRY_LUA = `
local function write_entry(hash, terms, id, json, expected)
  local current = redis.call('HGET', hash, id)
  if (current or '') ~= expected then return false end
  local incoming = cjson.decode(json)
  if current then
    local c = cjson.decode(current)
    if c.v > incoming.v or (c.v == incoming.v and c.at > incoming.at)
      or (c.v == incoming.v and c.at == incoming.at and (c.deleted or not incoming.deleted)) then
      return true
    end
    if type(c.terms) == 'table' then
      for _, w in ipairs(c.terms) do redis.call('ZREM', K[terms[w]], id) end
    end
  end
  redis.call('HSET', hash, id, json)
  if type(incoming.terms) == 'table' and #incoming.terms > 0 then
    local share = 1 / #incoming.terms
    for _, w in ipairs(incoming.terms) do redis.call('ZADD', K[terms[w]], share, id) end
  end
  return true
end
`;

// Inside EffectsLedger.runOnce. K: the titles hash, then term sets. A: product id, entry JSON, the
// stored entry read before ('' = none), term → position in K (JSON).
const WRITE_LUA = `${WRITE_ENTRY_LUA}
if not FIRST then return 'done' end
if not write_entry(K[1], cjson.decode(A[4]), A[1], A[2], A[3]) then
  keep_unmarked()
  return 'retry'
end
return 'done'`;

// KEYS: titles hash, previous layout's hash, then term sets. ARGV: term → position in KEYS (JSON),
// then (product id, the entry as read from the previous layout, the entry with its terms, the
// indexed entry read before or '') per product. An entry is moved only if both are still what was
// read (a replica of the previous version, or an event, may have written since: the next pass).
const MIGRATE = new RedisScript<number>({
  name: 'support.titleMigrate',
  keys: ['titles', 'legacy', '...terms'],
  lua: `local K = KEYS
${WRITE_ENTRY_LUA}
local terms = cjson.decode(ARGV[1])
local moved = 0
for i = 2, #ARGV, 4 do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1]
    and write_entry(KEYS[1], terms, ARGV[i], ARGV[i + 2], ARGV[i + 3]) then
    redis.call('HDEL', KEYS[2], ARGV[i])
    moved = moved + 1
  end
end
return moved`,
});

// KEYS: titles hash, previous layout's hash, scratch set, then the term sets of the message's terms.
// ARGV: minimum share, offset, count. Sums each product's shares over the message's terms; returns
// [previous layout still present (1/0), number of products within 1e-9 of the best sum, a page of
// those product ids (in id order), their entries] — nothing when the best is under the minimum.
// Sums of 1/n are within a few ulps of hits/n, so the window holds every product whose exact share
// is the best; domain matchProducts then decides on their titles.
const LOOKUP = new RedisScript<LookupReply>({
  name: 'support.titleLookup',
  keys: ['titles', 'legacy', 'scratch', '...terms'],
  lua: `
local pending = redis.call('EXISTS', KEYS[2])
local terms = {}
for i = 4, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then terms[#terms + 1] = KEYS[i] end
end
if #terms == 0 then return {pending, 0} end
redis.call('ZUNIONSTORE', KEYS[3], #terms, unpack(terms))
local best = tonumber(redis.call('ZREVRANGE', KEYS[3], 0, 0, 'WITHSCORES')[2])
local floor = best - 1e-9
if best < tonumber(ARGV[1]) - 1e-9 then
  redis.call('DEL', KEYS[3])
  return {pending, 0}
end
local count = redis.call('ZCOUNT', KEYS[3], floor, '+inf')
local ids = redis.call('ZRANGEBYSCORE', KEYS[3], floor, '+inf', 'LIMIT', ARGV[2], ARGV[3])
redis.call('DEL', KEYS[3])
if #ids == 0 then return {pending, count} end
return {pending, count, ids, redis.call('HMGET', KEYS[1], unpack(ids))}`,
});

type LookupReply = [pending: number, count: number, ids?: string[], entries?: (string | null)[]];

/** Products tied for the best share read per round trip; more ties (rare) take more pages. */
const TIE_PAGE = 100;
/** Entries of the previous layout moved per script. */
const MIGRATE_BATCH = 200;
/** Passes over the previous layout before a lookup goes on without it (replicas of the previous
 * version still writing there during a rolling update). */
const MIGRATE_PASSES = 5;

export class ProductTitleStore {
  private readonly migrations = new Map<string, Promise<void>>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly ledger: EffectsLedger,
  ) {}

  async upsert(
    tenant: string,
    eventId: string,
    product: { id: string; title: string; brand: string },
    order: { version: number; atMs: number },
  ): Promise<void> {
    const terms = titleTerms(product.title);
    await this.write(tenant, eventId, product.id, {
      v: order.version,
      at: order.atMs,
      title: product.title,
      brand: product.brand,
      ...(terms.length > 0 ? { terms } : {}),
    });
  }

  async delete(tenant: string, eventId: string, productId: string, order: { version: number; atMs: number }) {
    await this.write(tenant, eventId, productId, { v: order.version, at: order.atMs, deleted: true });
  }

  /**
   * The product of the shop's catalogue that `text` names best, as domain matchProducts would rank
   * the whole catalogue (at least `minScore` of the title's terms in the message; ties by title),
   * read from the term index: only products tied for the best share are fetched.
   */
  async namedProduct(tenant: string, text: string, minScore: number): Promise<CatalogueMatch | undefined> {
    const terms = titleTerms(text);
    if (terms.length === 0) return undefined;
    let first = await this.tiedForBest(tenant, terms, minScore, 0);
    if (first.pending) {
      // Titles written by the previous version are not indexed yet: move them, then look again.
      await this.migrateOnce(tenant);
      first = await this.tiedForBest(tenant, terms, minScore, 0);
    }
    let best = bestOf(text, minScore, first.page);
    for (let offset = TIE_PAGE; offset < first.count; offset += TIE_PAGE)
      best = bestOf(text, minScore, (await this.tiedForBest(tenant, terms, minScore, offset)).page, best);
    return best;
  }

  /** One page of the products whose share of the message's terms is (within rounding) the best. */
  private async tiedForBest(
    tenant: string,
    terms: string[],
    minScore: number,
    offset: number,
  ): Promise<{ pending: boolean; count: number; page: CatalogueEntry[] }> {
    const [pending, count, ids = [], entries = []] = await LOOKUP.run(
      this.redis,
      [
        this.key(tenant, SupportKeys.productTitles()),
        this.key(tenant, SupportKeys.legacyProducts()),
        this.key(tenant, SupportKeys.titleMatch()),
        ...terms.map((term) => this.key(tenant, SupportKeys.titleTerm(term))),
      ],
      [minScore, offset, TIE_PAGE],
    );
    const page = ids.flatMap((productId, i) => {
      const json = entries[i];
      const e = json ? (JSON.parse(json) as StoredEntry) : undefined;
      return e && !e.deleted && e.title ? [{ productId, title: e.title, brand: e.brand ?? '' }] : [];
    });
    return { pending: pending === 1, count, page };
  }

  /** One migration of the tenant's previous layout at a time per process; lookups wait for it. */
  private migrateOnce(tenant: string): Promise<void> {
    let running = this.migrations.get(tenant);
    if (!running) {
      running = this.migrate(tenant).finally(() => this.migrations.delete(tenant));
      this.migrations.set(tenant, running);
    }
    return running;
  }

  /**
   * Moves the entries of the previous layout (one hash of title JSON, no index) into the indexed
   * one, last writer wins against what events wrote there since, and deletes them: the old hash is
   * gone once every entry moved. Reads it in slices, so memory stays bounded.
   */
  private async migrate(tenant: string): Promise<void> {
    const legacy = this.key(tenant, SupportKeys.legacyProducts());
    const titles = this.key(tenant, SupportKeys.productTitles());
    let moved = 0;
    for (let pass = 0; pass < MIGRATE_PASSES && (await this.redis.exists(legacy)) === 1; pass++) {
      let cursor = '0';
      do {
        const [next, flat] = await this.redis.hscan(legacy, cursor, 'COUNT', MIGRATE_BATCH);
        cursor = next;
        const ids = flat.filter((_, i) => i % 2 === 0);
        if (ids.length === 0) continue;
        const indexed = await this.redis.hmget(titles, ...ids);
        const terms = new TermKeys(2, (term) => this.key(tenant, SupportKeys.titleTerm(term)));
        const args: string[] = [];
        ids.forEach((productId, i) => {
          const json = flat[2 * i + 1]!;
          const entry = indexedEntry(JSON.parse(json) as StoredEntry);
          const current = indexed[i] ?? '';
          terms.addAll(entry.terms, storedTerms(current));
          args.push(productId, json, JSON.stringify(entry), current);
        });
        moved += await MIGRATE.run(this.redis, [titles, legacy, ...terms.keys], [terms.positions(), ...args]);
      } while (cursor !== '0');
    }
    log.info({ tenant, moved }, 'product titles of the previous layout moved into the term index');
  }

  private async write(tenant: string, eventId: string, productId: string, entry: StoredEntry): Promise<void> {
    const titles = this.key(tenant, SupportKeys.productTitles());
    await untilCovered(
      'product title write',
      async () => {
        const current = (await this.redis.hget(titles, productId)) ?? '';
        // Suffixes under the tenant's tag, as the ledger takes them; K[1] is the titles hash.
        const terms = new TermKeys(1, (term) => SupportKeys.titleTerm(term));
        terms.addAll(entry.terms, storedTerms(current));
        const { reply } = await this.ledger.runOnce<string>({
          ...tenantEntity(tenant),
          eventId,
          script: {
            lua: WRITE_LUA,
            keys: [SupportKeys.productTitles(), ...terms.keys],
            args: [productId, JSON.stringify(entry), current, terms.positions()],
          },
        });
        return reply;
      },
      (reply) => reply === 'retry',
    );
  }

  private key(tenant: string, suffix: string): string {
    return this.ledger.key(tenantEntity(tenant), suffix);
  }
}

/**
 * The best of `page` and the best so far, ranked by domain matchProducts. The best so far goes first,
 * so on an equal score and title the one seen earlier (the lower id) stays.
 */
function bestOf(
  text: string,
  minScore: number,
  page: CatalogueEntry[],
  sofar?: CatalogueMatch,
): CatalogueMatch | undefined {
  const candidates = sofar ? [sofar, ...page] : page;
  const top = matchProducts(text, candidates, minScore)[0];
  if (!top) return sofar;
  return { ...top, brand: candidates.find((c) => c.productId === top.productId)?.brand ?? '' };
}

/** The term sets of one script call: term → position in KEYS (after `first` fixed keys). */
class TermKeys {
  readonly keys: string[] = [];
  private readonly at = new Map<string, number>();
  constructor(
    private readonly first: number,
    private readonly keyOf: (term: string) => string,
  ) {}

  addAll(...lists: (readonly string[] | undefined)[]): void {
    for (const list of lists)
      for (const term of list ?? [])
        if (!this.at.has(term)) this.at.set(term, this.first + this.keys.push(this.keyOf(term)));
  }

  /** JSON object term → position (an empty object when there are none). */
  positions(): string {
    return JSON.stringify(Object.fromEntries(this.at));
  }
}

/** The terms a stored entry (JSON, or '' when none) is indexed by. */
function storedTerms(json: string): string[] | undefined {
  return json ? (JSON.parse(json) as StoredEntry).terms : undefined;
}

/** An entry of the previous layout with the terms its title is indexed by. */
function indexedEntry(entry: StoredEntry): StoredEntry {
  if (entry.deleted || !entry.title) return entry;
  const terms = titleTerms(entry.title);
  return terms.length > 0 ? { ...entry, terms } : entry;
}
