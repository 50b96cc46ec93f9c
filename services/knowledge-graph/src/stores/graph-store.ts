// The knowledge graph in Redis, one namespace per tenant. Every key of a tenant shares the hash
// tag `{kg:<tenant>}` so the Lua scripts that replace a product's facts atomically touch a single
// slot under Redis Cluster. Layout (prefix `{kg:<tenant>}:`):
//   p:<id>:facts  hash  tripleKey → stored fact (JSON)       — a product's extracted facts
//   p:<id>:meta   hash  version, occurred_at, deleted, title, event_id — last-writer-wins stamp
//   p:<id>:rev    hash  "RELATION|aspect" → count            — review facts
//   p:<id>:seen   set   review event ids already counted (TTL)
//   p:<id>:sim    hash  other product id → similarity        — derived SIMILAR_TO
//   out:<node> / in:<node>  sets of "RELATION|node"           — adjacency for neighbours and paths
//   idx:<RELATION>:<node>   set of product ids                 — conjunction match
//   num:<RELATION>          sorted set product id → number     — numeric ranges (AGE_MIN, AGE_MAX)
//   products                set of live product ids

import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
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

// Shared by both scripts: is the incoming stamp newer than the stored one? Version first (when
// both sides know it), then occurred_at; equal stamps are not newer.
const NEWER_LUA = `
local function newer(meta, version, occurred)
  if not meta[1] then return true end
  local sv = tonumber(meta[1]) or 0
  local so = tonumber(meta[2]) or 0
  if version > 0 and sv > 0 and version ~= sv then return version > sv end
  return occurred > so
end
`;

const UNINDEX_LUA = `
local function unindex(prefix, pid, fact)
  local pnode = 'Product:' .. pid
  redis.call('SREM', prefix .. 'out:' .. pnode, fact.rel .. '|' .. fact.obj)
  redis.call('SREM', prefix .. 'in:' .. fact.obj, fact.rel .. '|' .. pnode)
  redis.call('SREM', prefix .. 'idx:' .. fact.rel .. ':' .. fact.obj, pid)
  if fact.num then redis.call('ZREM', prefix .. 'num:' .. fact.rel, pid) end
end
local function index(prefix, pid, fact)
  local pnode = 'Product:' .. pid
  redis.call('SADD', prefix .. 'out:' .. pnode, fact.rel .. '|' .. fact.obj)
  redis.call('SADD', prefix .. 'in:' .. fact.obj, fact.rel .. '|' .. pnode)
  redis.call('SADD', prefix .. 'idx:' .. fact.rel .. ':' .. fact.obj, pid)
  if fact.num then redis.call('ZADD', prefix .. 'num:' .. fact.rel, fact.num, pid) end
end
`;

// ARGV: prefix, product id, version, occurred_at ms, event id, title, facts JSON (array of StoredFact)
const REPLACE_LUA = `${NEWER_LUA}${UNINDEX_LUA}
local prefix, pid = ARGV[1], ARGV[2]
local version, occurred, eventId, title = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], ARGV[6]
local metaKey, factsKey = prefix .. 'p:' .. pid .. ':meta', prefix .. 'p:' .. pid .. ':facts'
local meta = redis.call('HMGET', metaKey, 'version', 'occurred_at', 'event_id', 'deleted')
if meta[3] == eventId then return cjson.encode({ status = 'duplicate', removed = {} }) end
if not newer(meta, version, occurred) then return cjson.encode({ status = 'stale' }) end
local old = redis.call('HGETALL', factsKey)
local incoming = cjson.decode(ARGV[7])
local keep = {}
for _, f in ipairs(incoming) do keep[f.key] = true end
local removed, existing = {}, {}
for i = 1, #old, 2 do
  local fact = cjson.decode(old[i + 1])
  table.insert(existing, old[i])
  if not keep[old[i]] then table.insert(removed, fact.triple) end
  unindex(prefix, pid, fact)
end
redis.call('DEL', factsKey)
for _, f in ipairs(incoming) do
  redis.call('HSET', factsKey, f.key, cjson.encode(f))
  index(prefix, pid, f)
end
redis.call('HSET', metaKey, 'version', version, 'occurred_at', occurred, 'event_id', eventId, 'deleted', 0, 'title', title)
redis.call('PERSIST', metaKey)
redis.call('SADD', prefix .. 'products', pid)
return cjson.encode({ status = 'applied', removed = removed, existing = existing })
`;

