// RedisScript on a real redis-server and on a local Redis Cluster: EVALSHA with the source sent only
// when Redis does not know the script, on a client, in a pipeline and in a MULTI; keys refused
// before anything is sent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  startRedisCluster,
  startRedisServer,
  uniqueName,
  type LocalRedisCluster,
  type LocalRedisServer,
} from '@shopmind/testing';
import { createRedisConnection, isRedisCluster, type RedisConnection } from './redis-connection.js';
import { RedisScript, ScriptKeysError } from './redis-script.js';

// Its own servers: the tests empty the script cache, which would disturb other suites' servers.
let server: LocalRedisServer;
let cluster: LocalRedisCluster;
let single: RedisConnection;
let clustered: RedisConnection;
let redis: RedisConnection;

const INCR = new RedisScript<[number, string]>({
  name: 'test.incr',
  keys: ['counter', 'last'],
  lua: `
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
return {n, ARGV[2]}`,
});

const TOUCH_ALL = new RedisScript<number>({
  name: 'test.touchAll',
  keys: ['...members'],
  lua: `for i = 1, #KEYS do redis.call('INCR', KEYS[i]) end
return #KEYS`,
});

const ECHO_BYTES = new RedisScript<Buffer>({
  name: 'test.echoBytes',
  keys: ['value'],
  lua: `redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])`,
});

beforeAll(async () => {
  [server, cluster] = await Promise.all([startRedisServer(), startRedisCluster({ replicasPerMaster: 0 })]);
  single = createRedisConnection({ kind: 'single', url: server.url });
  clustered = createRedisConnection({ kind: 'cluster', nodes: cluster.seeds });
}, 60_000);

afterAll(async () => {
  await Promise.all([single?.quit(), clustered?.quit()]);
  await Promise.all([server?.stop(), cluster?.stop()]);
});

/** Every node that runs scripts: the server, or each master of the cluster. */
const masters = (): Array<{
  script(...args: string[]): Promise<unknown>;
  info(section: string): Promise<string>;
}> => (isRedisCluster(redis) ? redis.nodes('master') : [redis as never]);

const flushScripts = () => Promise.all(masters().map((node) => node.script('FLUSH')));

