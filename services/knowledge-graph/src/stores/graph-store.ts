// The knowledge graph in Redis, one namespace per tenant. Every key of a tenant shares the hash
// tag `{kg:<tenant>}` so the Lua scripts that replace a product's facts atomically touch a single
// slot under Redis Cluster (the indexes are shared by a tenant's products: one slot per tenant). Layout (prefix `{kg:<tenant>}:`):
//   p:<id>:facts  hash  tripleKey → stored fact (JSON)       — a product's extracted facts
//   p:<id>:meta   hash  version, occurred_at, deleted, title, event_id — last-writer-wins stamp
//   p:<id>:rev    hash  "RELATION|aspect" → count            — review facts
//   p:<id>:revby  hash  review event id → its [[relation, aspect], …]: the record `rev` is the count
//                       of (the aggregate check recounts from it); `(before)` → the `rev` counts
//                       found when the record began, for reviews counted before it existed
//   done:<event>  string review event already counted (the effects ledger's done mark, TTL)
//   p:<id>:seen   set   the previous layout's review event ids (TTL): read when a done mark is
//                       missing, deleted with the product, otherwise left to expire
//   p:<id>:sim    hash  other product id → similarity        — derived SIMILAR_TO
//   out:<node> / in:<node>  sets of "RELATION|node"           — adjacency for neighbours and paths
//   idx:<RELATION>:<node>   set of product ids                 — conjunction match
//   num:<RELATION>          sorted set product id → number     — numeric ranges (AGE_MIN, AGE_MAX)
//   products                set of live product ids

import { EffectsLedger, RedisScript, untilCovered } from '@shopmind/redis';
import type { RedisConnection } from '@shopmind/redis';
import {
  NUMERIC_RELATIONS,
  OBJECT_TYPE,
  type Relation,
  nodeId,
  type ReviewRelation,
} from '../domain/ontology.js';
import type { Triple } from '../domain/triple.js';
import { tripleKey } from '../domain/triple.js';

/** A fact as stored: the triple plus the index entries it owns. */
interface StoredFact {
  triple: Triple;
  rel: Relation;
  /** Object node id ("Material:wood", "Number:3"). */
  obj: string;
  num?: number;
}

export interface Stamp {
  /** Shop's monotonic product version; 0 = unknown. */
  version: number;
  /** Epoch milliseconds of the event's occurred_at. */
  occurredAtMs: number;
  eventId: string;
}

export type ReplaceOutcome =
  | { status: 'applied'; added: Triple[]; removed: Triple[] }
  | { status: 'duplicate'; added: Triple[]; removed: Triple[] }
  | { status: 'stale' };

export type DeleteOutcome =
  { status: 'applied'; removed: Triple[] } | { status: 'duplicate' | 'stale' | 'absent'; removed: Triple[] };

export interface Neighbour {
  relation: Relation;
  direction: 'out' | 'in';
  node: string;
  count?: number;
  weight?: number;
  number?: number;
}

export interface MatchCondition {
  relation: Relation;
  object?: string;
  comparison?: 'eq' | 'lt' | 'lte' | 'gt' | 'gte';
  number?: number;
}

export interface ProductMatch {
  productId: string;
  title: string;
  evidence: Triple[];
}

export interface PathHop {
  from: string;
  relation: Relation;
  to: string;
  direction: 'out' | 'in';
}

// Every script below touches only the keys it is given. Which index keys a write touches depends
// on what is stored (a product's old facts, review facts, similar products), so the store reads
// that first and passes the keys of each stored item, by its position in KEYS, in `cover` maps
// (ARGV). A script that finds a stored item its cover does not name (another write came in
// between) changes nothing and answers 'retry'; the store reads again.

// Shared by both product scripts: is the incoming stamp newer than the stored one? Version first
// (when both sides know it), then occurred_at; equal stamps are not newer.
const NEWER_LUA = `
local function newer(meta, version, occurred)
  if not meta[1] then return true end
  local sv = tonumber(meta[1]) or 0
  local so = tonumber(meta[2]) or 0
  if version > 0 and sv > 0 and version ~= sv then return version > sv end
  return occurred > so
end
`;

