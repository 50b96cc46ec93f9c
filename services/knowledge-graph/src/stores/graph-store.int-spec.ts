import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Infra, connectTestRedis, startInfra, uniqueTenant } from '@shopmind/testing';
import { isRedisCluster, type RedisConnection } from '@shopmind/redis';
import type { Triple } from '../domain/triple.js';
import { GraphStore } from './graph-store.js';

let infra: Infra;
let redis: RedisConnection;
let store: GraphStore;

beforeAll(async () => {
  infra = await startInfra();
  redis = connectTestRedis(infra.redis);
  store = new GraphStore(redis);
});

afterAll(async () => {
  redis.disconnect();
  await infra.stop();
});

/**
 * Runs a script of the previous version (no keys declared, key names built in Lua from ARGV[1]). It
 * ran on one server only: on a Redis Cluster, a keyless EVAL goes to any node, so it is run on each
 * master until the one serving the tenant's slot accepts it (the others refuse a non-local key).
 */
async function previousEval(lua: string, ...args: (string | number)[]): Promise<unknown> {
  if (!isRedisCluster(redis)) return redis.eval(lua, 0, ...args);
  let refused: unknown;
  for (const node of redis.nodes('master')) {
    try {
      return await node.eval(lua, 0, ...args);
    } catch (err) {
      if (!/non local key/.test(String(err))) throw err;
      refused = err;
    }
  }
  throw refused;
}

function fact(
  subject: string,
  relation: Triple['relation'],
  object: string | number,
  eventId = 'e1',
): Triple {
  return {
    subject,
    relation,
    object,
    provenance: { sourceEventId: eventId, extractor: 'attributes', confidence: 0.95 },
  };
}