// ARGV: prefix, product id, version, occurred_at ms, event id, tombstone ttl seconds
const DELETE_LUA = `${NEWER_LUA}${UNINDEX_LUA}
local prefix, pid = ARGV[1], ARGV[2]
local version, occurred, eventId = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local metaKey, factsKey = prefix .. 'p:' .. pid .. ':meta', prefix .. 'p:' .. pid .. ':facts'
local meta = redis.call('HMGET', metaKey, 'version', 'occurred_at', 'event_id', 'deleted')
if meta[3] == eventId then return cjson.encode({ status = 'duplicate', removed = {} }) end
if not newer(meta, version, occurred) then return cjson.encode({ status = 'stale', removed = {} }) end
local removed = {}
local old = redis.call('HGETALL', factsKey)
for i = 1, #old, 2 do
  local fact = cjson.decode(old[i + 1])
  table.insert(removed, fact.triple)
  unindex(prefix, pid, fact)
end
local rev = redis.call('HGETALL', prefix .. 'p:' .. pid .. ':rev')
for i = 1, #rev, 2 do
  local sep = string.find(rev[i], '|', 1, true)
  unindex(prefix, pid, { rel = string.sub(rev[i], 1, sep - 1), obj = 'Aspect:' .. string.sub(rev[i], sep + 1) })
end
local sim = redis.call('HGETALL', prefix .. 'p:' .. pid .. ':sim')
for i = 1, #sim, 2 do
  local other = sim[i]
  redis.call('SREM', prefix .. 'out:Product:' .. pid, 'SIMILAR_TO|Product:' .. other)
  redis.call('SREM', prefix .. 'in:Product:' .. pid, 'SIMILAR_TO|Product:' .. other)
  redis.call('SREM', prefix .. 'out:Product:' .. other, 'SIMILAR_TO|Product:' .. pid)
  redis.call('SREM', prefix .. 'in:Product:' .. other, 'SIMILAR_TO|Product:' .. pid)
  redis.call('HDEL', prefix .. 'p:' .. other .. ':sim', pid)
end
redis.call('DEL', factsKey, prefix .. 'p:' .. pid .. ':rev', prefix .. 'p:' .. pid .. ':sim', prefix .. 'p:' .. pid .. ':seen')
redis.call('SREM', prefix .. 'products', pid)
local existed = meta[1] ~= false and meta[4] ~= '1'
redis.call('HSET', metaKey, 'version', version, 'occurred_at', occurred, 'event_id', eventId, 'deleted', 1, 'title', '')
redis.call('EXPIRE', metaKey, tonumber(ARGV[6]))
if existed then return cjson.encode({ status = 'applied', removed = removed }) end
return cjson.encode({ status = 'absent', removed = removed })
`;

// ARGV: prefix, product id, review event id, seen ttl, then pairs relation, aspect
const REVIEW_LUA = `${UNINDEX_LUA}
local prefix, pid, eventId = ARGV[1], ARGV[2], ARGV[3]
local meta = redis.call('HGET', prefix .. 'p:' .. pid .. ':meta', 'deleted')
if meta == '1' then return cjson.encode({ status = 'deleted', counts = {} }) end
local seenKey = prefix .. 'p:' .. pid .. ':seen'
if redis.call('SADD', seenKey, eventId) == 0 then return cjson.encode({ status = 'duplicate', counts = {} }) end
redis.call('EXPIRE', seenKey, tonumber(ARGV[4]))
local counts = {}
for i = 5, #ARGV, 2 do
  local rel, aspect = ARGV[i], ARGV[i + 1]
  local n = redis.call('HINCRBY', prefix .. 'p:' .. pid .. ':rev', rel .. '|' .. aspect, 1)
  index(prefix, pid, { rel = rel, obj = 'Aspect:' .. aspect })
  table.insert(counts, { rel, aspect, n })
end
return cjson.encode({ status = 'applied', counts = counts })
`;

// ARGV: prefix, product id, most candidates, then anchor index keys (without the prefix).
// The products sharing an anchor with the product, first anchor first and each set in SMEMBERS
// order, at most that many, each with the keys of its facts: pairs id, {fact key, ...}.
const CANDIDATES_LUA = `
local prefix, pid, max = ARGV[1], ARGV[2], tonumber(ARGV[3])
local seen, out, n = {}, {}, 0
for i = 4, #ARGV do
  for _, id in ipairs(redis.call('SMEMBERS', prefix .. ARGV[i])) do
    if n >= max then break end
    if id ~= pid and not seen[id] then
      seen[id] = true
      n = n + 1
      table.insert(out, id)
      table.insert(out, redis.call('HKEYS', prefix .. 'p:' .. id .. ':facts'))
    end
  end
end
return out
`;