// A fact's index entries. out: the position in K of the product's out: set; ix: {i = in:<object>,
// x = idx:<relation>:<object>, n = num:<relation> (numeric facts)}.
const INDEX_LUA = `
local function unindex(out, pid, fact, ix)
  redis.call('SREM', K[out], fact.rel .. '|' .. fact.obj)
  redis.call('SREM', K[ix.i], fact.rel .. '|Product:' .. pid)
  redis.call('SREM', K[ix.x], pid)
  if fact.num then redis.call('ZREM', K[ix.n], pid) end
end
local function index(out, pid, fact, ix)
  redis.call('SADD', K[out], fact.rel .. '|' .. fact.obj)
  redis.call('SADD', K[ix.i], fact.rel .. '|Product:' .. pid)
  redis.call('SADD', K[ix.x], pid)
  if fact.num then redis.call('ZADD', K[ix.n], fact.num, pid) end
end
local function covered(hash, cover)
  for i = 1, #hash, 2 do if not cover[hash[i]] then return false end end
  return true
end
`;

const RETRY = "cjson.encode({ status = 'retry' })";

// KEYS: meta, facts, products, out:Product:<id>, then index keys. ARGV: product id, version,
// occurred_at ms, event id, title, facts JSON (StoredFact with key), their index positions JSON
// (same order), cover of the stored facts JSON (fact key → index positions).
const REPLACE = new RedisScript<string>({
  name: 'kg.replaceProductFacts',
  keys: ['meta', 'facts', 'products', 'out', '...index'],
  lua: `local K, A = KEYS, ARGV
${NEWER_LUA}${INDEX_LUA}
local pid = A[1]
local version, occurred, eventId, title = tonumber(A[2]), tonumber(A[3]), A[4], A[5]
local meta = redis.call('HMGET', K[1], 'version', 'occurred_at', 'event_id', 'deleted')
if meta[3] == eventId then return cjson.encode({ status = 'duplicate', removed = {} }) end
if not newer(meta, version, occurred) then return cjson.encode({ status = 'stale' }) end
local old = redis.call('HGETALL', K[2])
local cover = cjson.decode(A[8])
if not covered(old, cover) then return ${RETRY} end
local incoming = cjson.decode(A[6])
local incomingIx = cjson.decode(A[7])
local keep = {}
for _, f in ipairs(incoming) do keep[f.key] = true end
local removed, existing = {}, {}
for i = 1, #old, 2 do
  local fact = cjson.decode(old[i + 1])
  table.insert(existing, old[i])
  if not keep[old[i]] then table.insert(removed, fact.triple) end
  unindex(4, pid, fact, cover[old[i]])
end
redis.call('DEL', K[2])
for j, f in ipairs(incoming) do
  redis.call('HSET', K[2], f.key, cjson.encode(f))
  index(4, pid, f, incomingIx[j])
end
redis.call('HSET', K[1], 'version', version, 'occurred_at', occurred, 'event_id', eventId, 'deleted', 0, 'title', title)
redis.call('PERSIST', K[1])
redis.call('SADD', K[3], pid)
return cjson.encode({ status = 'applied', removed = removed, existing = existing })
`,
});