// knowledge-graph's review script before issue 17 (no keys declared; ARGV: prefix, product id, event
// id, seen TTL, then pairs relation, aspect), kept here to write the previous layout exactly.
const PREVIOUS_REVIEW_LUA = `
local function index(prefix, pid, fact)
  local pnode = 'Product:' .. pid
  redis.call('SADD', prefix .. 'out:' .. pnode, fact.rel .. '|' .. fact.obj)
  redis.call('SADD', prefix .. 'in:' .. fact.obj, fact.rel .. '|' .. pnode)
  redis.call('SADD', prefix .. 'idx:' .. fact.rel .. ':' .. fact.obj, pid)
end
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

const stamp = (version: number, occurredAtMs: number, eventId: string) => ({
  version,
  occurredAtMs,
  eventId,
});

describe('GraphStore', () => {
  it("replaces a product's facts on update so no stale fact survives in any index", async () => {
    const t = uniqueTenant('kg');
    await store.replaceProductFacts(t, 'p1', 'Puzzle', stamp(1, 1000, 'e1'), [
      fact('p1', 'MADE_OF', 'wood'),
      fact('p1', 'AGE_MIN', 3),
      fact('p1', 'IN_CATEGORY', 'puzzle'),
    ]);
    const update = await store.replaceProductFacts(t, 'p1', 'Puzzle', stamp(2, 2000, 'e2'), [
      fact('p1', 'MADE_OF', 'plastic', 'e2'),
      fact('p1', 'IN_CATEGORY', 'puzzle', 'e2'),
    ]);
    expect(update.status).toBe('applied');
    if (update.status !== 'applied') return;
    expect(update.removed.map((r) => `${r.relation}=${r.object}`).sort()).toEqual([
      'AGE_MIN=3',
      'MADE_OF=wood',
    ]);
    expect(update.added.map((r) => `${r.relation}=${r.object}`)).toEqual(['MADE_OF=plastic']);
    expect((await store.match(t, [{ relation: 'MADE_OF', object: 'wood' }])).products).toEqual([]);
    expect((await store.match(t, [{ relation: 'AGE_MIN', comparison: 'lte', number: 5 }])).products).toEqual(
      [],
    );
    expect((await store.neighbours(t, 'Material:wood')).length).toBe(0);
    expect(
      (await store.match(t, [{ relation: 'MADE_OF', object: 'plastic' }])).products.map((p) => p.productId),
    ).toEqual(['p1']);
  });

  it('writes right when another replica changed the product in between (the cover is read, never assumed)', async () => {
    const t = uniqueTenant('kg');
    const other = new GraphStore(redis); // a second replica: its own memory of what it wrote
    await store.replaceProductFacts(t, 'p1', 'Puzzle', stamp(1, 1000, 'e1'), [fact('p1', 'MADE_OF', 'wood')]);
    await other.replaceProductFacts(t, 'p1', 'Puzzle', stamp(2, 2000, 'e2'), [
      fact('p1', 'MADE_OF', 'metal', 'e2'),
      fact('p1', 'AGE_MIN', 3, 'e2'),
    ]);
    // This replica last wrote wood; the stored facts are now metal and AGE_MIN 3.
    const update = await store.replaceProductFacts(t, 'p1', 'Puzzle', stamp(3, 3000, 'e3'), [
      fact('p1', 'MADE_OF', 'plastic', 'e3'),
    ]);
    expect(update.status).toBe('applied');
    if (update.status !== 'applied') return;
    expect(update.removed.map((r) => `${r.relation}=${r.object}`).sort()).toEqual([
      'AGE_MIN=3',
      'MADE_OF=metal',
    ]);
    expect((await store.match(t, [{ relation: 'MADE_OF', object: 'metal' }])).products).toEqual([]);
    expect((await store.match(t, [{ relation: 'AGE_MIN', comparison: 'lte', number: 5 }])).products).toEqual(
      [],
    );
    expect((await store.neighbours(t, 'Product:p1', undefined, 'out')).map((n) => n.node)).toEqual([
      'Material:plastic',
    ]);

    await store.setSimilar(t, 'a', [{ productId: 'b', weight: 0.5 }]);
    await other.setSimilar(t, 'a', [{ productId: 'c', weight: 0.4 }]);
    await store.setSimilar(t, 'a', [{ productId: 'd', weight: 0.3 }]); // wrote b last; c is stored
    expect(await store.neighbours(t, 'Product:c', ['SIMILAR_TO'])).toEqual([]);
    expect((await store.neighbours(t, 'Product:a', ['SIMILAR_TO'], 'out')).map((n) => n.node)).toEqual([
      'Product:d',
    ]);
  });

  it('ignores an older upsert arriving late (last writer wins by version, then occurred-at)', async () => {
    const t = uniqueTenant('kg');
    await store.replaceProductFacts(t, 'p1', 'Pan', stamp(0, 5000, 'new'), [fact('p1', 'MADE_OF', 'steel')]);
    expect(
      (
        await store.replaceProductFacts(t, 'p1', 'Pan', stamp(0, 4000, 'old'), [
          fact('p1', 'MADE_OF', 'iron'),
        ])
      ).status,
    ).toBe('stale');
    expect((await store.productFacts(t, 'p1')).map((f) => f.object)).toEqual(['steel']);
  });

  it('removes a deleted product from the graph and never lets a late upsert resurrect it', async () => {
    const t = uniqueTenant('kg');
    await store.replaceProductFacts(t, 'p1', 'Car', stamp(3, 3000, 'u3'), [fact('p1', 'HAS_COLOR', 'red')]);
    await store.addReviewAspects(t, 'p1', 'r1', [{ relation: 'PRAISED_FOR', aspect: 'quality' }]);
    const deleted = await store.deleteProduct(t, 'p1', stamp(4, 4000, 'd4'));
    expect(deleted.status).toBe('applied');
    expect(await store.productIds(t)).toEqual([]);
    expect(await store.neighbours(t, 'Color:red')).toEqual([]);
    expect(await store.neighbours(t, 'Aspect:quality')).toEqual([]);
    expect(
      (
        await store.replaceProductFacts(t, 'p1', 'Car', stamp(3, 3500, 'u3-late'), [
          fact('p1', 'HAS_COLOR', 'blue'),
        ])
      ).status,
    ).toBe('stale');
    expect(await store.productIds(t)).toEqual([]);
    expect(
      (await store.addReviewAspects(t, 'p1', 'r2', [{ relation: 'PRAISED_FOR', aspect: 'quality' }])).status,
    ).toBe('deleted');
  });

  it('counts review aspects once per review event', async () => {
    const t = uniqueTenant('kg');
    await store.replaceProductFacts(t, 'p1', 'Kettle', stamp(1, 1, 'u1'), [fact('p1', 'BRAND', 'smeg')]);
    await store.addReviewAspects(t, 'p1', 'r1', [
      { relation: 'PRAISED_FOR', aspect: 'design' },
      { relation: 'CRITICIZED_FOR', aspect: 'noise' },
    ]);
    await store.addReviewAspects(t, 'p1', 'r2', [{ relation: 'PRAISED_FOR', aspect: 'design' }]);
    expect(
      (await store.addReviewAspects(t, 'p1', 'r2', [{ relation: 'PRAISED_FOR', aspect: 'design' }])).status,
    ).toBe('duplicate');
    const around = await store.neighbours(t, 'Product:p1', ['PRAISED_FOR', 'CRITICIZED_FOR']);
    expect(around).toEqual([
      { relation: 'PRAISED_FOR', direction: 'out', node: 'Aspect:design', count: 2 },
      { relation: 'CRITICIZED_FOR', direction: 'out', node: 'Aspect:noise', count: 1 },
    ]);
  });

  it('does not count again a review the previous key layout counted (its p:<id>:seen set), and loses nothing', async () => {
    const t = uniqueTenant('kg');
    await store.replaceProductFacts(t, 'p1', 'Kettle', stamp(1, 1, 'u1'), [fact('p1', 'BRAND', 'smeg')]);
    // The review as the previous version counted it: its script, verbatim, with no keys declared.
    await previousEval(PREVIOUS_REVIEW_LUA, `{kg:${t}}:`, 'p1', 'r1', 3600, 'PRAISED_FOR', 'design');
    expect(await redis.smembers(`{kg:${t}}:p:p1:seen`)).toEqual(['r1']);
    // Redelivered after the upgrade: recognised, counted once, and marked in the new layout.
    expect(
      (await store.addReviewAspects(t, 'p1', 'r1', [{ relation: 'PRAISED_FOR', aspect: 'design' }])).status,
    ).toBe('duplicate');
    expect(await redis.exists(`{kg:${t}}:done:r1`)).toBe(1);
    const next = await store.addReviewAspects(t, 'p1', 'r2', [{ relation: 'PRAISED_FOR', aspect: 'design' }]);
    expect(next).toEqual({
      status: 'applied',
      counts: [{ relation: 'PRAISED_FOR', aspect: 'design', count: 2 }],
    });
    expect(await store.neighbours(t, 'Aspect:design')).toEqual([
      { relation: 'PRAISED_FOR', direction: 'in', node: 'Product:p1', count: 2 },
    ]);
    expect(
      (await store.match(t, [{ relation: 'BRAND', object: 'smeg' }])).products.map((p) => p.productId),
    ).toEqual(['p1']);
  });

  it('touches only the keys it declares: every write runs within the tenant’s slot', async () => {
    const t = uniqueTenant('kg');
    // A product deleted with facts, review facts and similar products: every key its script touches
    // is one the store named (a key built inside Lua would be invisible to Redis Cluster routing).
    await store.replaceProductFacts(t, 'p1', 'Kettle', stamp(1, 1, 'u1'), [fact('p1', 'MADE_OF', 'steel')]);
    await store.replaceProductFacts(t, 'p2', 'Pot', stamp(1, 1, 'u2'), [fact('p2', 'MADE_OF', 'steel')]);
    await store.addReviewAspects(t, 'p1', 'r1', [{ relation: 'PRAISED_FOR', aspect: 'design' }]);
    await store.setSimilar(t, 'p1', [{ productId: 'p2', weight: 0.5 }]);
    expect((await store.deleteProduct(t, 'p1', stamp(2, 2, 'd1'))).status).toBe('applied');
    expect(await redis.smembers(`{kg:${t}}:in:Product:p2`)).toEqual([]);
    expect(await redis.hgetall(`{kg:${t}}:p:p2:sim`)).toEqual({});
    expect(await redis.smembers(`{kg:${t}}:in:Aspect:design`)).toEqual([]);
    expect(await redis.smembers(`{kg:${t}}:idx:MADE_OF:Material:steel`)).toEqual(['p2']);
  });

  it('answers a conjunction with a numeric range: made of wood, age_min <= 3, category puzzle', async () => {
    const t = uniqueTenant('kg');
    const puzzle = (id: string, material: string, age: number) =>
      store.replaceProductFacts(t, id, id, stamp(1, 1, `u-${id}`), [
        fact(id, 'MADE_OF', material),
        fact(id, 'AGE_MIN', age),
        fact(id, 'IN_CATEGORY', 'puzzle'),
      ]);
    await puzzle('a', 'wood', 2);
    await puzzle('b', 'wood', 4);
    await puzzle('c', 'cardboard', 1.5);
    await puzzle('d', 'wood', 3);
    const { products } = await store.match(t, [
      { relation: 'MADE_OF', object: 'wood' },
      { relation: 'AGE_MIN', comparison: 'lte', number: 3 },
      { relation: 'IN_CATEGORY', object: 'puzzle' },
    ]);
    expect(products.map((p) => p.productId)).toEqual(['a', 'd']);
    expect(products[0].evidence.map((e) => `${e.relation}=${e.object}`).sort()).toEqual([
      'AGE_MIN=2',
      'IN_CATEGORY=puzzle',
      'MADE_OF=wood',
    ]);
  });

  it('finds paths of up to three hops and keeps tenants apart', async () => {
    const t = uniqueTenant('kg');
    const other = uniqueTenant('kg');
    await store.replaceProductFacts(t, 'p1', 'Train', stamp(1, 1, 'a'), [fact('p1', 'BRAND', 'brio')]);
    await store.replaceProductFacts(t, 'p2', 'Track', stamp(1, 1, 'b'), [
      fact('p2', 'BRAND', 'brio'),
      fact('p2', 'MADE_OF', 'wood'),
    ]);
    await store.replaceProductFacts(other, 'p9', 'Other', stamp(1, 1, 'c'), [fact('p9', 'BRAND', 'brio')]);
    const paths = await store.paths(t, 'Product:p1', 'Material:wood', 3);
    expect(paths.map((p) => p.map((h) => `${h.from}-${h.relation}->${h.to}`))).toEqual([
      ['Product:p1-BRAND->Brand:brio', 'Brand:brio-BRAND->Product:p2', 'Product:p2-MADE_OF->Material:wood'],
    ]);
    expect(await store.paths(t, 'Product:p1', 'Material:wood', 2)).toEqual([]);
    expect((await store.neighbours(t, 'Brand:brio')).map((n) => n.node).sort()).toEqual([
      'Product:p1',
      'Product:p2',
    ]);
  });
});

describe('GraphStore similarity and aspect neighbours', () => {
  it('lists the products sharing a category or brand once, without the product itself, with their fact keys', async () => {
    const t = uniqueTenant('kg');
    const put = (id: string, facts: Triple[], at: number) =>
      store.replaceProductFacts(t, id, id, stamp(1, at, `e-${id}`), facts);
    await put('a', [fact('a', 'IN_CATEGORY', 'puzzle'), fact('a', 'BRAND', 'hape')], 1);
    await put('b', [fact('b', 'IN_CATEGORY', 'puzzle'), fact('b', 'AGE_MIN', 3)], 2);
    await put(
      'c',
      [fact('c', 'BRAND', 'hape'), fact('c', 'IN_CATEGORY', 'puzzle'), fact('c', 'MADE_OF', 'wood')],
      3,
    );
    await put('d', [fact('d', 'IN_CATEGORY', 'train set')], 4);
    const anchors = [fact('a', 'IN_CATEGORY', 'puzzle'), fact('a', 'BRAND', 'hape')];
    const candidates = await store.similarityCandidates(t, 'a', anchors, 10);
    expect(candidates.map((c) => c.productId).sort()).toEqual(['b', 'c']);
    expect(candidates.find((c) => c.productId === 'c')?.keys.sort()).toEqual([
      'BRAND|hape',
      'IN_CATEGORY|puzzle',
      'MADE_OF|wood',
    ]);
    expect(candidates.find((c) => c.productId === 'b')?.keys.sort()).toEqual([
      'AGE_MIN|3',
      'IN_CATEGORY|puzzle',
    ]);
    expect(await store.similarityCandidates(t, 'a', anchors, 1)).toHaveLength(1);
    expect(await store.similarityCandidates(t, 'a', [], 10)).toEqual([]);
  });

  it('keeps SIMILAR_TO symmetric and replaces it when recomputed', async () => {
    const t = uniqueTenant('kg');
    await store.setSimilar(t, 'a', [{ productId: 'b', weight: 0.5 }]);
    expect(await store.neighbours(t, 'Product:b', ['SIMILAR_TO'], 'out')).toEqual([
      { relation: 'SIMILAR_TO', direction: 'out', node: 'Product:a', weight: 0.5 },
    ]);
    await store.setSimilar(t, 'a', [{ productId: 'c', weight: 0.4 }]);
    expect(await store.neighbours(t, 'Product:b', ['SIMILAR_TO'])).toEqual([]);
    expect((await store.neighbours(t, 'Product:a', ['SIMILAR_TO'], 'out')).map((n) => n.node)).toEqual([
      'Product:c',
    ]);
  });

  it('lists the products praised for an aspect with their counts', async () => {
    const t = uniqueTenant('kg');
    await store.addReviewAspects(t, 'p1', 'r1', [{ relation: 'PRAISED_FOR', aspect: 'quality' }]);
    await store.addReviewAspects(t, 'p1', 'r2', [{ relation: 'PRAISED_FOR', aspect: 'quality' }]);
    await store.addReviewAspects(t, 'p2', 'r3', [{ relation: 'PRAISED_FOR', aspect: 'quality' }]);
    expect(await store.neighbours(t, 'Aspect:quality')).toEqual([
      { relation: 'PRAISED_FOR', direction: 'in', node: 'Product:p1', count: 2 },
      { relation: 'PRAISED_FOR', direction: 'in', node: 'Product:p2', count: 1 },
    ]);
  });
});