describe.each(['a single server', 'a Redis Cluster'])('on %s', (topology) => {
  beforeEach(async () => {
    redis = topology === 'a Redis Cluster' ? clustered : single;
    await flushScripts();
  });

  const tagged = (name: string) => {
    const tag = uniqueName('t');
    return { counter: `{${tag}}:counter`, last: `{${tag}}:last`, name };
  };

  describe('RedisScript on a client', () => {
    it('runs a script Redis does not know yet, and afterwards by its SHA1 alone', async () => {
      const k = tagged('a');
      expect(await knownBy(INCR.sha)).toBe(0);
      expect(await INCR.run(redis, [k.counter, k.last], [2, 'first'])).toEqual([2, 'first']);
      expect(await knownBy(INCR.sha)).toBe(1); // the node of the keys' slot
      const before = await evalCalls();
      expect(await INCR.run(redis, [k.counter, k.last], [3, 'second'])).toEqual([5, 'second']);
      expect(await evalCalls()).toEqual({ eval: before.eval, evalsha: before.evalsha + 1 });
    });

    it('still runs after Redis forgot its scripts (a restart or SCRIPT FLUSH)', async () => {
      const k = tagged('b');
      await INCR.run(redis, [k.counter, k.last], [1, 'x']);
      await flushScripts();
      expect(await INCR.run(redis, [k.counter, k.last], [1, 'y'])).toEqual([2, 'y']);
    });

    it('passes an error the script raises through unchanged', async () => {
      const k = tagged('c');
      await redis.set(k.counter, 'not a number');
      await expect(INCR.run(redis, [k.counter, k.last], [1, 'x'])).rejects.toThrow(/not an integer/);
    });

    it('returns Buffers when asked', async () => {
      const bytes = Buffer.from([0, 255, 10, 13]);
      const reply = await ECHO_BYTES.run(redis, [`{${uniqueName('t')}}:v`], [bytes], { buffers: true });
      expect(Buffer.isBuffer(reply)).toBe(true);
      expect(reply.equals(bytes)).toBe(true);
    });
  });

  describe('RedisScript in a pipeline and a MULTI', () => {
    it('queues in a pipeline: the replies are in exec() results, also when Redis did not know the script', async () => {
      const k = tagged('p');
      const replies = await INCR.queue(
        redis.pipeline().set(`${k.counter}:x`, 'before'),
        [k.counter, k.last],
        [4, 'piped'],
      )
        .get(`${k.counter}:x`)
        .exec();
      expect(replies).toEqual([
        [null, 'OK'],
        [null, [4, 'piped']],
        [null, 'before'],
      ]);
    });

    it('queues in a MULTI, which commits whole even when Redis did not know the script', async () => {
      const k = tagged('m');
      const multi = redis.multi().incr(k.counter);
      INCR.queue(multi, [k.counter, k.last], [10, 'multi']);
      const replies = await multi.incr(k.counter).exec();
      expect(replies).toEqual([
        [null, 1],
        [null, [11, 'multi']],
        [null, 12],
      ]);
    });
  });

  describe('RedisScript keys', () => {
    it('refuses keys of different slots before sending anything, even on one Redis node', async () => {
      const before = await evalCalls();
      expect(() => INCR.run(redis, ['{a}:counter', '{b}:last'], [1, 'x'])).toThrow(ScriptKeysError);
      expect(() => INCR.run(redis, ['{a}:counter', '{b}:last'], [1, 'x'])).toThrow(/CROSSSLOT/);
      expect(() => INCR.queue(redis.pipeline(), ['counter', 'last'], [1, 'x'])).toThrow(ScriptKeysError);
      expect(await evalCalls()).toEqual(before);
    });

    it('refuses a call with fewer or more keys than declared', () => {
      expect(() => INCR.run(redis, ['{a}:counter'], [1, 'x'])).toThrow(/1 keys given, 2 declared/);
      expect(() => INCR.run(redis, ['{a}:1', '{a}:2', '{a}:3'], [1])).toThrow(/3 keys given, 2 declared/);
    });

    it('takes any number of keys after a `...rest` name, all in one slot', async () => {
      const tag = uniqueName('t');
      expect(await TOUCH_ALL.run(redis, [`{${tag}}:1`, `{${tag}}:2`, `{${tag}}:3`])).toBe(3);
      expect(await redis.mget(`{${tag}}:1`, `{${tag}}:3`)).toEqual(['1', '1']);
      expect(() => TOUCH_ALL.run(redis, [`{${tag}}:1`, `{other}:2`])).toThrow(ScriptKeysError);
    });

    it('refuses a declaration without keys or with a rest name before the end', () => {
      expect(() => new RedisScript({ name: 'none', keys: [], lua: 'return 1' })).toThrow(ScriptKeysError);
      expect(() => new RedisScript({ name: 'mid', keys: ['...a', 'b'], lua: 'return 1' })).toThrow(
        /only the last/,
      );
    });
  });
});

/** How many nodes have the script cached. */
async function knownBy(sha: string): Promise<number> {
  const known = await Promise.all(masters().map((node) => node.script('EXISTS', sha)));
  return known.filter((k) => (k as number[])[0] === 1).length;
}

/** How often Redis ran EVAL and EVALSHA so far (its command statistics). */
async function evalCalls(): Promise<{ eval: number; evalsha: number }> {
  const stats = await Promise.all(masters().map((node) => node.info('commandstats')));
  const calls = (name: string) =>
    stats.reduce((sum, s) => sum + Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(s)?.[1] ?? 0), 0);
  return { eval: calls('eval'), evalsha: calls('evalsha') };
}