// KEYS: meta, facts, rev, sim, seen (the previous layout's review ids), products, out:Product:<id>,
// in:Product:<id>, revby (the record of counted reviews), then index keys. ARGV: product id, version, occurred_at ms, event id, tombstone
// ttl s, covers JSON: facts (fact key → positions), rev ("RELATION|aspect" → positions), sim (other
// product id → {o = out:Product:<other>, i = in:Product:<other>, s = p:<other>:sim}).
const DELETE = new RedisScript<string>({
  name: 'kg.deleteProduct',
  keys: ['meta', 'facts', 'rev', 'sim', 'seen', 'products', 'out', 'in', 'revby', '...index'],
  lua: `local K, A = KEYS, ARGV
${NEWER_LUA}${INDEX_LUA}
local pid = A[1]
local version, occurred, eventId = tonumber(A[2]), tonumber(A[3]), A[4]
local meta = redis.call('HMGET', K[1], 'version', 'occurred_at', 'event_id', 'deleted')
if meta[3] == eventId then return cjson.encode({ status = 'duplicate', removed = {} }) end
if not newer(meta, version, occurred) then return cjson.encode({ status = 'stale', removed = {} }) end
local cover = cjson.decode(A[6])
local old = redis.call('HGETALL', K[2])
local rev = redis.call('HGETALL', K[3])
local sim = redis.call('HGETALL', K[4])
if not (covered(old, cover.facts) and covered(rev, cover.rev) and covered(sim, cover.sim)) then return ${RETRY} end
local removed = {}
for i = 1, #old, 2 do
  local fact = cjson.decode(old[i + 1])
  table.insert(removed, fact.triple)
  unindex(7, pid, fact, cover.facts[old[i]])
end
for i = 1, #rev, 2 do
  local sep = string.find(rev[i], '|', 1, true)
  unindex(7, pid, { rel = string.sub(rev[i], 1, sep - 1), obj = 'Aspect:' .. string.sub(rev[i], sep + 1) }, cover.rev[rev[i]])
end
for i = 1, #sim, 2 do
  local other, ix = sim[i], cover.sim[sim[i]]
  redis.call('SREM', K[7], 'SIMILAR_TO|Product:' .. other)
  redis.call('SREM', K[8], 'SIMILAR_TO|Product:' .. other)
  redis.call('SREM', K[ix.o], 'SIMILAR_TO|Product:' .. pid)
  redis.call('SREM', K[ix.i], 'SIMILAR_TO|Product:' .. pid)
  redis.call('HDEL', K[ix.s], pid)
end
redis.call('DEL', K[2], K[3], K[4], K[5], K[9])
redis.call('SREM', K[6], pid)
local existed = meta[1] ~= false and meta[4] ~= '1'
redis.call('HSET', K[1], 'version', version, 'occurred_at', occurred, 'event_id', eventId, 'deleted', 1, 'title', '')
redis.call('EXPIRE', K[1], tonumber(A[5]))
if existed then return cjson.encode({ status = 'applied', removed = removed }) end
return cjson.encode({ status = 'absent', removed = removed })
`,
});

// Inside EffectsLedger.runOnce (done mark per review event). K: meta, rev, seen (the previous
// layout's review ids: read when the done mark is missing), out:Product:<id>, revby (event id → its
// pairs: what the aggregate check recounts `rev` from), then index keys. A: product id, event id,
// aspects JSON [[relation, aspect, {i, x}]]. A deleted product counts nothing and leaves the event
// unmarked. The first review recorded on a product counted before the record existed keeps the
// `rev` counts it found under `(before)`, so the check can still add up the product.
const REVIEW_LUA = `${INDEX_LUA}
local pid = A[1]
if redis.call('HGET', K[1], 'deleted') == '1' then
  keep_unmarked()
  return cjson.encode({ status = 'deleted', counts = {} })
end
if not FIRST then return cjson.encode({ status = 'duplicate', counts = {} }) end
if redis.call('EXISTS', K[5]) == 0 then
  local before = redis.call('HGETALL', K[2])
  if #before > 0 then
    local t = {}
    for i = 1, #before, 2 do t[before[i]] = tonumber(before[i + 1]) end
    redis.call('HSET', K[5], '(before)', cjson.encode(t))
  end
end
local counts, recorded = {}, {}
for _, a in ipairs(cjson.decode(A[3])) do
  local rel, aspect = a[1], a[2]
  local n = redis.call('HINCRBY', K[2], rel .. '|' .. aspect, 1)
  index(4, pid, { rel = rel, obj = 'Aspect:' .. aspect }, a[3])
  table.insert(counts, { rel, aspect, n })
  table.insert(recorded, { rel, aspect })
end
redis.call('HSET', K[5], A[2], #recorded > 0 and cjson.encode(recorded) or '[]')
return cjson.encode({ status = 'applied', counts = counts })
`;
const REVIEW_SEEN_BEFORE = "redis.call('SISMEMBER', K[3], A[2]) == 1";

