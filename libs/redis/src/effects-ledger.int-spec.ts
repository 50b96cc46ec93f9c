// EffectsLedger on a real Redis and on a local Redis Cluster: the one way a handler applies an
// event's effects once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  startInfra,
  startRedisCluster,
  uniqueName,
  type Infra,
  type LocalRedisCluster,
} from '@shopmind/testing';
import { EffectsLedger } from './effects-ledger.js';
import { createRedisConnection, type RedisConnection } from './redis-connection.js';

let infra: Infra;
let cluster: LocalRedisCluster;
const connections: Record<string, RedisConnection> = {};
let redis: RedisConnection;
let ledger: EffectsLedger;

beforeAll(async () => {
  [infra, cluster] = await Promise.all([startInfra(), startRedisCluster({ replicasPerMaster: 0 })]);
  connections['a single server'] = createRedisConnection({ kind: 'single', url: infra.redisUrl });
  connections['a Redis Cluster'] = createRedisConnection({ kind: 'cluster', nodes: cluster.seeds });
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(connections).map((c) => c.quit()));
  await Promise.all([infra?.stop(), cluster?.stop()]);
});

describe.each(['a single server', 'a Redis Cluster'])('on %s', (topology) => {
  beforeEach(() => {
    redis = connections[topology]!;
    ledger = new EffectsLedger(redis, { service: 'ledger-test', doneTtlSeconds: 600 });
  });

  describe('EffectsLedger.applyOnce', () => {
    it('applies the effects of one event id once, however often it is delivered', async () => {
      const ref = { tenant: uniqueName('t'), entity: 'product:p-1' };
      const apply = () =>
        ledger.applyOnce({
          ...ref,
          eventId: 'e-1',
          ops: [
            { op: 'hincrby', key: 'stats', field: 'count', by: 1 },
            { op: 'zincrby', key: 'aspects', member: 'battery', by: 2 },
            { op: 'rpush', key: 'recent', value: 'r-1' },
          ],
        });
      expect(await Promise.all([apply(), apply(), apply()])).toEqual([true, false, false]);
      expect(await redis.hget(ledger.key(ref, 'stats'), 'count')).toBe('1');
      expect(await redis.zscore(ledger.key(ref, 'aspects'), 'battery')).toBe('2');
      expect(await redis.lrange(ledger.key(ref, 'recent'), 0, -1)).toEqual(['r-1']);
      const ttl = await redis.ttl(ledger.key(ref, 'done:e-1'));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(600);
    });

    it('runs a custom script with its keys and arguments under the same done mark', async () => {
      const ref = { tenant: uniqueName('t'), entity: 'user:u-1' };
      const run = (eventId: string) =>
        ledger.applyOnce({
          ...ref,
          eventId,
          script: {
            lua: "redis.call('HSET', K[1], 'last', A[1]); redis.call('INCRBY', K[2], A[2])",
            keys: ['profile', 'score'],
            args: [eventId, 5],
          },
        });
      expect(await run('e-1')).toBe(true);
      expect(await run('e-1')).toBe(false);
      expect(await run('e-2')).toBe(true);
      expect(await redis.hget(ledger.key(ref, 'profile'), 'last')).toBe('e-2');
      expect(await redis.get(ledger.key(ref, 'score'))).toBe('10');
    });

    it('keeps every key of one entity in one Redis Cluster hash slot', () => {
      const ref = { tenant: 'acme', entity: 'product:p-9' };
      const tags = ['done:e', 'stats', 'state'].map((s) => /\{([^}]+)\}/.exec(ledger.key(ref, s))?.[1]);
      expect(new Set(tags)).toEqual(new Set(['ledger-test:acme:product:p-9']));
    });
  });

  describe('EffectsLedger.runOnce', () => {
    const COUNT = {
      lua: `if FIRST then redis.call('HINCRBY', K[1], 'n', 1) end
  return tonumber(redis.call('HGET', K[1], 'n'))`,
      keys: ['stats'],
    };

    it('runs on every delivery, counts on the first only, and answers each time', async () => {
      const ref = { tenant: uniqueName('t'), entity: 'card:c-1' };
      const run = (eventId: string) => ledger.runOnce<number>({ ...ref, eventId, script: COUNT });
      expect(await run('o-1')).toEqual({ first: true, reply: 1 });
      expect(await run('o-1')).toEqual({ first: false, reply: 1 });
      expect(await run('o-2')).toEqual({ first: true, reply: 2 });
    });

    it('queues in a pipeline beside other commands, one reply per call', async () => {
      const ref = { tenant: uniqueName('t'), entity: 'card:c-2' };
      const pipe = redis.pipeline();
      ledger.queueOnce(pipe, { ...ref, eventId: 'o-1', script: COUNT });
      ledger.queueOnce(pipe, { ...ref, eventId: 'o-1', script: COUNT });
      pipe.get(ledger.key(ref, 'unrelated')); // a cluster pipeline stays on one node
      const replies = (await pipe.exec()) ?? [];
      expect(replies.slice(0, 2).map(([, raw]) => EffectsLedger.onceReply(raw))).toEqual([
        { first: true, reply: 1 },
        { first: false, reply: 1 },
      ]);
    });

    it('counts an event the previous key layout marked as applied, and marks it in the new one', async () => {
      const ref = { tenant: uniqueName('t'), entity: 'product:p-1' };
      await redis.sadd(ledger.key(ref, 'seen'), 'e-old');
      const script = {
        ...COUNT,
        keys: ['stats', 'seen'],
        args: [],
        appliedBefore: "redis.call('SISMEMBER', K[2], ARGV[3]) == 1",
      };
      const run = (eventId: string) =>
        ledger.runOnce<number | null>({ ...ref, eventId, script: { ...script, args: [eventId] } });
      expect(await run('e-old')).toEqual({ first: false, reply: null });
      expect(await redis.exists(ledger.doneKey(ref, 'e-old'))).toBe(1);
      expect(await run('e-new')).toEqual({ first: true, reply: 1 });
    });

    it('leaves an event unmarked when the script says nothing was applied', async () => {
      const ref = { tenant: uniqueName('t'), entity: 'product:p-2' };
      const script = {
        lua: "if A[1] == 'closed' then keep_unmarked() return 'skipped' end return 'done'",
        keys: [],
      };
      expect(
        await ledger.runOnce({ ...ref, eventId: 'e-1', script: { ...script, args: ['closed'] } }),
      ).toEqual({
        first: true,
        reply: 'skipped',
      });
      expect(await ledger.runOnce({ ...ref, eventId: 'e-1', script: { ...script, args: ['open'] } })).toEqual(
        {
          first: true,
          reply: 'done',
        },
      );
      expect(await ledger.runOnce({ ...ref, eventId: 'e-1', script: { ...script, args: ['open'] } })).toEqual(
        {
          first: false,
          reply: 'done',
        },
      );
    });

    it('keeps its keys where `keyOf` puts them, and refuses keys it would spread over slots', async () => {
      const tenant = uniqueName('t');
      const graph = new EffectsLedger(redis, { service: 'kg', keyOf: (ref, s) => `{kg:${ref.tenant}}:${s}` });
      const ref = { tenant, entity: 'product:p-1' };
      expect(graph.doneKey(ref, 'e-1')).toBe(`{kg:${tenant}}:done:e-1`);
      expect((await graph.runOnce({ ...ref, eventId: 'e-1', script: COUNT })).first).toBe(true);
      expect(await redis.hget(`{kg:${tenant}}:stats`, 'n')).toBe('1');
      const spread = new EffectsLedger(redis, { service: 'x', keyOf: (_ref, s) => s });
      await expect(spread.runOnce({ ...ref, eventId: 'e-1', script: COUNT })).rejects.toThrow(/CROSSSLOT/);
    });
  });

  describe('EffectsLedger.writeIfNewer', () => {
    it('lets a newer write win and ignores an older one that arrives late', async () => {
      const ref = { tenant: uniqueName('t'), entity: 'product:p-1' };
      expect(
        await ledger.writeIfNewer({ ...ref, version: 200, kind: 'upsert', fields: { title: 'v200' } }),
      ).toBe(true);
      expect(
        await ledger.writeIfNewer({ ...ref, version: 100, kind: 'upsert', fields: { title: 'v100' } }),
      ).toBe(false);
      expect(await ledger.readEntity(ref)).toEqual({ title: 'v200' });
      expect(
        await ledger.writeIfNewer({
          ...ref,
          version: 300,
          kind: 'upsert',
          fields: { title: 'v300', price: '9.99' },
        }),
      ).toBe(true);
      expect(await ledger.readEntity(ref)).toEqual({ title: 'v300', price: '9.99' });
    });

    it('never resurrects a deleted entity with a late upsert, but accepts a newer one', async () => {
      const ref = { tenant: uniqueName('t'), entity: 'product:p-2' };
      await ledger.writeIfNewer({
        ...ref,
        version: 100,
        kind: 'upsert',
        fields: { title: 'first' },
        ops: [{ op: 'sadd', key: 'tags', member: 'wood' }],
      });
      expect(
        await ledger.writeIfNewer({
          ...ref,
          version: 300,
          kind: 'delete',
          ops: [{ op: 'del', key: 'tags' }],
        }),
      ).toBe(true);
      expect(
        await ledger.writeIfNewer({
          ...ref,
          version: 200,
          kind: 'upsert',
          fields: { title: 'late' },
          ops: [{ op: 'sadd', key: 'tags', member: 'late' }],
        }),
      ).toBe(false);
      expect(await ledger.readEntity(ref)).toBeUndefined();
      expect(await redis.smembers(ledger.key(ref, 'tags'))).toEqual([]);
      expect(await redis.ttl(ledger.key(ref, 'version'))).toBeGreaterThan(0);
      expect(
        await ledger.writeIfNewer({ ...ref, version: 400, kind: 'upsert', fields: { title: 'back' } }),
      ).toBe(true);
      expect(await ledger.readEntity(ref)).toEqual({ title: 'back' });
      expect(await redis.ttl(ledger.key(ref, 'version'))).toBe(-1);
    });

    it('lets a delete win over an upsert with the same version', async () => {
      const ref = { tenant: uniqueName('t'), entity: 'product:p-3' };
      await ledger.writeIfNewer({ ...ref, version: 100, kind: 'upsert', fields: { title: 'x' } });
      expect(await ledger.writeIfNewer({ ...ref, version: 100, kind: 'delete' })).toBe(true);
      expect(
        await ledger.writeIfNewer({ ...ref, version: 100, kind: 'upsert', fields: { title: 'x' } }),
      ).toBe(false);
      expect(await ledger.readEntity(ref)).toBeUndefined();
    });
  });
});
