// The connection factory against real servers: a single redis-server, a Sentinel-managed master and
// a local Redis Cluster; and what changes on a cluster (scripts on a node that never saw them,
// commands across slots, SCAN per master).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  startRedisCluster,
  startRedisSentinel,
  startRedisServer,
  uniqueName,
  type LocalRedisCluster,
  type LocalRedisSentinel,
  type LocalRedisServer,
} from '@shopmind/testing';
import {
  createRedisConnection,
  duplicateRedisConnection,
  isRedisCluster,
  type RedisConnection,
} from './redis-connection.js';
import { RedisScript } from './redis-script.js';
import { execBySlot, scanKeys } from './slot-batch.js';

let server: LocalRedisServer;
let cluster: LocalRedisCluster;
let sentinel: LocalRedisSentinel;
const opened: RedisConnection[] = [];

const open = (...args: Parameters<typeof createRedisConnection>): RedisConnection => {
  const c = createRedisConnection(...args);
  opened.push(c);
  return c;
};

beforeAll(async () => {
  [server, cluster, sentinel] = await Promise.all([
    startRedisServer(),
    startRedisCluster({ replicasPerMaster: 0 }),
    startRedisSentinel({ name: 'shopmind' }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map((c) => c.quit().catch(() => undefined)));
  await Promise.all([server?.stop(), cluster?.stop(), sentinel?.stop()]);
});

const COUNT = new RedisScript<number>({
  name: 'test.count',
  keys: ['counter'],
  lua: `return redis.call('INCRBY', KEYS[1], ARGV[1])`,
});

describe('createRedisConnection', () => {
  it('connects to a single server, a Sentinel-managed master and a Redis Cluster, and each runs scripts', async () => {
    const connections = {
      single: open({ kind: 'single', url: server.url }),
      sentinel: open({ kind: 'sentinel', sentinels: sentinel.sentinels, name: sentinel.name }),
      cluster: open({ kind: 'cluster', nodes: cluster.seeds }),
    };
    for (const [kind, c] of Object.entries(connections)) {
      const key = `{${uniqueName(kind)}}:n`;
      expect(await COUNT.run(c, [key], [2])).toBe(2);
      expect(await c.get(key)).toBe('2');
    }
    // The sentinel's client talks to the master it was told about.
    const sentinelClient = connections.sentinel;
    expect(isRedisCluster(sentinelClient)).toBe(false);
    if (!isRedisCluster(sentinelClient))
      expect(await sentinelClient.config('GET', 'port')).toEqual(['port', String(sentinel.masterPort)]);
    expect(isRedisCluster(connections.cluster)).toBe(true);
  });

  it('duplicates a cluster connection into a subscriber that hears what any node publishes', async () => {
    const c = open({ kind: 'cluster', nodes: cluster.seeds });
    const sub = duplicateRedisConnection(c, { lazyConnect: false, enableOfflineQueue: true });
    opened.push(sub);
    const channel = uniqueName('ch');
    const heard = new Promise<string>((resolve) => sub.on('message', (_ch: string, m: string) => resolve(m)));
    await sub.subscribe(channel);
    await c.publish(channel, 'hello');
    expect(await heard).toBe('hello');
  });
});

describe('on a Redis Cluster', () => {
  let c: RedisConnection;
  beforeAll(() => {
    c = open({ kind: 'cluster', nodes: cluster.seeds });
  });

  /** Tags whose slots sit on different masters. */
  const tagsOnEveryMaster = async (): Promise<string[]> => {
    if (!isRedisCluster(c)) throw new Error('not a cluster');
    await c.get('warm-up'); // the slot map is known once connected
    const byNode = new Map<string, string>();
    for (let i = 0; byNode.size < cluster.seeds.length && i < 10_000; i++) {
      const tag = `t${i}-${uniqueName('x')}`;
      const slot = (await c.cluster('KEYSLOT', tag)) as number;
      const node = c.slots[slot]?.[0];
      if (node && !byNode.has(node)) byNode.set(node, tag);
    }
    return [...byNode.values()];
  };

  it('runs a script on a node that never saw it (NOSCRIPT, then the source), on a client and in a pipeline', async () => {
    if (!isRedisCluster(c)) throw new Error('not a cluster');
    const tags = await tagsOnEveryMaster();
    expect(tags).toHaveLength(3);
    await Promise.all(c.nodes('master').map((n) => n.script('FLUSH')));
    const script = new RedisScript<number>({
      name: uniqueName('test.fresh'),
      keys: ['k'],
      lua: `return redis.call('INCR', KEYS[1]) -- ${uniqueName('v')}`,
    });
    expect(await script.run(c, [`{${tags[0]}}:k`])).toBe(1);
    expect(await script.run(c, [`{${tags[1]}}:k`])).toBe(1);
    // The source goes after the pipeline (as on one server): its reply takes the script's place.
    const piped = await script
      .queue(c.pipeline(), [`{${tags[2]}}:k`])
      .get(`{${tags[2]}}:other`)
      .exec();
    expect(piped).toEqual([
      [null, 1],
      [null, null],
    ]);
    const multi = c.multi();
    script.queue(multi, [`{${tags[0]}}:k`]);
    expect(await multi.exec()).toEqual([[null, 2]]);
  });

  it('fails loudly on a command whose keys are in different slots', async () => {
    const tags = await tagsOnEveryMaster();
    await expect(c.mget(`{${tags[0]}}:a`, `{${tags[0]}}:b`)).resolves.toEqual([null, null]);
    const [a, b] = [`{${tags[0]}}:a`, `{${tags[1]}}:b`];
    await expect(c.mget(a, b)).rejects.toThrow(/CROSSSLOT/);
    await expect(c.pipeline().get(a).get(b).exec()).rejects.toThrow(/same slots allocation group/);
    expect(() => COUNT.run(c, [a, b], [1])).toThrow(/1 declared|CROSSSLOT/);
  });

  it('sends commands of different slots together with execBySlot, replies in order', async () => {
    const tags = await tagsOnEveryMaster();
    const replies = await execBySlot(
      c,
      tags.map((t) => (p) => void p.set(`{${t}}:v`, t).get(`{${t}}:v`)),
    );
    expect(replies).toEqual(
      tags.flatMap((t) => [
        [null, 'OK'],
        [null, t],
      ]),
    );
  });

  it('finds keys on every master with scanKeys', async () => {
    const tags = await tagsOnEveryMaster();
    const prefix = uniqueName('scan');
    await execBySlot(
      c,
      tags.map((t) => (p) => void p.set(`${prefix}:{${t}}`, '1')),
    );
    expect((await scanKeys(c, `${prefix}:*`)).sort()).toEqual(tags.map((t) => `${prefix}:{${t}}`).sort());
  });
});