// KEYS: sim, out:Product:<id>, in:Product:<id>, then the other products' keys. ARGV: product id,
// new similar JSON [[other id, weight, {o, i, s}]], cover of the stored ones JSON (other id →
// {o = out:Product:<other>, i = in:Product:<other>, s = p:<other>:sim}). Replaces the product's
// SIMILAR_TO edges, both directions, and the weights on both sides.
const SIMILAR = new RedisScript<string>({
  name: 'kg.setSimilar',
  keys: ['sim', 'out', 'in', '...others'],
  lua: `local K, A = KEYS, ARGV
${INDEX_LUA}
local pid = A[1]
local self = 'Product:' .. pid
local stored = redis.call('HGETALL', K[1])
local cover = cjson.decode(A[3])
if not covered(stored, cover) then return ${RETRY} end
for i = 1, #stored, 2 do
  local other, ix = stored[i], cover[stored[i]]
  redis.call('SREM', K[2], 'SIMILAR_TO|Product:' .. other)
  redis.call('SREM', K[3], 'SIMILAR_TO|Product:' .. other)
  redis.call('SREM', K[ix.o], 'SIMILAR_TO|' .. self)
  redis.call('SREM', K[ix.i], 'SIMILAR_TO|' .. self)
  redis.call('HDEL', K[ix.s], pid)
end
redis.call('DEL', K[1])
for _, s in ipairs(cjson.decode(A[2])) do
  local other, weight, ix = s[1], s[2], s[3]
  redis.call('SADD', K[2], 'SIMILAR_TO|Product:' .. other)
  redis.call('SADD', K[ix.i], 'SIMILAR_TO|' .. self)
  redis.call('SADD', K[ix.o], 'SIMILAR_TO|' .. self)
  redis.call('SADD', K[3], 'SIMILAR_TO|Product:' .. other)
  redis.call('HSET', K[1], other, weight)
  redis.call('HSET', K[ix.s], pid, weight)
end
return cjson.encode({ status = 'applied' })
`,
});

/** Index positions of one fact: in:<object>, idx:<relation>:<object>, num:<relation>. */
interface FactIx {
  i: number;
  x: number;
  n?: number;
}

/** The keys of one script call, each once, by position (1-based, as Lua's KEYS). */
class ScriptKeys {
  readonly keys: string[] = [];
  private readonly positions = new Map<string, number>();
  constructor(private readonly prefix: string) {}

  add(suffix: string): number {
    const key = this.prefix + suffix;
    let at = this.positions.get(key);
    if (at === undefined) {
      at = this.keys.push(key);
      this.positions.set(key, at);
    }
    return at;
  }

  fact(f: { rel: string; obj: string; num?: number }): FactIx {
    return {
      i: this.add(`in:${f.obj}`),
      x: this.add(`idx:${f.rel}:${f.obj}`),
      ...(f.num !== undefined ? { n: this.add(`num:${f.rel}`) } : {}),
    };
  }

  similar(other: string): { o: number; i: number; s: number } {
    return {
      o: this.add(`out:Product:${other}`),
      i: this.add(`in:Product:${other}`),
      s: this.add(`p:${other}:sim`),
    };
  }
}

/** The index keys of a review fact "RELATION|aspect". */
function reviewFactIx(keys: ScriptKeys, field: string): FactIx {
  const cut = field.indexOf('|');
  return keys.fact({ rel: field.slice(0, cut), obj: `Aspect:${field.slice(cut + 1)}` });
}

/** Runs a graph write until it is not answered 'retry' (its cover was out of date). */
function graphWrite(attempt: () => Promise<string>): Promise<string> {
  return untilCovered('knowledge graph write', attempt, (raw) => raw.includes('"retry"'));
}

export function objectNode(t: Pick<Triple, 'relation' | 'object'>): string {
  return NUMERIC_RELATIONS.has(t.relation)
    ? `Number:${Number(t.object)}`
    : nodeId(OBJECT_TYPE[t.relation], String(t.object));
}

export interface GraphStoreOptions {
  /** How long a deleted product's tombstone blocks late upserts (default 30 days). */
  tombstoneTtlSeconds?: number;
  /** How long review event ids are remembered for de-duplication (default 30 days). */
  reviewSeenTtlSeconds?: number;
}

export class GraphStore {
  private readonly tombstoneTtl: number;
  /** A review event's aspects count once: its done mark `{kg:<tenant>}:done:<event id>`. */
  private readonly ledger: EffectsLedger;

  constructor(
    private readonly redis: RedisConnection,
    options: GraphStoreOptions = {},
  ) {
    this.tombstoneTtl = options.tombstoneTtlSeconds ?? 30 * 24 * 3600;
    this.ledger = new EffectsLedger(redis, {
      service: 'knowledge-graph',
      keyOf: (ref, suffix) => `${this.prefix(ref.tenant)}${suffix}`,
      doneTtlSeconds: options.reviewSeenTtlSeconds ?? 30 * 24 * 3600,
    });
  }

  private prefix(tenant: string): string {
    return `{kg:${tenant}}:`;
  }

