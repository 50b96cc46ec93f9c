// A Redis Cluster of three masters and three replicas: a write a replica acknowledged survives its
// master's SIGKILL, and a script whose keys hash to two slots is refused (why keys carry hash tags).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis } from 'ioredis';
import { CLUSTER_SLOTS, startRedisCluster, uniqueName, type LocalRedisCluster } from '@shopmind/testing';

let cluster: LocalRedisCluster;
let client: Cluster;

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
  client = new Cluster(cluster.seeds, { clusterRetryStrategy: () => 100 });
}, 60_000);

afterAll(async () => {
  client?.disconnect();
  await cluster?.stop();
});

describe('startRedisCluster', () => {
  it('forms three masters, each with a replica, covering every slot', async () => {
    await cluster.refresh();
    const masters = cluster.masters();
    expect(masters).toHaveLength(3);
    expect(cluster.nodes.filter((n) => n.role === 'replica')).toHaveLength(3);
    const covered = masters.flatMap((m) => m.slots).reduce((sum, [a, b]) => sum + (b - a + 1), 0);
    expect(covered).toBe(CLUSTER_SLOTS);
    for (const m of masters) expect(cluster.nodes.filter((n) => n.masterId === m.id)).toHaveLength(1);
  });

  it('refuses a multi-key script whose keys hash to two slots with CROSSSLOT, and runs it with a hash tag', async () => {
    const base = uniqueName('xs');
    const [a, b] = [`${base}:a`, `${base}:b-0`];
    let other = b;
    for (let i = 1; calculateSlot(other) === calculateSlot(a); i++) other = `${base}:b-${i}`;
    const script = "redis.call('SET', KEYS[1], ARGV[1]); redis.call('SET', KEYS[2], ARGV[1]); return 1";
    await expect(client.eval(script, 2, a, other, 'v')).rejects.toThrow(/CROSSSLOT/);
    // The same keys under one hash tag share a slot, so the script runs.
    const [ta, tb] = [`{${base}}:a`, `{${base}}:b`];
    expect(await client.eval(script, 2, ta, tb, 'v')).toBe(1);
    expect(await client.mget(ta, tb)).toEqual(['v', 'v']);
  });

  it('keeps a key written before its master was SIGKILLed, once the replica is promoted', async () => {
    const key = uniqueName('survivor');
    const master = await cluster.masterOf(key);
    // Written on the master and acknowledged by its replica before the crash (WAIT 1), so the promoted
    // replica must have it: replication is asynchronous, WAIT is what makes this test deterministic.
    const direct = master.connect();
    try {
      expect(await direct.set(key, 'kept')).toBe('OK');
      expect(await direct.call('WAIT', '1', '5000')).toBe(1);
    } finally {
      direct.disconnect();
    }

    await master.kill('SIGKILL');
    const promoted = await cluster.waitForFailover(master);
    expect(promoted).not.toBe(master);
    expect(promoted.role).toBe('master');
    expect((await cluster.masterOf(key)).port).toBe(promoted.port);
    expect(await client.get(key)).toBe('kept');
    // New writes to that slot go to the promoted master.
    await client.set(`{${key}}:after`, 'new');
    expect(await client.get(`{${key}}:after`)).toBe('new');

    // The killed master comes back as a replica of the one that took its place.
    await master.start();
    await cluster.waitUntilHealthy();
    expect(master.role).toBe('replica');
    expect(master.masterId).toBe(promoted.id);
  }, 90_000);
});

describe('startRedisCluster with auth', () => {
  it('protects every node with an ACL user, and replicas still follow their masters (masteruser)', async () => {
    const auth = { user: 'shopmind', password: 'p-cluster-secret' };
    const secured = await startRedisCluster({ auth });
    const client = new Cluster(secured.seeds, {
      redisOptions: { username: auth.user, password: auth.password },
    });
    try {
      // Formed means every replica's master link is up: it authenticated as the ACL user.
      await secured.refresh();
      expect(secured.nodes.filter((n) => n.role === 'replica')).toHaveLength(3);
      const key = uniqueName('secured');
      expect(await client.set(key, 'v')).toBe('OK');
      expect(await client.get(key)).toBe('v');
      // Without the password a node answers nothing but NOAUTH.
      const node = secured.nodes[0]!;
      const noPassword = new Redis({ host: node.host, port: node.port, maxRetriesPerRequest: 0 });
      noPassword.on('error', () => undefined);
      await expect(noPassword.call('CLUSTER', 'INFO')).rejects.toThrow(/NOAUTH/);
      noPassword.disconnect();
    } finally {
      client.disconnect();
      await secured.stop();
    }
  }, 60_000);
});