// ARGV: prefix, product id, then pairs other product id, weight. Replaces the product's SIMILAR_TO
// edges, both directions, and the weights on both sides.
const SIMILAR_LUA = `
local prefix, pid = ARGV[1], ARGV[2]
local self = 'Product:' .. pid
local simKey = prefix .. 'p:' .. pid .. ':sim'
for _, other in ipairs(redis.call('HKEYS', simKey)) do
  redis.call('SREM', prefix .. 'out:' .. self, 'SIMILAR_TO|Product:' .. other)
  redis.call('SREM', prefix .. 'in:' .. self, 'SIMILAR_TO|Product:' .. other)
  redis.call('SREM', prefix .. 'out:Product:' .. other, 'SIMILAR_TO|' .. self)
  redis.call('SREM', prefix .. 'in:Product:' .. other, 'SIMILAR_TO|' .. self)
  redis.call('HDEL', prefix .. 'p:' .. other .. ':sim', pid)
end
redis.call('DEL', simKey)
for i = 3, #ARGV, 2 do
  local other, weight = ARGV[i], ARGV[i + 1]
  redis.call('SADD', prefix .. 'out:' .. self, 'SIMILAR_TO|Product:' .. other)
  redis.call('SADD', prefix .. 'in:Product:' .. other, 'SIMILAR_TO|' .. self)
  redis.call('SADD', prefix .. 'out:Product:' .. other, 'SIMILAR_TO|' .. self)
  redis.call('SADD', prefix .. 'in:' .. self, 'SIMILAR_TO|Product:' .. other)
  redis.call('HSET', simKey, other, weight)
  redis.call('HSET', prefix .. 'p:' .. other .. ':sim', pid, weight)
end
return 1
`;

class LuaScript {
  private readonly sha: string;
  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run<T = string>(redis: Redis, args: (string | number)[]): Promise<T> {
    try {
      return (await redis.evalsha(this.sha, 0, ...args)) as T;
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
      return (await redis.eval(this.source, 0, ...args)) as T;
    }
  }
}

const REPLACE = new LuaScript(REPLACE_LUA);
const DELETE = new LuaScript(DELETE_LUA);
const REVIEW = new LuaScript(REVIEW_LUA);
const CANDIDATES = new LuaScript(CANDIDATES_LUA);
const SIMILAR = new LuaScript(SIMILAR_LUA);

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
  private readonly seenTtl: number;

  constructor(
    private readonly redis: Redis,
    options: GraphStoreOptions = {},
  ) {
    this.tombstoneTtl = options.tombstoneTtlSeconds ?? 30 * 24 * 3600;
    this.seenTtl = options.reviewSeenTtlSeconds ?? 30 * 24 * 3600;
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
    const raw = await REPLACE.run(this.redis, [
      this.prefix(tenant),
      productId,
      stamp.version,
      stamp.occurredAtMs,
      stamp.eventId,
      title,
      JSON.stringify(stored),
    ]);
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
    const raw = await DELETE.run(this.redis, [
      this.prefix(tenant),
      productId,
      stamp.version,
      stamp.occurredAtMs,
      stamp.eventId,
      this.tombstoneTtl,
    ]);
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
    const args: (string | number)[] = [this.prefix(tenant), productId, eventId, this.seenTtl];
    for (const a of aspects) args.push(a.relation, a.aspect);
    const result = JSON.parse(await REVIEW.run(this.redis, args)) as {
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
    const args: string[] = [this.prefix(tenant), productId];
    for (const s of similar) args.push(s.productId, String(s.weight));
    await SIMILAR.run(this.redis, args);
  }

  /**
   * Candidates for SIMILAR_TO in one round trip: the products sharing one of `anchors` (objects of
   * the product's own facts) with it, in the order of the anchors, at most `max`, each with its
   * facts as "RELATION|object" (the tails of their keys: no stored fact is decoded).
   */
  async similarityCandidates(
    tenant: string,
    productId: string,
    anchors: Pick<Triple, 'relation' | 'object'>[],
    max: number,
  ): Promise<{ productId: string; keys: string[] }[]> {
    if (anchors.length === 0) return [];
    const reply = await CANDIDATES.run<(string | string[])[]>(this.redis, [
      this.prefix(tenant),
      productId,
      max,
      ...anchors.map((a) => `idx:${a.relation}:${objectNode(a)}`),
    ]);
    const candidates: { productId: string; keys: string[] }[] = [];
    for (let i = 0; i < reply.length; i += 2) {
      const id = reply[i] as string;
      // A fact's key is tripleKey: "<product id>|<RELATION>|<object>".
      const keys = (reply[i + 1] as string[]).map((key) => key.slice(id.length + 1));
      candidates.push({ productId: id, keys });
    }
    return candidates;
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