  /** Replaces every extracted fact of a product, unless a newer (or equal) write or a deletion came first. */
  async replaceProductFacts(
    tenant: string,
    productId: string,
    title: string,
    stamp: Stamp,
    facts: Triple[],
  ): Promise<ReplaceOutcome> {
    const stored = facts.map((t) => ({
      key: tripleKey(t),
      triple: t,
      rel: t.relation,
      obj: objectNode(t),
      ...(NUMERIC_RELATIONS.has(t.relation) ? { num: Number(t.object) } : {}),
    }));
    const raw = await graphWrite(async () => {
      const old = await this.redis.hvals(`${this.prefix(tenant)}p:${productId}:facts`);
      const keys = new ScriptKeys(this.prefix(tenant));
      keys.add(`p:${productId}:meta`);
      keys.add(`p:${productId}:facts`);
      keys.add('products');
      keys.add(`out:Product:${productId}`);
      const incomingIx = stored.map((f) => keys.fact(f));
      const cover: Record<string, FactIx> = {};
      for (const json of old) {
        const f = JSON.parse(json) as StoredFact & { key: string };
        cover[f.key] = keys.fact(f);
      }
      return REPLACE.run(this.redis, keys.keys, [
        productId,
        stamp.version,
        stamp.occurredAtMs,
        stamp.eventId,
        title,
        JSON.stringify(stored),
        JSON.stringify(incomingIx),
        JSON.stringify(cover),
      ]);
    });
    const result = JSON.parse(raw) as {
      status: 'applied' | 'duplicate' | 'stale';
      removed?: Triple[] | Record<string, never>;
      existing?: string[] | Record<string, never>;
    };
    if (result.status === 'stale') return { status: 'stale' };
    // cjson encodes an empty Lua table as {}.
    const removed = Array.isArray(result.removed) ? result.removed : [];
    if (result.status === 'duplicate')
      return { status: 'duplicate', added: await this.productFacts(tenant, productId), removed: [] };
    const before = new Set(Array.isArray(result.existing) ? result.existing : []);
    return { status: 'applied', added: facts.filter((t) => !before.has(tripleKey(t))), removed };
  }

  /** Cheap pre-check (the scripts check again atomically): would this write lose to the stored one? */
  async isStale(tenant: string, productId: string, stamp: Stamp): Promise<boolean> {
    const [version, occurred, eventId] = await this.redis.hmget(
      `${this.prefix(tenant)}p:${productId}:meta`,
      'version',
      'occurred_at',
      'event_id',
    );
    if (version === null || eventId === stamp.eventId) return false;
    const sv = Number(version);
    if (stamp.version > 0 && sv > 0 && stamp.version !== sv) return stamp.version < sv;
    return stamp.occurredAtMs <= Number(occurred);
  }

  async deleteProduct(tenant: string, productId: string, stamp: Stamp): Promise<DeleteOutcome> {
    const p = this.prefix(tenant);
    const raw = await graphWrite(async () => {
      const replies =
        (await this.redis
          .pipeline()
          .hvals(`${p}p:${productId}:facts`)
          .hkeys(`${p}p:${productId}:rev`)
          .hkeys(`${p}p:${productId}:sim`)
          .exec()) ?? [];
      const [facts, rev, sim] = replies.map(([err, v]) => {
        if (err) throw err;
        return v as string[];
      });
      const keys = new ScriptKeys(p);
      for (const suffix of ['meta', 'facts', 'rev', 'sim', 'seen']) keys.add(`p:${productId}:${suffix}`);
      keys.add('products');
      keys.add(`out:Product:${productId}`);
      keys.add(`in:Product:${productId}`);
      keys.add(`p:${productId}:revby`);
      const cover = {
        facts: Object.fromEntries(
          facts!.map((json) => {
            const f = JSON.parse(json) as StoredFact & { key: string };
            return [f.key, keys.fact(f)];
          }),
        ),
        rev: Object.fromEntries(rev!.map((field) => [field, reviewFactIx(keys, field)])),
        sim: Object.fromEntries(sim!.map((other) => [other, keys.similar(other)])),
      };
      return DELETE.run(this.redis, keys.keys, [
        productId,
        stamp.version,
        stamp.occurredAtMs,
        stamp.eventId,
        this.tombstoneTtl,
        JSON.stringify(cover),
      ]);
    });
    const result = JSON.parse(raw) as {
      status: DeleteOutcome['status'];
      removed: Triple[] | Record<string, never>;
    };
    return {
      status: result.status,
      removed: Array.isArray(result.removed) ? result.removed : [],
    } as DeleteOutcome;
  }

