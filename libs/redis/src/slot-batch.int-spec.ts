// execBySlot on a real Redis Cluster: a batch over many hash tags goes as one pipeline per master,
// replies in the order queued (scripts, MULTI and keyless commands among them), and a slot moved
// behind the client's back (stale slot map: MOVED) still gets its commands run once, on its new
// owner. And on a single server: one pipeline.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import calculateSlot from 'cluster-key-slot';
import { Redis, type ChainableCommander } from 'ioredis';
import {
  startRedisCluster,
  startRedisServer,
  uniqueName,
  type LocalRedisCluster,
  type LocalRedisServer,
  type RedisClusterNode,
} from '@shopmind/testing';
import {
  createRedisConnection,
  isRedisCluster,
  type RedisConnection,
  type RedisCluster,
} from './redis-connection.js';
import { RedisScript } from './redis-script.js';
import { execBySlot, type SlotGroup } from './slot-batch.js';

let server: LocalRedisServer;
let cluster: LocalRedisCluster;
let c: RedisCluster;
let single: RedisConnection;

const INCR = new RedisScript<number>({
  name: 'test.slotBatchIncr',
  keys: ['counter'],
  lua: `return redis.call('INCRBY', KEYS[1], ARGV[1])`,
});

beforeAll(async () => {
  [server, cluster] = await Promise.all([startRedisServer(), startRedisCluster({ replicasPerMaster: 0 })]);
  const conn = createRedisConnection({ kind: 'cluster', nodes: cluster.seeds });
  if (!isRedisCluster(conn)) throw new Error('not a cluster');
  c = conn;
  single = createRedisConnection({ kind: 'single', url: server.url });
  await c.get('warm-up'); // the slot map is known once connected
}, 60_000);

afterAll(async () => {
  await Promise.all([c?.quit().catch(() => undefined), single?.quit().catch(() => undefined)]);
  await Promise.all([server?.stop(), cluster?.stop()]);
});

/** Counts the pipelines sent (exec calls), passing every call on. */
async function countingExecs<T>(connection: RedisConnection, run: () => Promise<T>): Promise<[T, number]> {
  const proto = Object.getPrototypeOf(connection.pipeline()) as { exec: (...a: unknown[]) => unknown };
  const spy = jest.spyOn(proto, 'exec');
  try {
    const result = await run();
    return [result, spy.mock.calls.length];
  } finally {
    spy.mockRestore();
  }
}

const tags = (n: number): string[] => Array.from({ length: n }, (_, i) => uniqueName(`tag${i}`));

describe('execBySlot on a Redis Cluster', () => {
  it('sends groups of many tags as one pipeline per master, replies in the order queued', async () => {
    const ts = tags(40);
    const masters = new Set(ts.map((t) => c.slots[calculateSlot(t)]?.[0]));
    expect(masters.size).toBe(3);
    const groups: SlotGroup[] = ts.map(
      (t, i) => (p) => void INCR.queue(p.set(`{${t}}:v`, t), [`{${t}}:n`], [i]).get(`{${t}}:v`),
    );
    const [replies, pipelines] = await countingExecs(c, () => execBySlot(c, groups));
    expect(replies).toEqual(
      ts.flatMap((t, i) => [
        [null, 'OK'],
        [null, i],
        [null, t],
      ]),
    );
    expect(pipelines).toBe(3);
  });

  it('keeps a MULTI inside a group and a keyless command in order', async () => {
    const [a, b] = tags(2);
    const replies = await execBySlot(c, [
      (p) =>
        void (p as ChainableCommander & { multi(): ChainableCommander })
          .multi()
          .incr(`{${a}}:m`)
          .incr(`{${a}}:m`)
          .exec(),
      (p) => void p.ping(),
      (p) => void p.set(`{${b}}:m`, 'x').hset(`{${b}}:h`, 'f', '1').hgetall(`{${b}}:h`),
    ]);
    expect(replies).toEqual([
      [null, 'OK'],
      [null, 'QUEUED'],
      [null, 'QUEUED'],
      [null, [1, 2]],
      [null, 'PONG'],
      [null, 'OK'],
      [null, 1],
      [null, { f: '1' }],
    ]);
  });

  it('runs a group once on its new owner when its slot moved behind the client (MOVED)', async () => {
    const ts = tags(30);
    await cluster.refresh();
    const masters = cluster.masters();
    const ownerOf = (slot: number): RedisClusterNode =>
      masters.find((m) => m.slots.some(([from, to]) => slot >= from && slot <= to))!;
    // A tag whose slot moves, and the others: several of them on the master it moves from.
    const moved = ts[0]!;
    const slot = calculateSlot(moved);
    const from = ownerOf(slot);
    const to = masters.find((m) => m !== from)!;
    const admin = (n: RedisClusterNode): Redis =>
      new Redis({ host: n.host, port: n.port, lazyConnect: true });
    const [src, dst, ...rest] = [
      admin(from),
      admin(to),
      ...masters.filter((m) => m !== from && m !== to).map(admin),
    ];
    try {
      // The slot holds no key yet: moved with the documented steps, nothing to migrate.
      await dst!.cluster('SETSLOT', slot, 'IMPORTING', from.id);
      await src!.cluster('SETSLOT', slot, 'MIGRATING', to.id);
      await dst!.cluster('SETSLOT', slot, 'NODE', to.id);
      await src!.cluster('SETSLOT', slot, 'NODE', to.id);
      for (const r of rest) await r.cluster('SETSLOT', slot, 'NODE', to.id);
      // The client still believes the old owner serves it.
      expect(c.slots[slot]?.[0]).toBe(from.address);

      const groups: SlotGroup[] = ts.map((t, i) => (p) => void INCR.queue(p, [`{${t}}:n`], [i + 1]));
      const replies = await execBySlot(c, groups);
      expect(replies).toEqual(ts.map((_, i) => [null, i + 1]));
      // Each counter incremented once, on the node that serves it now.
      expect(await dst!.get(`{${moved}}:n`)).toBe('1');
      expect(await Promise.all(ts.map((t) => c.get(`{${t}}:n`)))).toEqual(ts.map((_, i) => String(i + 1)));
    } finally {
      await Promise.all([src, dst, ...rest].map((r) => r!.quit().catch(() => undefined)));
    }
  });
});

describe('execBySlot on a single server', () => {
  it('sends every group in one pipeline', async () => {
    const ts = tags(10);
    const [replies, pipelines] = await countingExecs(single, () =>
      execBySlot(
        single,
        ts.map((t) => (p) => void p.set(`{${t}}:v`, t).get(`{${t}}:v`)),
      ),
    );
    expect(replies).toEqual(
      ts.flatMap((t) => [
        [null, 'OK'],
        [null, t],
      ]),
    );
    expect(pipelines).toBe(1);
  });
});