  /** Counts one analysed review's aspects once; ignored for deleted products and repeated events. */
  async addReviewAspects(
    tenant: string,
    productId: string,
    eventId: string,
    aspects: { relation: ReviewRelation; aspect: string }[],
  ): Promise<{
    status: 'applied' | 'duplicate' | 'deleted';
    counts: { relation: ReviewRelation; aspect: string; count: number }[];
  }> {
    // Suffixes under the tenant's tag, as the ledger takes them.
    const keys = new ScriptKeys('');
    for (const suffix of ['meta', 'rev', 'seen']) keys.add(`p:${productId}:${suffix}`);
    keys.add(`out:Product:${productId}`);
    keys.add(`p:${productId}:revby`);
    const list = aspects.map((a) => [a.relation, a.aspect, reviewFactIx(keys, `${a.relation}|${a.aspect}`)]);
    const { reply } = await this.ledger.runOnce<string>({
      tenant,
      entity: `product:${productId}`,
      eventId,
      script: {
        lua: REVIEW_LUA,
        keys: keys.keys,
        args: [productId, eventId, JSON.stringify(list)],
        appliedBefore: REVIEW_SEEN_BEFORE,
      },
    });
    const result = JSON.parse(reply) as {
      status: 'applied' | 'duplicate' | 'deleted';
      counts: [ReviewRelation, string, number][] | Record<string, never>;
    };
    const counts = Array.isArray(result.counts) ? result.counts : [];
    return {
      status: result.status,
      counts: counts.map(([relation, aspect, count]) => ({ relation, aspect, count })),
    };
  }

  /** Replaces a product's SIMILAR_TO edges (both directions) with `similar`, in one script. */
  async setSimilar(
    tenant: string,
    productId: string,
    similar: { productId: string; weight: number }[],
  ): Promise<void> {
    const p = this.prefix(tenant);
    await graphWrite(async () => {
      const stored = await this.redis.hkeys(`${p}p:${productId}:sim`);
      const keys = new ScriptKeys(p);
      keys.add(`p:${productId}:sim`);
      keys.add(`out:Product:${productId}`);
      keys.add(`in:Product:${productId}`);
      const fresh = similar.map((s) => [s.productId, String(s.weight), keys.similar(s.productId)]);
      const cover = Object.fromEntries(stored.map((other) => [other, keys.similar(other)]));
      return SIMILAR.run(this.redis, keys.keys, [productId, JSON.stringify(fresh), JSON.stringify(cover)]);
    });
  }

  /**
   * Candidates for SIMILAR_TO in two round trips: the products sharing one of `anchors` (objects of
   * the product's own facts) with it, in the order of the anchors and each set in SMEMBERS order,
   * at most `max`, each with its facts as "RELATION|object" (the tails of their keys: no stored
   * fact is decoded).
   */
  async similarityCandidates(
    tenant: string,
    productId: string,
    anchors: Pick<Triple, 'relation' | 'object'>[],
    max: number,
  ): Promise<{ productId: string; keys: string[] }[]> {
    if (anchors.length === 0) return [];
    const p = this.prefix(tenant);
    const sets = this.redis.pipeline();
    for (const a of anchors) sets.smembers(`${p}idx:${a.relation}:${objectNode(a)}`);
    const ids: string[] = [];
    const seen = new Set<string>();
    for (const [err, members] of (await sets.exec()) ?? []) {
      if (err) throw err;
      for (const id of members as string[]) {
        if (ids.length >= max) break;
        if (id !== productId && !seen.has(id)) {
          seen.add(id);
          ids.push(id);
        }
      }
    }
    if (ids.length === 0) return [];
    const facts = this.redis.pipeline();
    for (const id of ids) facts.hkeys(`${p}p:${id}:facts`);
    const replies = (await facts.exec()) ?? [];
    return ids.map((id, i) => {
      const [err, keys] = replies[i] ?? [null, []];
      if (err) throw err;
      // A fact's key is tripleKey: "<product id>|<RELATION>|<object>".
      return { productId: id, keys: (keys as string[]).map((key) => key.slice(id.length + 1)) };
    });
  }

  async productFacts(tenant: string, productId: string): Promise<Triple[]> {
    const raw = await this.redis.hvals(`${this.prefix(tenant)}p:${productId}:facts`);
    return raw.map((r) => (JSON.parse(r) as StoredFact).triple);
  }

  async reviewFacts(
    tenant: string,
    productId: string,
  ): Promise<{ relation: ReviewRelation; aspect: string; count: number }[]> {
    const raw = await this.redis.hgetall(`${this.prefix(tenant)}p:${productId}:rev`);
    return Object.entries(raw).map(([k, v]) => {
      const [relation, aspect] = k.split('|') as [ReviewRelation, string];
      return { relation, aspect, count: Number(v) };
    });
  }

  async productIds(tenant: string): Promise<string[]> {
    return (await this.redis.smembers(`${this.prefix(tenant)}products`)).sort();
  }

  async title(tenant: string, productId: string): Promise<string> {
    return (await this.redis.hget(`${this.prefix(tenant)}p:${productId}:meta`, 'title')) ?? '';
  }

  async neighbours(
    tenant: string,
    node: string,
    relations: Relation[] = [],
    direction: 'out' | 'in' | 'both' = 'both',
    limit = 100,
  ): Promise<Neighbour[]> {
    const p = this.prefix(tenant);
    const wanted = new Set(relations);
    const [outs, ins] = await Promise.all([
      direction === 'in' ? [] : this.redis.smembers(`${p}out:${node}`),
      direction === 'out' ? [] : this.redis.smembers(`${p}in:${node}`),
    ]);
    const result: Neighbour[] = [];
    const productId = node.startsWith('Product:') ? node.slice('Product:'.length) : undefined;
    const [rev, sim] = productId
      ? await Promise.all([
          this.redis.hgetall(`${p}p:${productId}:rev`),
          this.redis.hgetall(`${p}p:${productId}:sim`),
        ])
      : [{}, {}];
    // Counts of reviews pointing at an aspect live with each product: fetch them in one round trip.
    const inCounts = new Map<string, number>();
    const aspectEdges = node.startsWith('Aspect:')
      ? ins.filter((e) => e.startsWith('PRAISED_FOR|') || e.startsWith('CRITICIZED_FOR|'))
      : [];
    if (aspectEdges.length) {
      const pipe = this.redis.pipeline();
      for (const edge of aspectEdges) {
        const [relation, other] = [edge.slice(0, edge.indexOf('|')), edge.slice(edge.indexOf('|') + 1)];
        pipe.hget(
          `${p}p:${other.slice('Product:'.length)}:rev`,
          `${relation}|${node.slice('Aspect:'.length)}`,
        );
      }
      const counts = (await pipe.exec()) ?? [];
      aspectEdges.forEach((edge, i) => inCounts.set(edge, Number(counts[i]?.[1] ?? 0)));
    }
    for (const [dir, edges] of [
      ['out', outs],
      ['in', ins],
    ] as const) {
      for (const edge of edges) {
        const cut = edge.indexOf('|');
        const relation = edge.slice(0, cut) as Relation;
        const other = edge.slice(cut + 1);
        if (wanted.size && !wanted.has(relation)) continue;
        const n: Neighbour = { relation, direction: dir, node: other };
        if (other.startsWith('Number:')) n.number = Number(other.slice('Number:'.length));
        if (dir === 'out' && (relation === 'PRAISED_FOR' || relation === 'CRITICIZED_FOR'))
          n.count = Number(
            (rev as Record<string, string>)[`${relation}|${other.slice('Aspect:'.length)}`] ?? 0,
          );
        if (relation === 'SIMILAR_TO')
          n.weight = Number((sim as Record<string, string>)[other.slice('Product:'.length)] ?? 0);
        if (dir === 'in' && inCounts.has(edge)) n.count = inCounts.get(edge);
        result.push(n);
      }
    }
    result.sort(
      (a, b) =>
        (b.count ?? 0) - (a.count ?? 0) ||
        a.relation.localeCompare(b.relation) ||
        a.node.localeCompare(b.node),
    );
    return result.slice(0, limit);
  }

  /** Products satisfying every condition; numeric conditions use the sorted sets. */
  async match(
    tenant: string,
    conditions: MatchCondition[],
    limit = 50,
  ): Promise<{ products: ProductMatch[]; truncated: boolean }> {
    const p = this.prefix(tenant);
    let candidates: Set<string> | undefined;
    const categorical = conditions.filter((c) => !NUMERIC_RELATIONS.has(c.relation));
    if (categorical.length) {
      const ids = await this.redis.sinter(
        ...categorical.map((c) => `${p}idx:${c.relation}:${nodeId(OBJECT_TYPE[c.relation], c.object ?? '')}`),
      );
      candidates = new Set(ids);
    }
    for (const c of conditions.filter((x) => NUMERIC_RELATIONS.has(x.relation))) {
      const n = c.number ?? Number(c.object);
      const [min, max] =
        c.comparison === 'lt'
          ? ['-inf', `(${n}`]
          : c.comparison === 'lte'
            ? ['-inf', `${n}`]
            : c.comparison === 'gt'
              ? [`(${n}`, '+inf']
              : c.comparison === 'gte'
                ? [`${n}`, '+inf']
                : [`${n}`, `${n}`];
      const ids = new Set(await this.redis.zrangebyscore(`${p}num:${c.relation}`, min, max));
      candidates = candidates ? new Set([...candidates].filter((id) => ids.has(id))) : ids;
    }
    const ids = [...(candidates ?? [])].sort();
    const page = ids.slice(0, limit);
    const pipe = this.redis.pipeline();
    for (const id of page) pipe.hvals(`${p}p:${id}:facts`).hget(`${p}p:${id}:meta`, 'title');
    const replies = (await pipe.exec()) ?? [];
    const products: ProductMatch[] = page.map((id, i) => {
      const facts = ((replies[2 * i]?.[1] as string[] | undefined) ?? []).map(
        (r) => (JSON.parse(r) as StoredFact).triple,
      );
      const evidence = facts.filter((t) =>
        conditions.some(
          (c) =>
            c.relation === t.relation && (NUMERIC_RELATIONS.has(c.relation) || String(t.object) === c.object),
        ),
      );
      return { productId: id, title: (replies[2 * i + 1]?.[1] as string | null) ?? '', evidence };
    });
    return { products, truncated: ids.length > limit };
  }

  /** Paths of up to `maxHops` edges between two nodes, following edges in either direction. */
  async paths(tenant: string, from: string, to: string, maxHops = 3, limit = 20): Promise<PathHop[][]> {
    const p = this.prefix(tenant);
    const found: PathHop[][] = [];
    let frontier: { node: string; path: PathHop[] }[] = [{ node: from, path: [] }];
    for (let depth = 0; depth < Math.min(3, maxHops) && found.length < limit && frontier.length; depth++) {
      // One round trip per level: the adjacency sets of every node on the frontier.
      const nodes = [...new Set(frontier.map((f) => f.node))];
      const pipe = this.redis.pipeline();
      for (const node of nodes) pipe.smembers(`${p}out:${node}`).smembers(`${p}in:${node}`);
      const replies = (await pipe.exec()) ?? [];
      const edges = new Map<string, PathHop[]>();
      nodes.forEach((node, i) => {
        const hops: PathHop[] = [];
        for (const [direction, reply] of [
          ['out', replies[2 * i]],
          ['in', replies[2 * i + 1]],
        ] as const) {
          for (const edge of (reply?.[1] as string[] | undefined) ?? []) {
            const cut = edge.indexOf('|');
            hops.push({
              from: node,
              relation: edge.slice(0, cut) as Relation,
              to: edge.slice(cut + 1),
              direction,
            });
          }
        }
        edges.set(
          node,
          hops.sort((a, b) => a.to.localeCompare(b.to) || a.relation.localeCompare(b.relation)),
        );
      });
      const next: { node: string; path: PathHop[] }[] = [];
      for (const { node, path } of frontier) {
        for (const hop of edges.get(node) ?? []) {
          if (hop.to === from || path.some((h) => h.to === hop.to)) continue;
          const extended = [...path, hop];
          if (hop.to === to) found.push(extended);
          else if (!hop.to.startsWith('Number:')) next.push({ node: hop.to, path: extended });
          if (found.length >= limit) break;
        }
        if (found.length >= limit) break;
      }
      // Bounded breadth keeps a query through a hub (a popular brand or category) cheap.
      frontier = next.slice(0, 2000);
    }
    return found;
  }
}
